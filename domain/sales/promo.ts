import { dayOf, isDay } from '../reporting/days.ts';
import { ConflictError, DomainError, RuleViolation } from '../shared/errors.ts';
import { m } from '../shared/message.ts';
import type { PaymentMethod } from './money.ts';
import {
  checkDiscount,
  priceBasket,
  type BasketDiscount,
  type BasketLine,
  type CatalogFacts,
  type PricedBasket,
} from './pricing.ts';

/**
 * Promo codes of the web shop, managed by head office (docs/taxes.md, "Promo codes"): a percentage or
 * an amount off the basket, valid from one business day to another (days in America/Montreal, both
 * included), above a minimum basket (the subtotal before discounts), for a number of uses (none: no
 * limit), one code per order. Applying one is a basket discount priced by the one `priceBasket`:
 * taxes apply after it, per class, and a return refunds the discounted price.
 *
 * Pure: the promo as stored and the instant of the sale come in; refusals are domain errors whose
 * code says why (`promo-unknown`, `promo-inactive`, `promo-not-yet-valid`, `promo-expired`,
 * `promo-below-minimum`, `promo-exhausted`).
 */
export interface PromoTerms {
  readonly kind: 'percent' | 'amount';
  /** kind `percent`: more than 0, at most 100, two decimals at most. */
  readonly percent?: number;
  /** kind `amount`: cents off (never more than the basket). */
  readonly amountCents?: number;
  /** First business day (America/Montreal) the code is valid, yyyy-mm-dd. */
  readonly validFrom: string;
  /** Last business day (America/Montreal) the code is valid, included. */
  readonly validUntil: string;
  /** The subtotal (before discounts) the basket must reach; 0: none. */
  readonly minimumCents: number;
  /** How many orders may use it; absent: no limit. */
  readonly usageLimit?: number;
  /** What the customer reads (the discount's reason on the receipt). */
  readonly description: string;
  readonly active: boolean;
}

export interface PromoCode extends PromoTerms {
  /** Normalised: upper case, no spaces. */
  readonly code: string;
  /** Orders that used it (confirmed or still running; a failed order gives its use back). */
  readonly uses: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly createdBy?: string;
  /** For conditional updates. */
  readonly revision: number;
}

const codePattern = /^[A-Z0-9][A-Z0-9_-]{2,31}$/;

/** A code as the customer types it, normalised: case and surrounding spaces do not matter. */
export const normaliseCode = (raw: string): string => raw.trim().toUpperCase();

/** The normalised code, or a RuleViolation on `field` (3–32 letters, digits, `-`, `_`). */
export function checkedCode(raw: string, field = 'code'): string {
  const code = normaliseCode(raw);
  if (!codePattern.test(code))
    throw new RuleViolation(field, 'a promo code is 3 to 32 letters, digits, - or _');
  return code;
}

/** Checks a promo's terms as head office sets them (each bad field a RuleViolation naming it). */
export function checkTerms(t: PromoTerms): void {
  if (t.kind === 'percent') {
    if (t.percent === undefined || t.amountCents !== undefined)
      throw new RuleViolation('percent', 'a percentage code has a percent and no amountCents');
  } else if (t.amountCents === undefined || t.percent !== undefined)
    throw new RuleViolation('amountCents', 'an amount code has an amountCents and no percent');
  checkDiscount(
    t.kind === 'percent'
      ? { kind: 'percent', percent: t.percent!, reason: t.description }
      : { kind: 'amount', amountCents: t.amountCents!, reason: t.description },
    t.kind === 'percent' ? 'percent' : 'amountCents',
  );
  if (!isDay(t.validFrom)) throw new RuleViolation('validFrom', 'must be a day (yyyy-mm-dd)');
  if (!isDay(t.validUntil)) throw new RuleViolation('validUntil', 'must be a day (yyyy-mm-dd)');
  if (t.validUntil < t.validFrom) throw new RuleViolation('validUntil', 'the last day is before the first');
  if (!Number.isSafeInteger(t.minimumCents) || t.minimumCents < 0)
    throw new RuleViolation('minimumCents', 'a minimum basket is a whole number of cents, 0 or more');
  if (t.usageLimit !== undefined && (!Number.isSafeInteger(t.usageLimit) || t.usageLimit < 1))
    throw new RuleViolation('usageLimit', 'a usage limit is a whole number of orders, 1 or more');
}

