import * as z from 'zod/mini';
import type { DomainEvent } from '#functions/adapters/event-publisher.ts';

/**
 * An event type of the bus: name (EventBridge detail-type), source, version and the zod schema of
 * its payload. Each event type lives in its own module `functions/events/<noun-past-verb>.ts`.
 * The published detail is `{ version, correlationId, occurredAt, ...payload }`.
 */
export interface EventType<S extends z.ZodMiniObject> {
  readonly name: string;
  readonly source: `comptoir.${string}`;
  readonly version: number;
  readonly schema: S;
  /** Builds a validated event ready for the publisher. */
  make(payload: z.output<S>, meta: { correlationId: string; occurredAt: string }): DomainEvent;
  /** Validates a received detail (consumers); throws a zod error on a malformed one. */
  parse(detail: unknown): z.output<S> & EventMeta;
}

export interface EventMeta {
  readonly version: number;
  readonly correlationId: string;
  readonly occurredAt: string;
}

const Meta = z.object({ version: z.int(), correlationId: z.string(), occurredAt: z.string() });

export function defineEvent<S extends z.ZodMiniObject>(def: {
  name: string;
  source: `comptoir.${string}`;
  version: number;
  schema: S;
}): EventType<S> {
  const full = z.extend(def.schema, Meta.shape);
  return {
    ...def,
    make(payload, meta) {
      const detail = { ...z.parse(def.schema, payload), version: def.version, ...meta } as Record<
        string,
        unknown
      >;
      return { source: def.source, detailType: def.name, detail };
    },
    parse(detail) {
      return z.parse(full, detail) as z.output<S> & EventMeta;
    },
  };
}
