import { NotFoundError } from '../shared/errors.ts';
import { gstRate, qstRate, roundCash, taxOn, type PaymentMethod } from './money.ts';
import { mergeLines, type RequestedLine } from './order.ts';

/**
 * The one pricing function: what a basket costs, line by line, with its taxes and the cash rounding.
 * The till's quote, the checkout (POS sale and web order) and the offline till all call it, so the
 * total a cashier shows is the total charged and printed. Pure: catalog facts come in, money comes
 * out, in integer cents (CAD).
 *
 * Taxes (docs/checkout-saga.md, "Money"): GST 5 % and QST 9.975 %, each computed on the basket's
 * taxable amount and rounded half up to the cent (BigInt, exact). Every tax class's taxable amount
 * is listed in `taxLines`; the taxes of the basket are those of the whole taxable amount (one
 * rounding per tax, as on a receipt).
 *
 * Shipping (a web order delivered from the warehouse): the delivery charge of the seller of the goods
 * is part of the supply of those goods and follows their tax status (CRA, GST/HST Memorandum 28-2,
 * "Freight Transportation Services"; the QST follows the GST here). It is added to the taxable
 * amount of each tax class in proportion to that class's share of the goods (largest remainder, to
 * the cent), so it is taxed as the goods are; `shippingCents` shows it, before taxes.
 */
export type TaxClass = 'standard';
export const taxClasses: readonly TaxClass[] = ['standard'];

/** What the catalog says of a product, as pricing needs it. */
export interface CatalogFacts {
  readonly productId: string;
  readonly name: string;
  readonly priceCents: number;
  readonly taxClass?: TaxClass;
  /** `false`: pickup only (domain/sales/delivery.ts). */
  readonly shippable?: boolean;
}

export interface PricedLine {
  readonly productId: string;
  readonly name: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
  readonly taxClass: TaxClass;
  /** unit price × quantity */
  readonly lineTotalCents: number;
}

export interface TaxLine {
  readonly taxClass: TaxClass;
  /** Pre-tax amount of the basket's lines of this class. */
  readonly taxableCents: number;
  readonly gstCents: number;
  readonly qstCents: number;
}

export interface PricedBasket {
  readonly lines: readonly PricedLine[];
  readonly subtotalCents: number;
  /** Delivery charged, before taxes (0 when none); its taxes are in the tax lines. */
  readonly shippingCents: number;
  readonly taxLines: readonly TaxLine[];
  readonly gstCents: number;
  readonly qstCents: number;
  /** Cash rounding to the nearest 5 ¢ (−2…+2; 0 for card). */
  readonly roundingCents: number;
  /** What the customer pays: subtotal + shipping + taxes + rounding. */
  readonly totalCents: number;
}

/** Splits `cents` over `weights` in proportion (largest remainder; ties to the first): the parts add up to `cents`. */
export function allocate(cents: number, weights: readonly number[]): number[] {
  const total = weights.reduce((s, w) => s + w, 0);
  if (total <= 0) return weights.map((_, i) => (i === 0 ? cents : 0));
  const exact = weights.map((w) => (BigInt(cents) * BigInt(w)) / BigInt(total));
  const parts = exact.map(Number);
  let left = cents - parts.reduce((s, p) => s + p, 0);
  const remainders = weights
    .map((w, i) => ({ i, r: (BigInt(cents) * BigInt(w)) % BigInt(total) }))
    .sort((a, b) => (b.r > a.r ? 1 : b.r < a.r ? -1 : a.i - b.i));
  for (const { i } of remainders) {
    if (left <= 0) break;
    parts[i]! += 1;
    left -= 1;
  }
  return parts;
}

const taxRatesOf: Readonly<Record<TaxClass, { gst: boolean; qst: boolean }>> = {
  standard: { gst: true, qst: true },
};

/**
 * Prices `lines` (merged per product) with the catalog's facts; a product the catalog does not know
 * is a NotFoundError naming it. `method` decides the cash rounding.
 */
export function priceBasket(input: {
  readonly lines: readonly RequestedLine[];
  readonly catalog: readonly CatalogFacts[];
  readonly method: PaymentMethod;
  /** Delivery charge before taxes (web orders shipped from the warehouse). */
  readonly shippingCents?: number;
}): PricedBasket {
  const shippingCents = input.shippingCents ?? 0;
  if (!Number.isSafeInteger(shippingCents) || shippingCents < 0)
    throw new RangeError('shipping must be a whole, non-negative number of cents');
  const byId = new Map(input.catalog.map((p) => [p.productId, p]));
  const lines: PricedLine[] = mergeLines(input.lines).map((l) => {
    const p = byId.get(l.productId);
    if (!p) throw new NotFoundError('Product', l.productId);
    return {
      productId: l.productId,
      name: p.name,
      quantity: l.quantity,
      unitPriceCents: p.priceCents,
      taxClass: p.taxClass ?? 'standard',
      lineTotalCents: p.priceCents * l.quantity,
    };
  });
  const subtotalCents = lines.reduce((s, l) => s + l.lineTotalCents, 0);
  const taxable = new Map<TaxClass, number>();
  for (const l of lines) taxable.set(l.taxClass, (taxable.get(l.taxClass) ?? 0) + l.lineTotalCents);
  if (shippingCents > 0) {
    const classes = [...taxable.keys()];
    const shares = allocate(
      shippingCents,
      classes.map((c) => taxable.get(c)!),
    );
    classes.forEach((c, i) => taxable.set(c, taxable.get(c)! + shares[i]!));
  }
  const gstBase = [...taxable].reduce((s, [c, a]) => s + (taxRatesOf[c].gst ? a : 0), 0);
  const qstBase = [...taxable].reduce((s, [c, a]) => s + (taxRatesOf[c].qst ? a : 0), 0);
  const gstCents = taxOn(gstBase, gstRate);
  const qstCents = taxOn(qstBase, qstRate);
  const taxLines: TaxLine[] = taxClasses
    .filter((c) => taxable.has(c))
    .map((c) => ({ taxClass: c, taxableCents: taxable.get(c)!, gstCents, qstCents }));
  const exact = subtotalCents + shippingCents + gstCents + qstCents;
  const totalCents = input.method === 'cash' ? roundCash(exact) : exact;
  return {
    lines,
    subtotalCents,
    shippingCents,
    taxLines,
    gstCents,
    qstCents,
    roundingCents: totalCents - exact,
    totalCents,
  };
}
