import type { Context, EventBridgeEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { isConditionFailure, tableName } from '#functions/adapters/dynamo.ts';
import { ProcessedEvents } from '#functions/adapters/processed-events.ts';
import type { EventMeta, EventType } from '#functions/events/define.ts';
import type { TableName } from '#infra/spec/tables.ts';
import { log, withCorrelation } from './correlation.ts';

/**
 * The one way to write an event consumer (as `httpHandler` is for routes). A consumer module is the
 * target of a rule of infra/spec/rules.ts and exports
 *
 *   export const handler = consumer({ name: 'inventory/replenish', table: 'inventory' }, [
 *     on(ReplenishmentRequested, async (detail, event) => replenish(deps, detail)),
 *   ]);
 *
 * For each delivery it:
 * 1. finds the handler for the event's detail-type and source (an event of the right name from
 *    another source is not handled) and parses `detail` with that event type's schema, whose
 *    version it must carry (with correlationId and occurredAt); `onAnyEvent` takes only
 *    `comptoir.*` sources;
 * 2. runs inside `withCorrelation(detail.correlationId)`, so logs and events it publishes carry it;
 * 3. is idempotent by event id: a marker `pk=EVENT#<name>#<eventId>, sk=EVENT` in the consumer's own
 *    table is claimed with a conditional put before the use case runs and marked done after; an
 *    event delivered again is skipped. A failure deletes the claim and rethrows, so the retry runs.
 *
 * A malformed event (unknown type, detail failing its schema) can never succeed: it throws an
 * `UnprocessableEventError` (retryable: false). The local bus dead-letters it at once; on AWS,
 * Lambda's asynchronous retries (at most 2) run and fail fast, then the event lands in the rule's DLQ.
 * Either way it is kept for operators and never silently dropped.
 *
 * The use case runs at least once per event and at most once to completion: if a process dies
 * between the use case and the `done` mark, the claim expires and the retry runs the use case again,
 * so use cases keep their own writes conditional (as every write in this project is).
 */
export type BusEvent = EventBridgeEvent<string, Record<string, unknown>>;

export interface EventHandler<D> {
  readonly type: EventType<z.ZodMiniObject> | 'any';
  readonly run: (detail: D, event: BusEvent) => Promise<void>;
}

/** Handles one event type; `detail` is the parsed, typed payload. */
export function on<S extends z.ZodMiniObject>(
  type: EventType<S>,
  run: (detail: z.output<S> & EventMeta, event: BusEvent) => Promise<void>,
): EventHandler<z.output<S> & EventMeta> {
  return { type: type as unknown as EventType<z.ZodMiniObject>, run };
}

const Meta = z.looseObject({
  version: z.int().check(z.minimum(1)),
  correlationId: z.string().check(z.minLength(1)),
  occurredAt: z.string().check(z.minLength(1)),
});

/** Handles every event the rule delivers (the audit trail); only the common metadata is checked. */
export function onAnyEvent(
  run: (detail: EventMeta & Record<string, unknown>, event: BusEvent) => Promise<void>,
): EventHandler<EventMeta & Record<string, unknown>> {
  return { type: 'any', run };
}

/** An event this consumer can never process; not worth retrying. */
export class UnprocessableEventError extends Error {
  override name = 'UnprocessableEventError';
  readonly retryable = false;
}

/** The same event is being processed by another delivery right now; retry later. */
export class EventInProgressError extends Error {
  override name = 'EventInProgressError';
}

export type ConsumerOptions =
  | {
      /** Stable consumer name (its module path): part of the processed-event markers' key. */
      readonly name: string;
      /** Table holding this consumer's processed-event markers (one the consumer owns). */
      readonly table: TableName;
      readonly idempotency?: 'marker';
    }
  | {
      readonly name: string;
      /**
       * No marker: only for a use case whose every write is a put of a key derived from the event
       * (the audit trail), so that running it twice writes the same items. Saves two writes per event.
       */
      readonly idempotency: 'natural';
    };

/** The events a consumer takes: (detail-type, source) pairs, or every `comptoir.*` event. */
export type Handled = { readonly name: string; readonly source: string } | 'any';

export type ConsumerLambda = ((event: BusEvent, context?: Context) => Promise<void>) & {
  /** What it handles, for the infra tests to compare with its rule's pattern. */
  readonly handles: readonly Handled[];
};

/** The sources of this application's events (`EventType.source`); `onAnyEvent` takes no other. */
const ownSource = /^comptoir(\.[\w-]+)+$/;

export function consumer(options: ConsumerOptions, handlers: readonly EventHandler<never>[]): ConsumerLambda {
  const find = (event: BusEvent) =>
    handlers.find((h) =>
      h.type === 'any'
        ? typeof event.source === 'string' && ownSource.test(event.source)
        : h.type.name === event['detail-type'] && h.type.source === event.source,
    );
  let markers: ProcessedEvents | undefined;

  const lambda = async (event: BusEvent): Promise<void> => {
    const handler = find(event);
    if (!handler) {
      log.error('event of a type this consumer does not handle', {
        consumer: options.name,
        eventId: event.id,
        detailType: event['detail-type'],
        source: event.source,
      });
      throw new UnprocessableEventError(
        `${options.name} does not handle ${event.source} ${event['detail-type']}`,
      );
    }
    const parsed =
      handler.type === 'any' ? safeParseMeta(event.detail) : safeParseEvent(handler.type, event.detail);
    if (!parsed.success) {
      log.error('malformed event', {
        consumer: options.name,
        eventId: event.id,
        detailType: event['detail-type'],
        issues: parsed.error,
      });
      throw new UnprocessableEventError(`${event['detail-type']} ${event.id} is malformed: ${parsed.error}`);
    }
    const detail = parsed.data as EventMeta & Record<string, unknown>;

    return withCorrelation(detail.correlationId, async () => {
      if (options.idempotency === 'natural') {
        await (handler.run as (d: unknown, e: BusEvent) => Promise<void>)(detail, event);
        log.debug('event processed', { consumer: options.name, eventId: event.id });
        return;
      }
      markers ??= new ProcessedEvents(tableName(options.table));
      const claim = await markers.claim(options.name, event.id, event['detail-type']);
      if (claim === 'already-processed') {
        log.info('event already processed, skipped', { consumer: options.name, eventId: event.id });
        return;
      }
      if (claim === 'in-progress')
        throw new EventInProgressError(`${event.id} is being processed by another delivery`);
      try {
        await (handler.run as (d: unknown, e: BusEvent) => Promise<void>)(detail, event);
      } catch (error) {
        log.warn('event consumer failed', { consumer: options.name, eventId: event.id, error });
        await markers.release(options.name, event.id).catch((e: unknown) => {
          if (!isConditionFailure(e)) throw e;
        });
        throw error;
      }
      await markers.done(options.name, event.id, new Date().toISOString());
      log.info('event processed', {
        consumer: options.name,
        eventId: event.id,
        detailType: event['detail-type'],
      });
    });
  };
  const handles: Handled[] = handlers.map((h) =>
    h.type === 'any' ? 'any' : { name: h.type.name, source: h.type.source },
  );
  return Object.assign(lambda, { handles });
}

/** `path: message; …` of a zod error, short enough for a log line and a dead letter. */
function describe(error: unknown): string {
  const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] } | undefined)?.issues;
  if (Array.isArray(issues))
    return issues.map((i) => `${i.path.map(String).join('.') || '(detail)'}: ${i.message}`).join('; ');
  return error instanceof Error ? error.message : String(error);
}

function safeParseMeta(
  detail: unknown,
): { success: true; data: unknown } | { success: false; error: string } {
  const result = z.safeParse(Meta, detail);
  return result.success
    ? { success: true, data: result.data }
    : { success: false, error: describe(result.error) };
}

function safeParseEvent(
  type: EventType<z.ZodMiniObject>,
  detail: unknown,
): { success: true; data: unknown } | { success: false; error: string } {
  let parsed: z.output<z.ZodMiniObject> & EventMeta;
  try {
    parsed = type.parse(detail);
  } catch (error) {
    return { success: false, error: describe(error) };
  }
  // Another version is another schema: this handler only knows its own.
  if (parsed.version !== type.version)
    return {
      success: false,
      error: `version: ${parsed.version}, this consumer handles version ${type.version}`,
    };
  return { success: true, data: parsed };
}
