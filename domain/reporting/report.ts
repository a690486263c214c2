import type { OfflineSaleRow } from './offline-sales.ts';
import { addDays, daysOf, reportingTimeZone, type Period } from './days.ts';
import {
  addCounters,
  addTaxTally,
  addTenderTally,
  averageBasketCents,
  figuresOf,
  sumCounters,
  sumTaxes,
  taxFiguresOf,
  tenderFiguresOf,
  tenderMethods,
  zeroCounters,
  zeroTenderCounters,
  type Counters,
  type SalesFigures,
  type TaxFigures,
  type TaxTally,
  type TenderFigures,
  type TenderMethod,
  type TenderTally,
} from './figures.ts';

/**
 * The consolidated sales report and the dashboard, computed from the daily aggregates only
 * (never from the sales themselves): their cost depends on days × locations (× products sold,
 * for the product lines), not on the number of sales.
 */
export interface LocationDay {
  readonly locationId: string;
  readonly day: string;
  readonly counters: Counters;
  readonly discountCents: number;
  readonly taxes: TaxTally;
  readonly tenders: TenderTally;
}

export interface ProductDay {
  /** The location, or `chainScope` for the chain-wide product aggregates. */
  readonly locationId: string;
  readonly day: string;
  readonly productId: string;
  readonly name: string;
  readonly counters: Counters;
}

/** Scope of the chain-wide product aggregates (all sales locations together). */
export const chainScope = 'chain';

/** Figures of a location, a day or a whole period: sales, discounts and the net taxes. */
export interface PeriodFigures extends SalesFigures {
  readonly averageBasketCents: number;
  readonly discountCents: number;
  /** GST collected minus refunded. */
  readonly gstCents: number;
  /** QST collected minus refunded. */
  readonly qstCents: number;
}

export interface ReportLocation extends PeriodFigures {
  readonly locationId: string;
}
export interface ReportProduct extends SalesFigures {
  readonly productId: string;
  readonly name: string;
}
export interface ReportDay extends PeriodFigures {
  readonly day: string;
}

export interface TaxRow extends TaxFigures {
  readonly taxClass: string;
}
/** Taxes collected per class and per location: `totals` is the remittance of the period. */
export interface ReportTaxes {
  readonly classes: TaxRow[];
  readonly locations: { locationId: string; classes: TaxRow[]; totals: TaxFigures }[];
  readonly totals: TaxFigures;
}

export interface TenderRow extends TenderFigures {
  readonly method: TenderMethod;
}
export interface ReportTenders {
  readonly methods: TenderRow[];
  readonly locations: { locationId: string; methods: TenderRow[] }[];
}

/** An earlier period, per location and in total, to compare with. */
export interface ComparedPeriod {
  readonly period: Period;
  readonly locations: ReportLocation[];
  readonly totals: PeriodFigures;
}

export interface SalesReport {
  readonly period: Period & { readonly timeZone: string };
  readonly locationId?: string;
  readonly locations: ReportLocation[];
  readonly products: ReportProduct[];
  readonly days: ReportDay[];
  readonly totals: PeriodFigures;
  readonly taxes: ReportTaxes;
  readonly tenders: ReportTenders;
  readonly comparison: { readonly previous: ComparedPeriod; readonly yearEarlier: ComparedPeriod };
}

const byRevenue = (a: ReportProduct, b: ReportProduct) =>
  b.revenueCents - a.revenueCents || b.units - a.units || a.productId.localeCompare(b.productId);

/** What location-days add up to. */
interface Tally {
  readonly counters: Counters;
  readonly discountCents: number;
  readonly taxes: TaxTally;
  readonly tenders: TenderTally;
}
const zeroTally: Tally = { counters: zeroCounters, discountCents: 0, taxes: {}, tenders: {} };
const addTally = (a: Tally, b: Tally): Tally => ({
  counters: addCounters(a.counters, b.counters),
  discountCents: a.discountCents + b.discountCents,
  taxes: addTaxTally(a.taxes, b.taxes),
  tenders: addTenderTally(a.tenders, b.tenders),
});

function group<K>(rows: readonly LocationDay[], key: (r: LocationDay) => K): Map<K, Tally> {
  const out = new Map<K, Tally>();
  for (const r of rows) out.set(key(r), addTally(out.get(key(r)) ?? zeroTally, r));
  return out;
}
const total = (tallies: Iterable<Tally>): Tally => [...tallies].reduce(addTally, zeroTally);

