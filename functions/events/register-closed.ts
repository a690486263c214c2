import * as z from 'zod/mini';
import { defineEvent } from './define.ts';

const Amount = z.object({ amountCents: z.int() });
const CountAmount = z.object({ count: z.int(), amountCents: z.int() });

/**
 * A till's register session was closed with the counted drawer: its Z-report (the sum of the
 * session's own sales, by payment method), expected vs counted cash and the over/short.
 */
export const RegisterClosed = defineEvent({
  name: 'RegisterClosed',
  source: 'comptoir.sales',
  version: 1,
  schema: z.object({
    sessionId: z.string(),
    storeId: z.string(),
    registerId: z.string(),
    closedBy: z.string(),
    closedAt: z.string(),
    report: z.object({
      salesCount: z.int(),
      sales: z.object({ cash: CountAmount, card: CountAmount, totalCents: z.int() }),
      returns: z.object({
        count: z.int(),
        voids: z.optional(z.int()),
        cash: Amount,
        card: Amount,
        totalCents: z.optional(z.int()),
        gstCents: z.optional(z.int()),
        qstCents: z.optional(z.int()),
      }),
      netCents: z.optional(z.int()),
      subtotalCents: z.int(),
      gstCents: z.int(),
      qstCents: z.int(),
      roundingCents: z.int(),
      discountCents: z.int(),
      cashInCents: z.int(),
      cashOutCents: z.int(),
      floatCents: z.int(),
      expectedCashCents: z.int(),
      countedCents: z.optional(z.int()),
      overShortCents: z.optional(z.int()),
      firstSaleId: z.optional(z.string()),
      lastSaleId: z.optional(z.string()),
      firstReceipt: z.optional(z.string()),
      lastReceipt: z.optional(z.string()),
    }),
  }),
});
