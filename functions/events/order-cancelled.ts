import * as z from 'zod/mini';
import { defineEvent } from './define.ts';
import { fulfilmentFields } from './fulfilment-fields.ts';

/** A confirmed web order will not be delivered: cancelled before picking (by its customer or staff) or not collected by its deadline. Sales refunds it in full and announces OrderReturned, so inventory puts its units back on hand (once per order, however often this arrives). */
export const OrderCancelled = defineEvent({
  name: 'OrderCancelled',
  source: 'comptoir.fulfilment',
  version: 1,
  schema: z.object({
    ...fulfilmentFields,
    reason: z.enum(['customer', 'staff', 'not-collected']),
    lines: z.array(z.object({ productId: z.string(), quantity: z.int() })),
    totalCents: z.int(),
  }),
});