function periodFigures(t: Tally): PeriodFigures {
  const f = figuresOf(t.counters);
  const taxes = taxFiguresOf(sumTaxes(t.taxes));
  return {
    ...f,
    averageBasketCents: averageBasketCents(f.revenueCents, f.orders),
    discountCents: t.discountCents,
    gstCents: taxes.gstCents,
    qstCents: taxes.qstCents,
  };
}

/** Tax classes in a stable order: the known ones first, then any other alphabetically. */
const classOrder = ['standard', 'zero-rated', 'bakery-single', 'exempt'];
const rank = (c: string) => (classOrder.includes(c) ? classOrder.indexOf(c) : classOrder.length);
const taxRows = (taxes: TaxTally): TaxRow[] =>
  Object.entries(taxes)
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([taxClass, c]) => ({ taxClass, ...taxFiguresOf(c) }));

/** Cash and card always (zeros when unused), `unknown` only when something went there. */
const tenderRows = (tenders: TenderTally): TenderRow[] =>
  tenderMethods
    .filter((m) => m !== 'unknown' || tenders.unknown !== undefined)
    .map((method) => ({ method, ...tenderFiguresOf(tenders[method] ?? zeroTenderCounters) }));

const inPeriodOf = (period: Period, locationIds: readonly string[]) => (r: LocationDay) =>
  r.day >= period.from && r.day <= period.to && locationIds.includes(r.locationId);

function comparedPeriod(
  period: Period,
  locationIds: readonly string[],
  rows: readonly LocationDay[],
): ComparedPeriod {
  const byLocation = group(rows.filter(inPeriodOf(period, locationIds)), (r) => r.locationId);
  return {
    period: { from: period.from, to: period.to },
    locations: locationIds.map((id) => ({
      locationId: id,
      ...periodFigures(byLocation.get(id) ?? zeroTally),
    })),
    totals: periodFigures(total(byLocation.values())),
  };
}

export interface ReportInput {
  readonly period: Period;
  readonly locationIds: readonly string[];
  /** Location-days of the period (others are ignored). */
  readonly locationRows: readonly LocationDay[];
  /** Product-days of the report's scope (the location's, or the chain's) in the period. */
  readonly productRows: readonly ProductDay[];
  readonly locationId?: string | undefined;
  readonly previous: { readonly period: Period; readonly locationRows: readonly LocationDay[] };
  readonly yearEarlier: { readonly period: Period; readonly locationRows: readonly LocationDay[] };
}

/**
 * Per location, per product, per day and grand totals over a period; taxes per class and location
 * (the remittance), sales by tender, and the same figures for the previous period and the same period
 * a year earlier. Every listed location and every day appears, with zeros when nothing was sold.
 * The grand totals are the sum of the locations (and equally of the days); a product's `orders`
 * counts the orders containing it.
 */
export function buildReport(input: ReportInput): SalesReport {
  const { period, locationIds } = input;
  const locs = input.locationRows.filter(inPeriodOf(period, locationIds));
  const byLocation = group(locs, (r) => r.locationId);
  const byDay = group(locs, (r) => r.day);
  const all = total(byLocation.values());
  const prods = input.productRows.filter((r) => r.day >= period.from && r.day <= period.to);
  const byProduct = new Map<string, { name: string; counters: Counters }>();
  for (const r of prods) {
    const seen = byProduct.get(r.productId);
    byProduct.set(r.productId, {
      name: seen?.name ?? r.name,
      counters: addCounters(seen?.counters ?? zeroCounters, r.counters),
    });
  }
  return {
    period: { from: period.from, to: period.to, timeZone: reportingTimeZone },
    ...(input.locationId ? { locationId: input.locationId } : {}),
    locations: locationIds.map((id) => ({
      locationId: id,
      ...periodFigures(byLocation.get(id) ?? zeroTally),
    })),
    products: [...byProduct]
      .map(([productId, p]) => ({ productId, name: p.name, ...figuresOf(p.counters) }))
      .sort(byRevenue),
    days: daysOf(period.from, period.to).map((day) => ({
      day,
      ...periodFigures(byDay.get(day) ?? zeroTally),
    })),
    totals: periodFigures(all),
    taxes: {
      classes: taxRows(all.taxes),
      locations: locationIds.map((id) => {
        const taxes = byLocation.get(id)?.taxes ?? {};
        return { locationId: id, classes: taxRows(taxes), totals: taxFiguresOf(sumTaxes(taxes)) };
      }),
      totals: taxFiguresOf(sumTaxes(all.taxes)),
    },
    tenders: {
      methods: tenderRows(all.tenders),
      locations: locationIds.map((id) => ({
        locationId: id,
        methods: tenderRows(byLocation.get(id)?.tenders ?? {}),
      })),
    },
    comparison: {
      previous: comparedPeriod(input.previous.period, locationIds, input.previous.locationRows),
      yearEarlier: comparedPeriod(input.yearEarlier.period, locationIds, input.yearEarlier.locationRows),
    },
  };
}