/** The refusal of a code, by why (docs/taxes.md). */
export class PromoRefused extends DomainError {
  constructor(code: string, message: ReturnType<typeof m> | string, details: Record<string, unknown>) {
    super(code, message, details);
    this.name = 'PromoRefused';
  }
}

export const unknownPromo = (code: string): PromoRefused =>
  new PromoRefused('promo-unknown', m`The promo code ${code} does not exist`, { promoCode: code });

/** Every order of the limit is taken (409: the state of the code, not the request, is in the way). */
export const promoExhausted = (promo: Pick<PromoCode, 'code'>): ConflictError =>
  new ConflictError('promo-exhausted', m`The promo code ${promo.code} was used as many times as allowed`, {
    promoCode: promo.code,
  });

/**
 * The basket discount `promo` gives to a basket of `subtotalCents` (before discounts) sold at `at`
 * (an instant; its business day in America/Montreal decides the validity), or why it is refused.
 * Uses are checked here as a first answer; the conditional count at the sale is the one that holds.
 */
export function promoDiscount(promo: PromoCode, at: string, subtotalCents: number): BasketDiscount {
  const day = dayOf(at);
  const ext = { promoCode: promo.code };
  if (!promo.active)
    throw new PromoRefused('promo-inactive', m`The promo code ${promo.code} is no longer offered`, ext);
  if (day < promo.validFrom)
    throw new PromoRefused(
      'promo-not-yet-valid',
      m`The promo code ${promo.code} is valid from ${promo.validFrom}`,
      { ...ext, validFrom: promo.validFrom },
    );
  if (day > promo.validUntil)
    throw new PromoRefused('promo-expired', m`The promo code ${promo.code} expired on ${promo.validUntil}`, {
      ...ext,
      validUntil: promo.validUntil,
    });
  if (subtotalCents < promo.minimumCents)
    throw new PromoRefused(
      'promo-below-minimum',
      m`The promo code ${promo.code} needs a basket of at least ${promo.minimumCents} cents`,
      { ...ext, minimumCents: promo.minimumCents, subtotalCents },
    );
  if (promo.usageLimit !== undefined && promo.uses >= promo.usageLimit) throw promoExhausted(promo);
  const reason = promo.description.trim() || promo.code;
  return promo.kind === 'percent'
    ? { kind: 'percent', percent: promo.percent!, reason, code: promo.code }
    : // An amount never takes off more than the basket holds.
      { kind: 'amount', amountCents: Math.min(promo.amountCents!, subtotalCents), reason, code: promo.code };
}

/**
 * A basket priced with a promo code (or without, `promo` undefined): the subtotal from `priceBasket`,
 * then the promo's basket discount through the same `priceBasket` — one pricing path for the cart, the
 * checkout and the order.
 */
export function priceWithPromo(input: {
  readonly lines: readonly BasketLine[];
  readonly catalog: readonly CatalogFacts[];
  readonly method: PaymentMethod;
  readonly promo?: PromoCode | undefined;
  readonly at: string;
  /** The delivery charge (never discounted: the code's discount is off the goods). */
  readonly shippingCents?: number | undefined;
}): PricedBasket {
  const base = {
    lines: input.lines,
    catalog: input.catalog,
    method: input.method,
    shippingCents: input.shippingCents,
  };
  const plain = priceBasket(base);
  if (!input.promo || plain.subtotalCents === 0) return plain;
  return priceBasket({
    ...base,
    basketDiscount: promoDiscount(input.promo, input.at, plain.subtotalCents),
  });
}

/** The promo code an order (or a priced basket) used, if any. */
export const promoCodeOf = (o: { readonly discounts?: readonly { readonly code?: string }[] }) =>
  o.discounts?.find((d) => d.code !== undefined)?.code;

/**
 * The claim of one order attempt on a use of a code (`use#<runId>`), and how it moves: `counting`
 * (claimed; the code's counter is incremented once, guarded by the run id in the code's item) →
 * `counted`; a failed order gives it back: `returning` (the counter decremented once, guarded the same
 * way) → `returned`. A claim written `returned` first is a tombstone: that run can no longer count.
 */
export type UseState = 'counting' | 'counted' | 'returning' | 'returned';
