import { RuleViolation } from '#domain/shared/errors.ts';
import { gstRate, qstRate, taxOn } from '#domain/sales/money.ts';
import { dayOf } from './days.ts';
import type { Counters, TaxCounters, TenderCounters, TenderMethod } from './figures.ts';
import { m } from '../shared/message.ts';

/**
 * How a confirmed order and a return change the daily aggregates. Pure: the projection turns
 * each `Contribution` into one conditional `ADD` per aggregate item.
 *
 * - A sale counts on the Montréal day of the order's `createdAt`, at the order's location (the web
 *   shop's orders at `warehouse`), like `GET /orders?from=&to=` does.
 * - A return counts on the day it happened (refunds are booked when paid back), at the order's
 *   location, and is deducted from that day's revenue — a past day's figures never change after
 *   its export was sent. Its amounts are those the sales context refunded.
 * - Revenue before taxes is the taxable base of the order (the sum of its `taxLines`, after
 *   discounts), or its subtotal when the event carries no tax lines. Revenue before and after taxes
 *   is split between products in proportion to their line totals with the largest-remainder
 *   method, so per-product amounts add up exactly to the order's.
 * - Taxes per class come from the event's `taxLines`; without them (events from before tax classes)
 *   the order's GST and QST count under class `standard`, on the subtotal. A return without
 *   `taxLines` refunds GST and QST computed on its pre-tax amount with the sales context's rule
 *   (each tax half-up to the cent, `domain/sales/money.ts`), under `standard`.
 * - Tenders come from the event's `tenders`; without them, the whole total under `paymentMethod`.
 *   A return without `tenders` goes back to the sale's tenders (in proportion when it was split),
 *   or under `unknown` when the sale is not known yet.
 */
export const standardTaxClass = 'standard';
const taxClassPattern = /^[a-z][a-z0-9-]{0,39}$/;

export interface SoldLine {
  readonly productId: string;
  readonly name: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
  readonly lineTotalCents: number;
}

/** Taxes of one tax class of an order or a return (the events' `taxLines`). */
export interface TaxLine {
  readonly taxClass: string;
  readonly taxableCents: number;
  readonly gstCents: number;
  readonly qstCents: number;
}

export interface Tender {
  readonly method: 'cash' | 'card';
  readonly amountCents: number;
}

export interface SoldOrder {
  readonly orderId: string;
  readonly locationId: string;
  readonly channel: string;
  readonly createdAt: string;
  readonly lines: readonly SoldLine[];
  readonly subtotalCents: number;
  readonly gstCents: number;
  readonly qstCents: number;
  readonly totalCents: number;
  readonly paymentMethod?: 'cash' | 'card' | undefined;
  readonly taxLines?: readonly TaxLine[] | undefined;
  readonly discountCents?: number | undefined;
  readonly tenders?: readonly Tender[] | undefined;
}

export interface ReturnedLine {
  readonly productId: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
}

/** A return as the sales context publishes it: it carries its own prices and refund. */
export interface OrderReturn {
  readonly returnId: string;
  readonly orderId: string;
  readonly locationId: string;
  readonly returnedAt: string;
  readonly lines: readonly ReturnedLine[];
  /** Refunded to the customer, taxes included (cash refunds rounded to 5 ¢ by the sales context). */
  readonly amountCents: number;
  /** The refunded taxes per class. */
  readonly taxLines?: readonly TaxLine[] | undefined;
  readonly tenders?: readonly Tender[] | undefined;
}

export interface Contribution {
  readonly day: string;
  readonly locationId: string;
  readonly location: Partial<Counters>;
  /** Discounts granted (sales only). */
  readonly discountCents: number;
  readonly taxes: readonly { readonly taxClass: string; readonly counters: Partial<TaxCounters> }[];
  readonly tenders: readonly { readonly method: TenderMethod; readonly counters: Partial<TenderCounters> }[];
  readonly products: readonly { productId: string; name: string; counters: Partial<Counters> }[];
}

