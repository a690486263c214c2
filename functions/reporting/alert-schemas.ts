import * as z from 'zod/mini';
import { Id, IsoDateTime, LocationId, defineRoutes } from '#functions/shared/schemas.ts';

/** `GET /alerts`: the current stock alerts read model (fed by inventory's stock events). */
export const alertTypes = ['out', 'low', 'over'] as const;

export const AlertsQuery = z.strictObject({
  locationId: z.optional(LocationId),
  type: z.optional(z.enum(alertTypes)),
});

export const CurrentAlert = z.object({
  type: z.enum(alertTypes),
  locationId: LocationId,
  productId: Id,
  name: z.string(),
  /** Available units when the alert state was last entered or changed. */
  level: z.int(),
  /** Since when the product is in this alert state (ISO-8601 UTC). */
  since: IsoDateTime,
});

/** The alert routes' contracts (functions/shared/contract.ts). */
export const alertsApi = defineRoutes({
  'GET /alerts': { query: AlertsQuery, responses: { 200: z.object({ items: z.array(CurrentAlert) }) } },
});
