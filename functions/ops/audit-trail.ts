import type { EventMeta } from '#functions/events/define.ts';
import type { BusEvent } from '#functions/shared/consumer.ts';
import { RuleViolation } from '#domain/shared/errors.ts';
import { InvalidCursorError, type EventLog, type EventPage, type EventQuery } from './adapters/event-log.ts';

/**
 * The audit trail: every event published on the bus (rule `audit-trail`), kept in the reporting
 * table and listed newest first by `GET /events`, optionally by type and by correlation id —
 * the way to follow one sale or one replenishment through every context.
 */
export interface AuditDeps {
  readonly eventLog: EventLog;
}

/** Records one event. Its time is the producer's `occurredAt` (ms precision), else the bus's `time`. */
export async function recordEvent(
  deps: AuditDeps,
  event: BusEvent,
  detail: EventMeta & Record<string, unknown>,
): Promise<void> {
  const occurred = Date.parse(detail.occurredAt);
  await deps.eventLog.record({
    eventId: event.id,
    type: event['detail-type'],
    source: event.source,
    version: detail.version,
    correlationId: detail.correlationId,
    occurredAt: new Date(Number.isNaN(occurred) ? Date.parse(event.time) : occurred).toISOString(),
    publishedAt: event.time,
    detail,
  });
}

export async function listEvents(deps: AuditDeps, query: EventQuery): Promise<EventPage> {
  try {
    return await deps.eventLog.list(query);
  } catch (error) {
    if (error instanceof InvalidCursorError)
      throw new RuleViolation('query.cursor', 'The cursor does not belong to this listing', 'invalid cursor');
    throw error;
  }
}
