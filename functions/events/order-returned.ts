import * as z from 'zod/mini';
import { defineEvent } from './define.ts';
import { TaxLine, Tender } from './order-confirmed.ts';

/**
 * Units of a confirmed order came back and were refunded; inventory puts them back on hand at the
 * selling location (consumer inventory/consumers/restock-returned), idempotently per returnId.
 */
export const OrderReturned = defineEvent({
  name: 'OrderReturned',
  source: 'comptoir.sales',
  version: 1,
  schema: z.object({
    orderId: z.string(),
    returnId: z.string(),
    channel: z.enum(['pos', 'web']),
    locationId: z.string(),
    lines: z.array(
      z.object({
        productId: z.string(),
        quantity: z.int(),
        unitPriceCents: z.int(),
        /** `false`: made to order — nothing goes back on hand (absent: stocked). */
        stocked: z.optional(z.boolean()),
      }),
    ),
    amountCents: z.int(),
    returnedAt: z.string(),
    // Optional additions: consumers accept their absence.
    /** The refunded taxes per class. */
    taxLines: z.optional(z.array(TaxLine)),
    tenders: z.optional(z.array(Tender)),
    registerId: z.optional(z.string()),
    sessionId: z.optional(z.string()),
  }),
});
