import type { PricedBasket } from './pricing.ts';

/**
 * The till's discount limit (docs/taxes.md, "Discounts"): a cashier may give up to `percent` % of the
 * sale's subtotal and up to `amountCents` in all without anyone's approval; a sale whose discounts go
 * above either needs a manager's approval for their amount. Configurable per install
 * (COMPTOIR_DISCOUNT_LIMIT_PERCENT, COMPTOIR_DISCOUNT_LIMIT_CENTS).
 */
export interface DiscountLimit {
  readonly percent: number;
  readonly amountCents: number;
}

export const defaultDiscountLimit: DiscountLimit = { percent: 20, amountCents: 10_00 };

/** The limit from the install's settings; a missing or unreadable value keeps the default. */
export function discountLimitFrom(settings: {
  percent?: string | undefined;
  cents?: string | undefined;
}): DiscountLimit {
  const percent = Number(settings.percent);
  const cents = Number(settings.cents);
  return {
    percent:
      settings.percent !== undefined && percent >= 0 && percent <= 100
        ? percent
        : defaultDiscountLimit.percent,
    amountCents:
      settings.cents !== undefined && Number.isSafeInteger(cents) && cents >= 0
        ? cents
        : defaultDiscountLimit.amountCents,
  };
}

/**
 * Whether a priced sale's discounts need a manager's approval: more than `limit.amountCents` in all,
 * or more than `limit.percent` % of the subtotal (compared exactly, in integers).
 */
export function needsApproval(
  priced: Pick<PricedBasket, 'discountCents' | 'subtotalCents'>,
  limit: DiscountLimit,
): boolean {
  if (priced.discountCents <= 0) return false;
  return (
    priced.discountCents > limit.amountCents ||
    priced.discountCents * 10_000 > Math.round(limit.percent * 100) * priced.subtotalCents
  );
}