/** Figures of one window of days on the dashboard. */
export interface WindowFigures {
  readonly revenueCents: number;
  readonly revenueWithTaxesCents: number;
  readonly orders: number;
  readonly returns: number;
  readonly units: number;
  readonly averageBasketCents: number;
}

export interface TopProduct {
  readonly productId: string;
  readonly name: string;
  readonly units: number;
  readonly revenueCents: number;
}

export type AlertType = 'out' | 'low' | 'over';
export interface Alert {
  readonly type: AlertType;
  readonly locationId: string;
  readonly productId: string;
  readonly name: string;
  readonly level: number;
  readonly since: string;
}

export interface DashboardLocation {
  readonly locationId: string;
  readonly channel: 'pos' | 'web';
  readonly today: WindowFigures;
  readonly last7Days: WindowFigures;
  readonly last30Days: WindowFigures;
  readonly topProducts: TopProduct[];
  readonly alerts: { readonly out: number; readonly low: number; readonly over: number };
}

export interface Dashboard {
  readonly today: string;
  readonly timeZone: string;
  readonly locations: DashboardLocation[];
  readonly totals: { today: WindowFigures; last7Days: WindowFigures; last30Days: WindowFigures };
  /** Chain-wide best sellers of the last 7 days, by net revenue. */
  readonly topProducts: TopProduct[];
  readonly alerts: Alert[];
  /** The latest sales made offline and synced late, the last synced first (docs/web.md, "Offline till"). */
  readonly offlineSales: OfflineSaleRow[];
  /** Stock lines below zero (an offline sale sold more than there was): the `out` alerts at a negative level. */
  readonly negativeStock: Alert[];
}

/** Where sales happen: the five stores (POS) and the web shop, which sells from the warehouse. */
export const webShopLocation = 'warehouse';
export const salesLocations: readonly string[] = [
  'store-1',
  'store-2',
  'store-3',
  'store-4',
  'store-5',
  webShopLocation,
];

export const dashboardDays = 30;
export const topProductDays = 7;

/** The first day a dashboard needs, and the first day its top products need. */
export const dashboardWindow = (today: string) => ({
  from: addDays(today, -(dashboardDays - 1)),
  topFrom: addDays(today, -(topProductDays - 1)),
  to: today,
});

/**
 * The settled days of the top-products window: up to the day before yesterday, whose best sellers
 * hardly ever change any more (only an event delivered days late changes them). Their sums are kept
 * once computed, so that a dashboard reads them as one item plus yesterday's and today's best
 * sellers, instead of seven days of them: seven days of a location's best sellers grow with the
 * catalog until every product sells every day, their sum over five days does so much sooner.
 */
export const settledTopDays = (today: string) => ({
  from: addDays(today, -(topProductDays - 1)),
  to: addDays(today, -2),
});

export interface DayCounts {
  readonly day: string;
  readonly orders: number;
  readonly returns: number;
}

/**
 * What sums over days were made of: the orders and returns of each day. Sums of best sellers are
 * used only while the location-days (projected by the same contributions) still count as many.
 */
export function fingerprintOf(counts: readonly DayCounts[], from: string, to: string): string {
  const by = new Map(counts.map((c) => [c.day, c]));
  return daysOf(from, to)
    .map((d) => `${by.get(d)?.orders ?? 0}/${by.get(d)?.returns ?? 0}`)
    .join(',');
}

/** Product rows summed per product into one row each, dated the last day the product appears. */
export function sumProductDays(rows: readonly ProductDay[], locationId: string): ProductDay[] {
  const by = new Map<string, ProductDay>();
  for (const r of rows) {
    const seen = by.get(r.productId);
    by.set(r.productId, {
      locationId,
      day: seen && seen.day > r.day ? seen.day : r.day,
      productId: r.productId,
      name: seen?.name ?? r.name,
      counters: addCounters(seen?.counters ?? zeroCounters, r.counters),
    });
  }
  return [...by.values()];
}

function windowOf(rows: readonly LocationDay[], from: string, to: string): WindowFigures {
  const f = figuresOf(sumCounters(rows.filter((r) => r.day >= from && r.day <= to).map((r) => r.counters)));
  return {
    revenueCents: f.revenueCents,
    revenueWithTaxesCents: f.revenueWithTaxesCents,
    orders: f.orders,
    returns: f.returns,
    units: f.units,
    averageBasketCents: averageBasketCents(f.revenueCents, f.orders),
  };
}