/** Splits `total` in proportion to `weights` (integers, sum exact; largest remainders get the extra cents). */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (sum <= 0) {
    const out = weights.map(() => 0);
    out[0] = total;
    return out;
  }
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  let rest = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; rest > 0; k = (k + 1) % order.length, rest--) out[order[k]!.i]! += 1;
  return out;
}

/** Lines of one product merged (an order may list a product twice). */
function byProduct(lines: readonly SoldLine[]): SoldLine[] {
  const merged = new Map<string, SoldLine>();
  for (const l of lines) {
    const seen = merged.get(l.productId);
    merged.set(
      l.productId,
      seen
        ? {
            ...seen,
            quantity: seen.quantity + l.quantity,
            lineTotalCents: seen.lineTotalCents + l.lineTotalCents,
          }
        : l,
    );
  }
  return [...merged.values()];
}

/** Tax lines merged per class, in the order first seen; a class name must be usable as a key. */
function byClass(lines: readonly TaxLine[]): TaxLine[] {
  const merged = new Map<string, TaxLine>();
  for (const l of lines) {
    if (!taxClassPattern.test(l.taxClass))
      throw new RuleViolation('taxLines', m`${JSON.stringify(l.taxClass)} is not a tax class`);
    const seen = merged.get(l.taxClass);
    merged.set(
      l.taxClass,
      seen
        ? {
            taxClass: l.taxClass,
            taxableCents: seen.taxableCents + l.taxableCents,
            gstCents: seen.gstCents + l.gstCents,
            qstCents: seen.qstCents + l.qstCents,
          }
        : l,
    );
  }
  return [...merged.values()];
}

/** Tenders merged per method. */
function byMethod(tenders: readonly { method: TenderMethod; amountCents: number }[]) {
  const merged = new Map<TenderMethod, number>();
  for (const t of tenders) merged.set(t.method, (merged.get(t.method) ?? 0) + t.amountCents);
  return [...merged].map(([method, amountCents]) => ({ method, amountCents }));
}

/** The taxes of a sale per class (the event's, or its GST and QST under `standard`). */
export function saleTaxLines(order: SoldOrder): TaxLine[] {
  return order.taxLines?.length
    ? byClass(order.taxLines)
    : [
        {
          taxClass: standardTaxClass,
          taxableCents: order.subtotalCents,
          gstCents: order.gstCents,
          qstCents: order.qstCents,
        },
      ];
}

/** How a sale was paid (the event's tenders, or its total under its payment method). */
export function saleTenders(order: SoldOrder): { method: TenderMethod; amountCents: number }[] {
  return byMethod(
    order.tenders?.length
      ? order.tenders
      : [{ method: order.paymentMethod ?? 'unknown', amountCents: order.totalCents }],
  );
}

export function saleContribution(order: SoldOrder): Contribution {
  if (order.lines.length === 0) throw new RuleViolation('lines', m`order ${order.orderId} has no line`);
  const lines = byProduct(order.lines);
  const taxes = saleTaxLines(order);
  const revenueCents = taxes.reduce((a, t) => a + t.taxableCents, 0);
  const weights = lines.map((l) => l.lineTotalCents);
  const beforeTaxes = allocate(revenueCents, weights);
  const withTaxes = allocate(order.totalCents, weights);
  const units = lines.reduce((a, l) => a + l.quantity, 0);
  return {
    day: dayOf(order.createdAt),
    locationId: order.locationId,
    location: {
      orders: 1,
      unitsSold: units,
      salesCents: revenueCents,
      salesWithTaxesCents: order.totalCents,
    },
    discountCents: order.discountCents ?? 0,
    taxes: taxes.map((t) => ({
      taxClass: t.taxClass,
      counters: { salesCents: t.taxableCents, gstCents: t.gstCents, qstCents: t.qstCents },
    })),
    tenders: saleTenders(order).map((t) => ({
      method: t.method,
      counters: { orders: 1, amountCents: t.amountCents },
    })),
    products: lines.map((l, i) => ({
      productId: l.productId,
      name: l.name,
      counters: {
        orders: 1,
        unitsSold: l.quantity,
        salesCents: beforeTaxes[i]!,
        salesWithTaxesCents: withTaxes[i]!,
      },
    })),
  };
}

