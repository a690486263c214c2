import { RuleViolation } from '#domain/shared/errors.ts';
import { dayOf } from './days.ts';
import type { Counters } from './figures.ts';
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
 * - Revenue after taxes is split between products in proportion to their line totals with the
 *   largest-remainder method, so per-product amounts add up exactly to the order total.
 */
export interface SoldLine {
  readonly productId: string;
  readonly name: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
  readonly lineTotalCents: number;
}

export interface SoldOrder {
  readonly orderId: string;
  readonly locationId: string;
  readonly channel: string;
  readonly createdAt: string;
  readonly lines: readonly SoldLine[];
  readonly subtotalCents: number;
  readonly totalCents: number;
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
}

export interface Contribution {
  readonly day: string;
  readonly locationId: string;
  readonly location: Partial<Counters>;
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

export function saleContribution(order: SoldOrder): Contribution {
  if (order.lines.length === 0) throw new RuleViolation('lines', m`order ${order.orderId} has no line`);
  const lines = byProduct(order.lines);
  const withTaxes = allocate(
    order.totalCents,
    lines.map((l) => l.lineTotalCents),
  );
  const units = lines.reduce((a, l) => a + l.quantity, 0);
  return {
    day: dayOf(order.createdAt),
    locationId: order.locationId,
    location: {
      orders: 1,
      unitsSold: units,
      salesCents: order.subtotalCents,
      salesWithTaxesCents: order.totalCents,
    },
    products: lines.map((l, i) => ({
      productId: l.productId,
      name: l.name,
      counters: {
        orders: 1,
        unitsSold: l.quantity,
        salesCents: l.lineTotalCents,
        salesWithTaxesCents: withTaxes[i]!,
      },
    })),
  };
}

/**
 * A return, priced as the event says: before taxes, each returned unit at its unit price; after
 * taxes, the refunded amount, split between products in proportion. It needs nothing from the
 * order, so it counts correctly even when it arrives before the order's confirmation. `names`
 * gives product names when the sale is known (else the product id stands in until a sale names it).
 */
export function returnContribution(
  ret: OrderReturn,
  names: ReadonlyMap<string, string> = new Map(),
): Contribution {
  const merged = new Map<string, { quantity: number; cents: number }>();
  for (const l of ret.lines) {
    const seen = merged.get(l.productId) ?? { quantity: 0, cents: 0 };
    merged.set(l.productId, {
      quantity: seen.quantity + l.quantity,
      cents: seen.cents + l.quantity * l.unitPriceCents,
    });
  }
  const parts = [...merged].map(([productId, p]) => ({ productId, ...p }));
  const refundCents = parts.reduce((a, p) => a + p.cents, 0);
  const after = allocate(
    ret.amountCents,
    parts.map((p) => p.cents),
  );
  return {
    day: dayOf(ret.returnedAt),
    locationId: ret.locationId,
    location: {
      returns: 1,
      unitsReturned: parts.reduce((a, p) => a + p.quantity, 0),
      refundsCents: refundCents,
      refundsWithTaxesCents: ret.amountCents,
    },
    products: parts.map((p, i) => ({
      productId: p.productId,
      name: names.get(p.productId) ?? p.productId,
      counters: {
        returns: 1,
        unitsReturned: p.quantity,
        refundsCents: p.cents,
        refundsWithTaxesCents: after[i]!,
      },
    })),
  };
}
