import { NotFoundError, RuleViolation } from '../shared/errors.ts';
import { m } from '../shared/message.ts';
import { allocate, gstRate, qstRate, roundCash, shareOf, taxOn, type PaymentMethod } from './money.ts';
import { mergeLines, type RequestedLine } from './order.ts';

/**
 * The one pricing function: what a basket costs, line by line, with its discounts, its taxes per tax
 * class and the cash rounding. The till's quote, the checkout (POS sale and web order) and the offline
 * till all call it, so the total a cashier shows is the total charged and printed. Pure: catalog facts
 * and the discounts asked for come in, money comes out, in integer cents (CAD).
 *
 * Rules (docs/taxes.md, with their sources):
 * - Tax classes: `standard` (GST 5 % and QST 9.975 %), `zero-rated` (basic groceries: no tax),
 *   `bakery-single` (single servings of sweetened bakery products: zero-rated when the sale holds six
 *   or more of them together, whatever the products; otherwise GST only — Québec stopped charging QST
 *   on them on 2026-07-15).
 * - Discounts come off before taxes: a line discount off its line, then the basket discount (a
 *   cashier's, or a promo code's) off the lines in proportion to what is left of each, to the cent
 *   (largest remainders), so every line's `lineTotalCents` is what it really sold for.
 * - Taxes are computed once per receipt per tax, on the taxable total (GST on every line that bears
 *   GST, QST likewise), each rounded half up to the cent; `taxLines` gives each class's taxable amount
 *   and its part of each tax (split in proportion, to the cent), so the classes add up to the receipt.
 * - Shipping (a web order delivered from the warehouse): the delivery charge of the seller of the
 *   goods is part of the supply of those goods and follows their tax status (CRA, GST/HST Memorandum
 *   28-2, "Freight Transportation Services"; the QST follows the GST here). It is not discounted; it
 *   is added to each tax class's taxable amount in proportion to that class's share of the goods
 *   after discounts (largest remainders, to the cent), so it is taxed as the goods are.
 * - Cash totals are rounded to the nearest 5 ¢ (`roundingCents`); card totals are exact.
 */
export type TaxClass = 'standard' | 'zero-rated' | 'bakery-single';
export const taxClasses: readonly TaxClass[] = ['standard', 'zero-rated', 'bakery-single'];
export const isTaxClass = (v: unknown): v is TaxClass => (taxClasses as readonly unknown[]).includes(v);

/** Single servings of bakery products sold together from which they are all zero-rated. */
export const bakeryServingsZeroRated = 6;

/** Which taxes a line bears. */
export interface TaxTreatment {
  readonly gst: boolean;
  readonly qst: boolean;
}

/**
 * The taxes a class bears in a sale holding `bakeryServings` units of `bakery-single` products: the
 * one rule of the classes, used by the sale and by its returns (a return's taxes follow the sale's).
 */
export function taxTreatment(taxClass: TaxClass, bakeryServings: number): TaxTreatment {
  switch (taxClass) {
    case 'standard':
      return { gst: true, qst: true };
    case 'zero-rated':
      return { gst: false, qst: false };
    case 'bakery-single':
      return bakeryServings >= bakeryServingsZeroRated
        ? { gst: false, qst: false }
        : { gst: true, qst: false };
  }
}

/** Units of single-serving bakery products in a basket (they count together, whatever the product). */
export const bakeryServingsOf = (lines: readonly { taxClass?: TaxClass; quantity: number }[]): number =>
  lines.reduce((n, l) => n + (l.taxClass === 'bakery-single' ? l.quantity : 0), 0);

/** What the catalog says of a product, as pricing needs it. */
export interface CatalogFacts {
  readonly productId: string;
  readonly name: string;
  readonly priceCents: number;
  readonly taxClass?: TaxClass;
  /** `false`: made to order (a drink, a sandwich made on the spot) — sold without stock. */
  readonly stocked?: boolean;
  /** `false`: pickup only (domain/sales/delivery.ts). */
  readonly shippable?: boolean;
}

/** A discount as asked for: a percentage (at most two decimals) or an amount, with its reason. */
export type DiscountRequest =
  | { readonly kind: 'percent'; readonly percent: number; readonly reason: string }
  | { readonly kind: 'amount'; readonly amountCents: number; readonly reason: string };

/** The basket's one discount: a cashier's, or a promo code's (`code`). */
export type BasketDiscount = DiscountRequest & { readonly code?: string };

/** A line of a basket: a product, its units and, at the till, its own discount. */
export interface BasketLine extends RequestedLine {
  readonly discount?: DiscountRequest;
}

/** A discount as applied: what was asked for and what it took off (`discountCents`). */
export type AppliedDiscount = (
  | { readonly kind: 'percent'; readonly percent: number }
  | { readonly kind: 'amount'; readonly amountCents: number }
) & {
  readonly scope: 'line' | 'basket';
  /** The line's product (line discounts). */
  readonly productId?: string;
  readonly reason: string;
  /** The promo code it comes from. */
  readonly code?: string;
  readonly discountCents: number;
};