function topOf(rows: readonly ProductDay[], n: number, names: ReadonlyMap<string, string>): TopProduct[] {
  const by = new Map<string, Counters>();
  for (const r of rows) by.set(r.productId, addCounters(by.get(r.productId) ?? zeroCounters, r.counters));
  return [...by]
    .map(([productId, c]) => {
      const f = figuresOf(c);
      return {
        productId,
        name: names.get(productId) ?? productId,
        units: f.units,
        revenueCents: f.revenueCents,
      };
    })
    .filter((p) => p.units > 0 || p.revenueCents > 0)
    .sort(
      (a, b) =>
        b.revenueCents - a.revenueCents || b.units - a.units || a.productId.localeCompare(b.productId),
    )
    .slice(0, n);
}

const alertOrder: Record<AlertType, number> = { out: 0, low: 1, over: 2 };

const recentOf = (today: string, ids: ReadonlySet<string>, rows: readonly ProductDay[]) => {
  const w = dashboardWindow(today);
  return rows.filter((r) => ids.has(r.locationId) && r.day >= w.topFrom && r.day <= today);
};

/**
 * The products a dashboard shows (each location's top 3 and the chain's top 5), each with the last
 * day it sold in the window: where its name can be looked up (the best-seller rows carry none).
 */
export function dashboardProducts(
  today: string,
  locations: readonly string[],
  productRows: readonly ProductDay[],
): Map<string, string> {
  const recent = recentOf(today, new Set(locations), productRows);
  const shown = new Set(
    [
      ...locations.flatMap((id) =>
        topOf(
          recent.filter((r) => r.locationId === id),
          3,
          new Map(),
        ),
      ),
      ...topOf(recent, 5, new Map()),
    ].map((p) => p.productId),
  );
  const lastSold = new Map<string, string>();
  for (const r of recent)
    if (shown.has(r.productId) && r.day > (lastSold.get(r.productId) ?? '')) lastSold.set(r.productId, r.day);
  return lastSold;
}

/**
 * The head-office dashboard: for each location (stores, and the web shop served by `warehouse`)
 * revenue today, over the last 7 and 30 days (today included), orders, average basket, its top
 * products and alert counts; chain totals, chain top products, and the current alerts. `names`
 * names the products shown (`dashboardProducts` says which); a product without one shows its id.
 */
export function buildDashboard(
  today: string,
  locations: readonly string[],
  locationRows: readonly LocationDay[],
  productRows: readonly ProductDay[],
  alerts: readonly Alert[],
  names: ReadonlyMap<string, string> = new Map(),
  offlineSales: readonly OfflineSaleRow[] = [],
): Dashboard {
  const w = dashboardWindow(today);
  const ids = new Set(locations);
  const rows = locationRows.filter((r) => ids.has(r.locationId));
  const recentProducts = recentOf(today, ids, productRows);
  const current = alerts
    .filter((a) => ids.has(a.locationId))
    .sort(
      (a, b) =>
        alertOrder[a.type] - alertOrder[b.type] ||
        a.locationId.localeCompare(b.locationId) ||
        a.name.localeCompare(b.name, 'fr-CA'),
    );
  return {
    today,
    timeZone: reportingTimeZone,
    locations: locations.map((id) => {
      const mine = rows.filter((r) => r.locationId === id);
      const own = current.filter((a) => a.locationId === id);
      return {
        locationId: id,
        channel: id === webShopLocation ? 'web' : 'pos',
        today: windowOf(mine, today, today),
        last7Days: windowOf(mine, w.topFrom, today),
        last30Days: windowOf(mine, w.from, today),
        topProducts: topOf(
          recentProducts.filter((r) => r.locationId === id),
          3,
          names,
        ),
        alerts: {
          out: own.filter((a) => a.type === 'out').length,
          low: own.filter((a) => a.type === 'low').length,
          over: own.filter((a) => a.type === 'over').length,
        },
      };
    }),
    totals: {
      today: windowOf(rows, today, today),
      last7Days: windowOf(rows, w.topFrom, today),
      last30Days: windowOf(rows, w.from, today),
    },
    topProducts: topOf(recentProducts, 5, names),
    alerts: current,
    offlineSales: offlineSales.filter((o) => ids.has(o.locationId)),
    negativeStock: current.filter((a) => a.type === 'out' && a.level < 0),
  };
}
