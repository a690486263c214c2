import * as z from 'zod/mini';
import { defineEvent } from './define.ts';

/** The payment of an order was captured (cash taken or card charged). Cents (CAD). */
export const PaymentCaptured = defineEvent({
  name: 'PaymentCaptured',
  source: 'comptoir.sales',
  version: 1,
  schema: z.object({
    orderId: z.string(),
    captureId: z.string(),
    method: z.enum(['cash', 'card']),
    amountCents: z.int(),
  }),
});