export interface PricedLine {
  readonly productId: string;
  readonly name: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
  readonly taxClass: TaxClass;
  /** Everything taken off this line: its own discount and its part of the basket's (0 when none). */
  readonly discountCents: number;
  /** What the line sold for: unit price × quantity − discountCents (its taxable amount). */
  readonly lineTotalCents: number;
  /** Present (`false`) only for products made to order: no stock is held nor taken for them. */
  readonly stocked?: false;
}

export interface TaxLine {
  readonly taxClass: TaxClass;
  /** Amount of the basket's lines of this class, after discounts, with its share of the shipping, before taxes. */
  readonly taxableCents: number;
  /** This class's part of the receipt's GST and QST. */
  readonly gstCents: number;
  readonly qstCents: number;
}

export interface PricedBasket {
  readonly lines: readonly PricedLine[];
  /** Unit prices × quantities, before discounts. */
  readonly subtotalCents: number;
  /** Every discount of the basket (lines' and basket's). */
  readonly discountCents: number;
  /** The discounts applied, in the order asked (lines, then the basket's). */
  readonly discounts: readonly AppliedDiscount[];
  /** Delivery charged, before taxes (0 when none); its taxes are in the tax lines. */
  readonly shippingCents: number;
  readonly taxLines: readonly TaxLine[];
  readonly gstCents: number;
  readonly qstCents: number;
  /** Cash rounding to the nearest 5 ¢ (−2…+2; 0 for card). */
  readonly roundingCents: number;
  /** What the customer pays: subtotal − discounts + shipping + taxes + rounding. */
  readonly totalCents: number;
}

const maxReason = 100;

/** Checks a discount's terms (also at the API's edge: bad terms are a 400 naming the field). */
export function checkDiscount(d: DiscountRequest, field: string): void {
  if (d.reason.trim() === '' || d.reason.length > maxReason)
    throw new RuleViolation(field, m`a discount needs a reason of 1 to ${maxReason} characters`);
  if (d.kind === 'percent') {
    const hundredths = Math.round(d.percent * 100);
    if (!(d.percent > 0 && d.percent <= 100) || Math.abs(d.percent * 100 - hundredths) > 1e-6)
      throw new RuleViolation(
        field,
        'a percentage discount is more than 0 and at most 100, with two decimals at most',
      );
  } else if (!Number.isSafeInteger(d.amountCents) || d.amountCents <= 0)
    throw new RuleViolation(field, 'an amount discount is a whole number of cents above 0');
}

/** What a discount takes off `baseCents` (a percentage rounded half up to the cent). */
function discountOn(d: DiscountRequest, baseCents: number, field: string): number {
  checkDiscount(d, field);
  const cents =
    d.kind === 'percent' ? shareOf(baseCents, Math.round(d.percent * 100), 10_000) : d.amountCents;
  if (cents > baseCents)
    throw new RuleViolation(
      field,
      m`the discount (${cents} ¢) is more than the amount it applies to (${baseCents} ¢)`,
    );
  return cents;
}

const termsOf = (d: DiscountRequest) =>
  d.kind === 'percent'
    ? { kind: 'percent' as const, percent: d.percent }
    : { kind: 'amount' as const, amountCents: d.amountCents };

/**
 * The taxes of amounts per class, each class bearing the taxes `treatmentOf` says: GST on the total
 * of the amounts bearing GST and QST on those bearing QST, each rounded half up once; each class's
 * part in proportion to its amount (to the cent). One function for sales and refunds.
 */
export function taxesOf(
  amounts: readonly { readonly taxClass: TaxClass; readonly taxableCents: number }[],
  treatmentOf: (taxClass: TaxClass) => TaxTreatment,
): { taxLines: TaxLine[]; gstCents: number; qstCents: number } {
  const byClass = new Map<TaxClass, number>();
  for (const a of amounts) byClass.set(a.taxClass, (byClass.get(a.taxClass) ?? 0) + a.taxableCents);
  const classes = taxClasses.filter((c) => byClass.has(c));
  const bases = classes.map((c) => byClass.get(c)!);
  const bearing = (tax: 'gst' | 'qst') => classes.map((c, i) => (treatmentOf(c)[tax] ? bases[i]! : 0));
  const gstBases = bearing('gst');
  const qstBases = bearing('qst');
  const gstCents = taxOn(
    gstBases.reduce((a, b) => a + b, 0),
    gstRate,
  );
  const qstCents = taxOn(
    qstBases.reduce((a, b) => a + b, 0),
    qstRate,
  );
  const gstParts = gstCents > 0 ? allocate(gstCents, gstBases) : classes.map(() => 0);
  const qstParts = qstCents > 0 ? allocate(qstCents, qstBases) : classes.map(() => 0);
  return {
    taxLines: classes.map((taxClass, i) => ({
      taxClass,
      taxableCents: bases[i]!,
      gstCents: gstParts[i]!,
      qstCents: qstParts[i]!,
    })),
    gstCents,
    qstCents,
  };
}

