import * as z from 'zod/mini';
import { Cursor, Limit, pageOf, defineRoutes } from '#functions/shared/schemas.ts';

/** `GET /events`: the audit trail of the bus (see docs/events.md). */
export const EventsQuery = z.strictObject({
  type: z.optional(
    z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9]{0,63}$/, 'must be an event type such as OrderConfirmed')),
  ),
  correlationId: z.optional(
    z
      .string()
      .check(
        z.regex(/^[A-Za-z0-9._:-]{1,128}$/, 'must be a correlation id (1–128 letters, digits, . _ : -)'),
      ),
  ),
  limit: Limit,
  cursor: z.optional(Cursor),
});

export const AuditedEvent = z.object({
  eventId: z.string(),
  type: z.string(),
  source: z.string(),
  version: z.int(),
  correlationId: z.string(),
  occurredAt: z.string(),
  publishedAt: z.string(),
  detail: z.record(z.string(), z.unknown()),
});

/** The audit trail's contract (functions/shared/contract.ts). */
export const eventsApi = defineRoutes({
  'GET /events': { query: EventsQuery, responses: { 200: pageOf(AuditedEvent) } },
});
