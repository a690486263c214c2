import * as z from 'zod/mini';
import { defineEvent } from './define.ts';

/** A sale (POS) or web order was paid and confirmed; its stock is committed. Amounts in cents (CAD). */
export const OrderConfirmed = defineEvent({
  name: 'OrderConfirmed',
  source: 'comptoir.sales',
  version: 1,
  schema: z.object({
    orderId: z.string(),
    channel: z.enum(['pos', 'web']),
    locationId: z.string(),
    customerId: z.optional(z.string()),
    lines: z.array(
      z.object({
        productId: z.string(),
        name: z.string(),
        quantity: z.int(),
        unitPriceCents: z.int(),
        lineTotalCents: z.int(),
      }),
    ),
    subtotalCents: z.int(),
    gstCents: z.int(),
    qstCents: z.int(),
    totalCents: z.int(),
    paymentMethod: z.enum(['cash', 'card']),
    /** When the order was placed (ISO-8601 UTC): the day it counts for in reports. */
    createdAt: z.string(),
  }),
});