/** The shipping's part per tax class, in proportion to each class's goods (to the cent). */
function shippingByClass(
  shippingCents: number,
  goods: readonly { readonly taxClass: TaxClass; readonly taxableCents: number }[],
): { taxClass: TaxClass; taxableCents: number }[] {
  if (shippingCents === 0 || goods.length === 0) return [];
  const classes = taxClasses.filter((c) => goods.some((g) => g.taxClass === c));
  const shares = allocate(
    shippingCents,
    classes.map((c) => goods.reduce((s, g) => s + (g.taxClass === c ? g.taxableCents : 0), 0)),
  );
  return classes.map((taxClass, i) => ({ taxClass, taxableCents: shares[i]! }));
}

/**
 * Prices `lines` (merged per product; a line discount applies to the units of its own line) with the
 * catalog's facts and the basket's discount; a product the catalog does not know is a NotFoundError
 * naming it, a discount larger than what it applies to a RuleViolation. `method` decides the cash
 * rounding; `shippingCents` is the delivery charge before taxes (web orders shipped from the warehouse).
 */
export function priceBasket(input: {
  readonly lines: readonly BasketLine[];
  readonly catalog: readonly CatalogFacts[];
  readonly method: PaymentMethod;
  readonly basketDiscount?: BasketDiscount | undefined;
  readonly shippingCents?: number | undefined;
}): PricedBasket {
  const shippingCents = input.shippingCents ?? 0;
  if (!Number.isSafeInteger(shippingCents) || shippingCents < 0)
    throw new RangeError('shipping must be a whole, non-negative number of cents');
  const byId = new Map(input.catalog.map((p) => [p.productId, p]));
  const discounts: AppliedDiscount[] = [];
  const priced = mergeLines(input.lines).map((merged) => {
    const p = byId.get(merged.productId);
    if (!p) throw new NotFoundError('Product', merged.productId);
    let lineDiscount = 0;
    input.lines.forEach((l, i) => {
      if (l.productId !== p.productId || !l.discount) return;
      const cents = discountOn(l.discount, p.priceCents * l.quantity, `lines.${i}.discount`);
      lineDiscount += cents;
      discounts.push({
        scope: 'line',
        productId: p.productId,
        ...termsOf(l.discount),
        reason: l.discount.reason.trim(),
        discountCents: cents,
      });
    });
    return { p, quantity: merged.quantity, gross: p.priceCents * merged.quantity, lineDiscount };
  });

  const afterLines = priced.map((l) => l.gross - l.lineDiscount);
  const basket = input.basketDiscount;
  const basketCents = basket
    ? discountOn(
        basket,
        afterLines.reduce((a, b) => a + b, 0),
        'discount',
      )
    : 0;
  if (basket)
    discounts.push({
      scope: 'basket',
      ...termsOf(basket),
      reason: basket.reason.trim(),
      ...(basket.code ? { code: basket.code } : {}),
      discountCents: basketCents,
    });
  const shares = basketCents > 0 ? allocate(basketCents, afterLines) : afterLines.map(() => 0);

  const lines: PricedLine[] = priced.map((l, i) => ({
    productId: l.p.productId,
    name: l.p.name,
    quantity: l.quantity,
    unitPriceCents: l.p.priceCents,
    taxClass: l.p.taxClass ?? 'standard',
    discountCents: l.lineDiscount + shares[i]!,
    lineTotalCents: afterLines[i]! - shares[i]!,
    ...(l.p.stocked === false ? { stocked: false as const } : {}),
  }));
  const servings = bakeryServingsOf(lines);
  const goods = lines.map((l) => ({ taxClass: l.taxClass, taxableCents: l.lineTotalCents }));
  const taxes = taxesOf([...goods, ...shippingByClass(shippingCents, goods)], (c) =>
    taxTreatment(c, servings),
  );
  const subtotalCents = priced.reduce((s, l) => s + l.gross, 0);
  const discountCents = lines.reduce((s, l) => s + l.discountCents, 0);
  const exact = subtotalCents - discountCents + shippingCents + taxes.gstCents + taxes.qstCents;
  const totalCents = input.method === 'cash' ? roundCash(exact) : exact;
  return {
    lines,
    subtotalCents,
    discountCents,
    discounts,
    shippingCents,
    taxLines: taxes.taxLines,
    gstCents: taxes.gstCents,
    qstCents: taxes.qstCents,
    roundingCents: totalCents - exact,
    totalCents,
  };
}
