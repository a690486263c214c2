import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The correlation id follows a request through handlers, the saga and event consumers.
 * It lives in AsyncLocalStorage rather than in logger state so that concurrent requests
 * served by one process (the local runtime) never mix their ids.
 */
const store = new AsyncLocalStorage<{ correlationId: string }>();

export const newCorrelationId = (): string => randomUUID();

export function withCorrelation<T>(correlationId: string, fn: () => T): T {
  return store.run({ correlationId }, fn);
}

export function currentCorrelationId(): string | undefined {
  return store.getStore()?.correlationId;
}

const base = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'comptoir' });

type Fields = Record<string, unknown>;
const withId = (fields: Fields = {}): Fields => ({ correlationId: currentCorrelationId(), ...fields });

/** Structured JSON logger; every line carries the current correlation id. */
export const log = {
  debug: (message: string, fields?: Fields) => base.debug(message, withId(fields)),
  info: (message: string, fields?: Fields) => base.info(message, withId(fields)),
  warn: (message: string, fields?: Fields) => base.warn(message, withId(fields)),
  error: (message: string, fields?: Fields) => base.error(message, withId(fields)),
};
