/**
 * The counters kept per (location, day) and per (product, location, day), all integers, money in
 * cents (CAD). Sales and returns are counted apart so that every figure can be shown gross or
 * net; the net figures (returns deducted) are what reports call revenue and units.
 *
 * Counters only ever grow by addition, so applying contributions in any order gives the same
 * totals: that is what lets the projections use DynamoDB `ADD` and accept events out of order.
 */
export interface Counters {
  /** Confirmed orders (for a product: orders containing it). */
  readonly orders: number;
  readonly unitsSold: number;
  /** Revenue before taxes of the units sold (sum of line totals). */
  readonly salesCents: number;
  /** Revenue after taxes (GST + QST) of the units sold. */
  readonly salesWithTaxesCents: number;
  /** Returns recorded (for a product: returns containing it). */
  readonly returns: number;
  readonly unitsReturned: number;
  /** Refunded amounts, before and after taxes. */
  readonly refundsCents: number;
  readonly refundsWithTaxesCents: number;
}

export const counterNames = [
  'orders',
  'unitsSold',
  'salesCents',
  'salesWithTaxesCents',
  'returns',
  'unitsReturned',
  'refundsCents',
  'refundsWithTaxesCents',
] as const satisfies readonly (keyof Counters)[];

export const zeroCounters: Counters = {
  orders: 0,
  unitsSold: 0,
  salesCents: 0,
  salesWithTaxesCents: 0,
  returns: 0,
  unitsReturned: 0,
  refundsCents: 0,
  refundsWithTaxesCents: 0,
};

export function addCounters(a: Counters, b: Partial<Counters>): Counters {
  const out: Record<string, number> = { ...a };
  for (const name of counterNames) out[name] = (a[name] ?? 0) + (b[name] ?? 0);
  return out as unknown as Counters;
}

export const sumCounters = (list: readonly Partial<Counters>[]): Counters =>
  list.reduce<Counters>((acc, c) => addCounters(acc, c), zeroCounters);

/** What reports show: net figures (returns deducted) next to the gross ones. */
export interface SalesFigures {
  readonly orders: number;
  readonly returns: number;
  readonly unitsSold: number;
  readonly unitsReturned: number;
  /** Units sold minus units returned. */
  readonly units: number;
  readonly grossRevenueCents: number;
  readonly refundedCents: number;
  /** Revenue before taxes, returns deducted. */
  readonly revenueCents: number;
  /** Revenue after taxes, returns deducted. */
  readonly revenueWithTaxesCents: number;
}

export function figuresOf(c: Counters): SalesFigures {
  return {
    orders: c.orders,
    returns: c.returns,
    unitsSold: c.unitsSold,
    unitsReturned: c.unitsReturned,
    units: c.unitsSold - c.unitsReturned,
    grossRevenueCents: c.salesCents,
    refundedCents: c.refundsCents,
    revenueCents: c.salesCents - c.refundsCents,
    revenueWithTaxesCents: c.salesWithTaxesCents - c.refundsWithTaxesCents,
  };
}

/** Average basket in cents: net revenue before taxes per order, rounded half up; 0 with no order. */
export const averageBasketCents = (revenueCents: number, orders: number): number =>
  orders > 0 ? Math.round(revenueCents / orders) : 0;
