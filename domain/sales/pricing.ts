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
 */
export type TaxClass = 'standard';
export const taxClasses: readonly TaxClass[] = ['standard'];

/** What the catalog says of a product, as pricing needs it. */
export interface CatalogFacts {
  readonly productId: string;
  readonly name: string;
  readonly priceCents: number;
  readonly taxClass?: TaxClass;
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
  readonly taxLines: readonly TaxLine[];
  readonly gstCents: number;
  readonly qstCents: number;
  /** Cash rounding to the nearest 5 ¢ (−2…+2; 0 for card). */
  readonly roundingCents: number;
  /** What the customer pays: subtotal + taxes + rounding. */
  readonly totalCents: number;
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
}): PricedBasket {
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
  const gstBase = [...taxable].reduce((s, [c, a]) => s + (taxRatesOf[c].gst ? a : 0), 0);
  const qstBase = [...taxable].reduce((s, [c, a]) => s + (taxRatesOf[c].qst ? a : 0), 0);
  const gstCents = taxOn(gstBase, gstRate);
  const qstCents = taxOn(qstBase, qstRate);
  const taxLines: TaxLine[] = taxClasses
    .filter((c) => taxable.has(c))
    .map((c) => ({ taxClass: c, taxableCents: taxable.get(c)!, gstCents, qstCents }));
  const exact = subtotalCents + gstCents + qstCents;
  const totalCents = input.method === 'cash' ? roundCash(exact) : exact;
  return {
    lines,
    subtotalCents,
    taxLines,
    gstCents,
    qstCents,
    roundingCents: totalCents - exact,
    totalCents,
  };
}
