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

export const addCounters = (a: Counters, b: Partial<Counters>): Counters => addNamed(counterNames, a, b);

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
  /** Sales and refunds after taxes (what customers paid and got back). */
  readonly grossRevenueWithTaxesCents: number;
  readonly refundedWithTaxesCents: number;
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
    grossRevenueWithTaxesCents: c.salesWithTaxesCents,
    refundedWithTaxesCents: c.refundsWithTaxesCents,
    revenueWithTaxesCents: c.salesWithTaxesCents - c.refundsWithTaxesCents,
  };
}

/** Average basket in cents: net revenue before taxes per order, rounded half up; 0 with no order. */
export const averageBasketCents = (revenueCents: number, orders: number): number =>
  orders > 0 ? Math.round(revenueCents / orders) : 0;

/** A generic sum of two tallies of named integer counters (missing names count as 0). */
function addNamed<T extends object>(names: readonly (keyof T)[], a: T, b: Partial<T>): T {
  const out: Record<string, number> = {};
  for (const n of names) out[n as string] = Number(a[n] ?? 0) + Number(b[n] ?? 0);
  return out as unknown as T;
}

/**
 * Taxes of one tax class on a (location, day), in cents: what the sales of the class collected and
 * what returns gave back. `salesCents` is the pre-tax base the taxes were computed on (after
 * discounts); a zero-rated class has a base and no tax. Net figures (sales minus returns) are the
 * remittance: GST to the CRA, QST to Revenu Québec, before input tax credits.
 */
export interface TaxCounters {
  readonly salesCents: number;
  readonly gstCents: number;
  readonly qstCents: number;
  readonly refundsCents: number;
  readonly refundedGstCents: number;
  readonly refundedQstCents: number;
}

export const taxCounterNames = [
  'salesCents',
  'gstCents',
  'qstCents',
  'refundsCents',
  'refundedGstCents',
  'refundedQstCents',
] as const satisfies readonly (keyof TaxCounters)[];

export const zeroTaxCounters: TaxCounters = {
  salesCents: 0,
  gstCents: 0,
  qstCents: 0,
  refundsCents: 0,
  refundedGstCents: 0,
  refundedQstCents: 0,
};

export const addTaxCounters = (a: TaxCounters, b: Partial<TaxCounters>): TaxCounters =>
  addNamed(taxCounterNames, a, b);

/** Taxes as reports show them: collected, refunded and net (the amount to remit). */
export interface TaxFigures {
  /** Pre-tax sales of the class (the taxable base, zero-rated included). */
  readonly salesCents: number;
  readonly refundsCents: number;
  readonly netSalesCents: number;
  readonly gstCollectedCents: number;
  readonly gstRefundedCents: number;
  /** GST collected minus GST refunded: the GST to remit. */
  readonly gstCents: number;
  readonly qstCollectedCents: number;
  readonly qstRefundedCents: number;
  /** QST collected minus QST refunded: the QST to remit. */
  readonly qstCents: number;
}

export function taxFiguresOf(c: TaxCounters): TaxFigures {
  return {
    salesCents: c.salesCents,
    refundsCents: c.refundsCents,
    netSalesCents: c.salesCents - c.refundsCents,
    gstCollectedCents: c.gstCents,
    gstRefundedCents: c.refundedGstCents,
    gstCents: c.gstCents - c.refundedGstCents,
    qstCollectedCents: c.qstCents,
    qstRefundedCents: c.refundedQstCents,
    qstCents: c.qstCents - c.refundedQstCents,
  };
}

/** Taxes per class, keyed by tax class. */
export type TaxTally = Readonly<Record<string, TaxCounters>>;

export function addTaxTally(a: TaxTally, b: TaxTally): TaxTally {
  const out: Record<string, TaxCounters> = { ...a };
  for (const [taxClass, c] of Object.entries(b))
    out[taxClass] = addTaxCounters(out[taxClass] ?? zeroTaxCounters, c);
  return out;
}

export const sumTaxes = (tally: TaxTally): TaxCounters =>
  Object.values(tally).reduce<TaxCounters>((acc, c) => addTaxCounters(acc, c), zeroTaxCounters);

/**
 * How customers paid, per tender on a (location, day). `unknown` holds refunds whose tender could
 * not be told (a return without `tenders`, projected before its sale).
 */
export type TenderMethod = 'cash' | 'card' | 'unknown';
export const tenderMethods = ['cash', 'card', 'unknown'] as const satisfies readonly TenderMethod[];

export interface TenderCounters {
  /** Orders paid (in part) with this tender. */
  readonly orders: number;
  /** Amount paid with it, taxes included. */
  readonly amountCents: number;
  /** Returns refunded (in part) to it. */
  readonly returns: number;
  readonly refundedCents: number;
}

export const tenderCounterNames = [
  'orders',
  'amountCents',
  'returns',
  'refundedCents',
] as const satisfies readonly (keyof TenderCounters)[];

export const zeroTenderCounters: TenderCounters = { orders: 0, amountCents: 0, returns: 0, refundedCents: 0 };

export const addTenderCounters = (a: TenderCounters, b: Partial<TenderCounters>): TenderCounters =>
  addNamed(tenderCounterNames, a, b);

export type TenderTally = Readonly<Partial<Record<TenderMethod, TenderCounters>>>;

export function addTenderTally(a: TenderTally, b: TenderTally): TenderTally {
  const out: Partial<Record<TenderMethod, TenderCounters>> = { ...a };
  for (const [method, c] of Object.entries(b) as [TenderMethod, TenderCounters][])
    out[method] = addTenderCounters(out[method] ?? zeroTenderCounters, c);
  return out;
}

export interface TenderFigures extends TenderCounters {
  /** Paid minus refunded. */
  readonly netCents: number;
}

export const tenderFiguresOf = (c: TenderCounters): TenderFigures => ({
  ...c,
  netCents: c.amountCents - c.refundedCents,
});
