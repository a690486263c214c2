import * as z from 'zod/mini';
import { defineEvent } from './define.ts';
import { MailAddress } from './fulfilment-fields.ts';

/** Taxes of one tax class: the taxable base after discounts, GST and QST, in cents. */
export const TaxLine = z.object({
  taxClass: z.string(),
  taxableCents: z.int(),
  gstCents: z.int(),
  qstCents: z.int(),
});
/** What one tender paid (or, on a return, got back), taxes included. */
export const Tender = z.object({ method: z.enum(['cash', 'card']), amountCents: z.int() });

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
    // Optional additions: consumers accept their absence.
    /** Pre-tax amount and taxes per tax class (orders priced by domain/sales/pricing.ts). */
    taxLines: z.optional(z.array(TaxLine)),
    discountCents: z.optional(z.int()),
    /** Cash rounding (−2…+2 ¢). */
    roundingCents: z.optional(z.int()),
    /** How it was paid: one entry per tender (cash, card). */
    tenders: z.optional(z.array(Tender)),
    registerId: z.optional(z.string()),
    sessionId: z.optional(z.string()),
    receiptNumber: z.optional(z.string()),
    offline: z.optional(z.boolean()),
    /**
     * A sale the till made offline and synced later (docs/web.md, "Offline till"): when the till sold
     * it, the receipt it printed (`HL-<registerId>-<n>`), and each product whose catalog price or tax
     * class was no longer the one charged (kept as charged, not re-applied). `createdAt` is the sync.
     */
    offlineSale: z.optional(
      z.object({
        soldAt: z.string(),
        receipt: z.string(),
        priceDifferences: z.optional(
          z.array(
            z.object({
              productId: z.string(),
              chargedCents: z.int(),
              catalogCents: z.int(),
              chargedTaxClass: z.string(),
              catalogTaxClass: z.string(),
            }),
          ),
        ),
      }),
    ),
    /**
     * Web orders: how it reaches the customer — shipped from the warehouse (option, address, shipping
     * charged before taxes) or picked up at the store `storeId` (= `locationId`). The fulfilment context
     * opens its fulfilment from it.
     */
    delivery: z.optional(
      z.object({
        method: z.enum(['ship', 'pickup']),
        optionId: z.optional(z.string()),
        storeId: z.optional(z.string()),
        address: z.optional(MailAddress),
        shippingCents: z.int(),
      }),
    ),
  }),
});
