import { addDays, daysOf, reportingTimeZone, type Period } from './days.ts';
import {
  addCounters,
  averageBasketCents,
  figuresOf,
  sumCounters,
  zeroCounters,
  type Counters,
  type SalesFigures,
} from './figures.ts';

/**
 * The consolidated sales report and the dashboard, computed from the daily aggregates only
 * (never from the sales themselves): their cost depends on days × locations × products sold,
 * not on the number of sales.
 */
export interface LocationDay {
  readonly locationId: string;
  readonly day: string;
  readonly counters: Counters;
}

export interface ProductDay extends LocationDay {
  readonly productId: string;
  readonly name: string;
}

export interface ReportLocation extends SalesFigures {
  readonly locationId: string;
  readonly averageBasketCents: number;
}
export interface ReportProduct extends SalesFigures {
  readonly productId: string;
  readonly name: string;
}
export interface ReportDay extends SalesFigures {
  readonly day: string;
}

export interface SalesReport {
  readonly period: Period & { readonly timeZone: string };
  readonly locationId?: string;
  readonly locations: ReportLocation[];
  readonly products: ReportProduct[];
  readonly days: ReportDay[];
  readonly totals: SalesFigures & { readonly averageBasketCents: number };
}

const byRevenue = (a: ReportProduct, b: ReportProduct) =>
  b.revenueCents - a.revenueCents || b.units - a.units || a.productId.localeCompare(b.productId);

function group<K>(rows: readonly LocationDay[], key: (r: LocationDay) => K): Map<K, Counters> {
  const out = new Map<K, Counters>();
  for (const r of rows) out.set(key(r), addCounters(out.get(key(r)) ?? zeroCounters, r.counters));
  return out;
}

/**
 * Per location, per product, per day and grand totals over a period. Every listed location and
 * every day appears, with zeros when nothing was sold. The grand totals are the sum of the
 * locations (and equally of the days); a product's `orders` counts the orders containing it.
 */
export function buildReport(
  period: Period,
  locationIds: readonly string[],
  locationRows: readonly LocationDay[],
  productRows: readonly ProductDay[],
  locationId?: string,
): SalesReport {
  const inPeriod = (r: LocationDay) =>
    r.day >= period.from && r.day <= period.to && locationIds.includes(r.locationId);
  const locs = locationRows.filter(inPeriod);
  const byLocation = group(locs, (r) => r.locationId);
  const byDay = group(locs, (r) => r.day);
  const prods = productRows.filter(inPeriod);
  const byProduct = group(prods, (r) => (r as ProductDay).productId);
  const names = new Map(prods.map((r) => [r.productId, r.name]));
  const totals = sumCounters([...byLocation.values()]);
  const totalFigures = figuresOf(totals);
  return {
    period: { from: period.from, to: period.to, timeZone: reportingTimeZone },
    ...(locationId ? { locationId } : {}),
    locations: locationIds.map((id) => {
      const f = figuresOf(byLocation.get(id) ?? zeroCounters);
      return { locationId: id, ...f, averageBasketCents: averageBasketCents(f.revenueCents, f.orders) };
    }),
    products: [...byProduct]
      .map(([productId, c]) => ({ productId, name: names.get(productId) ?? productId, ...figuresOf(c) }))
      .sort(byRevenue),
    days: daysOf(period.from, period.to).map((day) => ({
      day,
      ...figuresOf(byDay.get(day) ?? zeroCounters),
    })),
    totals: {
      ...totalFigures,
      averageBasketCents: averageBasketCents(totalFigures.revenueCents, totalFigures.orders),
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

function topOf(rows: readonly ProductDay[], n: number): TopProduct[] {
  const by = new Map<string, { name: string; c: Counters }>();
  for (const r of rows) {
    const seen = by.get(r.productId);
    by.set(r.productId, { name: r.name, c: addCounters(seen?.c ?? zeroCounters, r.counters) });
  }
  return [...by]
    .map(([productId, { name, c }]) => {
      const f = figuresOf(c);
      return { productId, name, units: f.units, revenueCents: f.revenueCents };
    })
    .filter((p) => p.units > 0 || p.revenueCents > 0)
    .sort(
      (a, b) =>
        b.revenueCents - a.revenueCents || b.units - a.units || a.productId.localeCompare(b.productId),
    )
    .slice(0, n);
}

const alertOrder: Record<AlertType, number> = { out: 0, low: 1, over: 2 };

/**
 * The head-office dashboard: for each location (stores, and the web shop served by `warehouse`)
 * revenue today, over the last 7 and 30 days (today included), orders, average basket, its top
 * products and alert counts; chain totals, chain top products, and the current alerts.
 */
export function buildDashboard(
  today: string,
  locations: readonly string[],
  locationRows: readonly LocationDay[],
  productRows: readonly ProductDay[],
  alerts: readonly Alert[],
): Dashboard {
  const w = dashboardWindow(today);
  const ids = new Set(locations);
  const rows = locationRows.filter((r) => ids.has(r.locationId));
  const recentProducts = productRows.filter(
    (r) => ids.has(r.locationId) && r.day >= w.topFrom && r.day <= today,
  );
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
    topProducts: topOf(recentProducts, 5),
    alerts: current,
  };
}
