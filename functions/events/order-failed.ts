import * as z from 'zod/mini';
import { defineEvent } from './define.ts';

/** The checkout saga failed and compensated: nothing is charged and no stock is held. */
export const OrderFailed = defineEvent({
  name: 'OrderFailed',
  source: 'comptoir.sales',
  version: 1,
  schema: z.object({
    orderId: z.string(),
    channel: z.enum(['pos', 'web']),
    locationId: z.string(),
    /** e.g. insufficient-stock, payment-declined, payment-unavailable, payment-reversed */
    code: z.string(),
    detail: z.string(),
    /** Nothing was charged nor held; the client may retry the same request (same Idempotency-Key). */
    retryable: z.optional(z.boolean()),
    createdAt: z.string(),
  }),
});
