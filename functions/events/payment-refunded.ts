import * as z from 'zod/mini';
import { defineEvent } from './define.ts';

/** Money went back to the customer: a failed order's compensation or a return. Cents (CAD). */
export const PaymentRefunded = defineEvent({
  name: 'PaymentRefunded',
  source: 'comptoir.sales',
  version: 1,
  schema: z.object({
    orderId: z.string(),
    /** The provider's idempotency key of this refund: `compensation` or the return id. */
    refundKey: z.string(),
    reason: z.enum(['compensation', 'return']),
    amountCents: z.int(),
  }),
});
