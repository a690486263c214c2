import * as z from 'zod/mini';
import { defaultShippingOptions, shippingCharge, type ShippingOption } from '#domain/sales/delivery.ts';
import { storeNames } from '#domain/shared/chain.ts';

/**
 * The shipping options of the chain: domain/sales/delivery.ts's defaults (standard: 9,95 $, free from
 * 75 $; express: 19,95 $), or the JSON list in COMPTOIR_SHIPPING_OPTIONS — the same shape
 * (`[{id, rate: {kind: 'flat', cents} | {kind: 'basket', tiers: [{fromCents, cents}]}, days: {min, max}}]`),
 * checked once per cold start (a wrong one stops the function rather than charging wrongly).
 */
const Cents = z.int().check(z.minimum(0), z.maximum(100_000_00));
const Options = z
  .array(
    z.object({
      id: z.string().check(z.regex(/^[a-z][a-z0-9-]{0,31}$/)),
      rate: z.union([
        z.object({ kind: z.literal('flat'), cents: Cents }),
        z.object({
          kind: z.literal('basket'),
          tiers: z.array(z.object({ fromCents: Cents, cents: Cents })).check(z.minLength(1)),
        }),
      ]),
      days: z.object({ min: z.int(), max: z.int() }),
    }),
  )
  .check(z.minLength(1));

let configured: readonly ShippingOption[] | undefined;

export function shippingOptions(): readonly ShippingOption[] {
  if (!configured) {
    const raw = process.env.COMPTOIR_SHIPPING_OPTIONS;
    configured = raw ? z.parse(Options, JSON.parse(raw)) : defaultShippingOptions;
  }
  return configured;
}

/** GET /delivery-options: the shipping options (with their price for a basket, when its amount is given) and the pickup stores. */
export function deliveryOptions(subtotalCents: number | undefined) {
  return {
    shipping: shippingOptions().map((o) => ({
      ...o,
      ...(subtotalCents !== undefined ? { priceCents: shippingCharge(o, subtotalCents) } : {}),
    })),
    pickup: { stores: Object.entries(storeNames).map(([storeId, name]) => ({ storeId, name })) },
  };
}