/** The taxes a return refunded per class (the event's, or computed on its pre-tax amount). */
export function returnTaxLines(ret: OrderReturn): TaxLine[] {
  if (ret.taxLines?.length) return byClass(ret.taxLines);
  const preTax = ret.lines.reduce((a, l) => a + l.quantity * l.unitPriceCents, 0);
  return [
    {
      taxClass: standardTaxClass,
      taxableCents: preTax,
      gstCents: taxOn(preTax, gstRate),
      qstCents: taxOn(preTax, qstRate),
    },
  ];
}

/** Where a refund went: the event's tenders, else the sale's (in proportion), else `unknown`. */
export function returnTenders(
  ret: OrderReturn,
  sale: SoldOrder | undefined,
): { method: TenderMethod; amountCents: number }[] {
  if (ret.tenders?.length) return byMethod(ret.tenders);
  if (!sale) return [{ method: 'unknown', amountCents: ret.amountCents }];
  const paid = saleTenders(sale);
  const split = allocate(
    ret.amountCents,
    paid.map((t) => t.amountCents),
  );
  return paid.map((t, i) => ({ method: t.method, amountCents: split[i]! }));
}

/**
 * A return, priced as the event says: before taxes, the refunded taxable base (its `taxLines`, or
 * each returned unit at its unit price); after taxes, the refunded amount; both split between
 * products in proportion. It needs nothing from the order, so it counts correctly even when it
 * arrives before the order's confirmation. `sale`, when known, gives product names (else the
 * product id stands in until a sale names it) and the tenders to refund to.
 */
export function returnContribution(ret: OrderReturn, sale?: SoldOrder): Contribution {
  const names = new Map((sale?.lines ?? []).map((l) => [l.productId, l.name]));
  const merged = new Map<string, { quantity: number; cents: number }>();
  for (const l of ret.lines) {
    const seen = merged.get(l.productId) ?? { quantity: 0, cents: 0 };
    merged.set(l.productId, {
      quantity: seen.quantity + l.quantity,
      cents: seen.cents + l.quantity * l.unitPriceCents,
    });
  }
  const parts = [...merged].map(([productId, p]) => ({ productId, ...p }));
  const taxes = returnTaxLines(ret);
  const refundCents = taxes.reduce((a, t) => a + t.taxableCents, 0);
  const weights = parts.map((p) => p.cents);
  const before = allocate(refundCents, weights);
  const after = allocate(ret.amountCents, weights);
  return {
    day: dayOf(ret.returnedAt),
    locationId: ret.locationId,
    location: {
      returns: 1,
      unitsReturned: parts.reduce((a, p) => a + p.quantity, 0),
      refundsCents: refundCents,
      refundsWithTaxesCents: ret.amountCents,
    },
    discountCents: 0,
    taxes: taxes.map((t) => ({
      taxClass: t.taxClass,
      counters: { refundsCents: t.taxableCents, refundedGstCents: t.gstCents, refundedQstCents: t.qstCents },
    })),
    tenders: returnTenders(ret, sale).map((t) => ({
      method: t.method,
      counters: { returns: 1, refundedCents: t.amountCents },
    })),
    products: parts.map((p, i) => ({
      productId: p.productId,
      name: names.get(p.productId) ?? p.productId,
      counters: {
        returns: 1,
        unitsReturned: p.quantity,
        refundsCents: before[i]!,
        refundsWithTaxesCents: after[i]!,
      },
    })),
  };
}
