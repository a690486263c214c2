import * as z from 'zod/mini';
import { fulfilmentStatuses } from '#domain/fulfilment/fulfilment.ts';
import { defineRoutes } from '#functions/shared/contract.ts';
import { Cents, Id, IsoDateTime, LocationId } from '#functions/shared/schemas.ts';
import { staffActions } from './fulfilment-service.ts';

export const FulfilmentParams = z.strictObject({ orderId: Id });
export const LocationFulfilmentsParams = z.strictObject({ locationId: LocationId });

/** A staff step: `ship` needs the carrier and its tracking number. */
export const StepBody = z.strictObject({
  action: z.enum(staffActions),
  carrier: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(60))),
  trackingNumber: z.optional(z.string().check(z.trim(), z.maxLength(40))),
});
export const CollectBody = z.strictObject({
  /** The six-digit code the customer shows. */
  code: z.string().check(z.trim(), z.regex(/^\d{6}$/, 'must be the six-digit pickup code')),
});

export const Fulfilment = z.object({
  orderId: Id,
  method: z.enum(['ship', 'pickup']),
  locationId: LocationId,
  customerId: z.optional(z.string()),
  status: z.enum(fulfilmentStatuses),
  lines: z.array(z.object({ productId: Id, name: z.string(), quantity: z.int() })),
  totalCents: Cents,
  address: z.optional(z.record(z.string(), z.string())),
  optionId: z.optional(z.string()),
  carrier: z.optional(z.string()),
  trackingNumber: z.optional(z.string()),
  /** Shown to the order's customer only. */
  pickupCode: z.optional(z.string()),
  pickupDeadline: z.optional(IsoDateTime),
  wrongCodes: z.int(),
  cancelReason: z.optional(z.enum(['customer', 'staff', 'not-collected'])),
  steps: z.array(z.object({ status: z.enum(fulfilmentStatuses), at: IsoDateTime, by: z.string() })),
  orderedAt: IsoDateTime,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});

/** The fulfilment routes' contracts (functions/shared/contract.ts). */
export const fulfilmentApi = defineRoutes({
  'GET /fulfilments/{orderId}': { params: FulfilmentParams, responses: { 200: Fulfilment } },
  'GET /locations/{locationId}/fulfilments': {
    params: LocationFulfilmentsParams,
    responses: { 200: z.object({ items: z.array(Fulfilment) }) },
  },
  'POST /fulfilments/{orderId}/steps': {
    params: FulfilmentParams,
    body: StepBody,
    responses: { 200: Fulfilment },
    idempotency: { table: 'fulfilment', required: true },
    problems: [409],
  },
  'POST /fulfilments/{orderId}/collect': {
    params: FulfilmentParams,
    body: CollectBody,
    responses: { 200: Fulfilment },
    idempotency: { table: 'fulfilment', required: true },
    problems: [409, 422],
  },
  'POST /fulfilments/{orderId}/cancel': {
    params: FulfilmentParams,
    responses: { 200: Fulfilment },
    idempotency: { table: 'fulfilment', required: true },
    problems: [409],
  },
});
