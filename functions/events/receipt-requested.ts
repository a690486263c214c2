import * as z from 'zod/mini';
import { defineEvent } from './define.ts';

/**
 * A cashier asked for a sale's receipt to be sent by e-mail (POST /orders/{orderId}/receipt-email): the
 * receipt's figures, the address the customer gave at the till and the language to write it in.
 */
export const ReceiptRequested = defineEvent({
  name: 'ReceiptRequested',
  source: 'comptoir.sales',
  version: 1,
  schema: z.object({
    requestId: z.string(),
    orderId: z.string(),
    locationId: z.string(),
    email: z.string(),
    locale: z.enum(['fr-CA', 'en-CA']),
    lines: z.array(z.object({ name: z.string(), quantity: z.int(), lineTotalCents: z.int() })),
    subtotalCents: z.int(),
    gstCents: z.int(),
    qstCents: z.int(),
    roundingCents: z.int(),
    totalCents: z.int(),
    paymentMethod: z.enum(['cash', 'card']),
    paidAt: z.string(),
  }),
});
