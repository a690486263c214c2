import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { api, ApiError, isMissingRoute, send, type Location } from '../lib/api.ts';
import { h, render, type Child } from '../lib/dom.ts';
import {
  currentLocale,
  formatDateTime,
  formatDay,
  formatMoney,
  formatNumber,
  formatPercent,
  translator,
} from '../lib/i18n.ts';
import { describeError, mountLayout, requireRole } from '../lib/layout.ts';
import * as common from '../lib/messages.ts';
import { learnEnglishNames, lineName } from '../lib/products.ts';
import { statusBadge } from '../lib/stock.ts';
import * as messages from './messages.ts';
import { renderOfflineSales, type NegativeLine, type OfflineSale } from './offline.ts';
import { loadPromos } from './promos.ts';
import { mountSessions, type Store } from './sessions.ts';
import { mountStock } from './stock.ts';

const t = translator(common, messages);

/**
 * Head office: how each store performs (dashboard and chart), the consolidated sales report for a
 * period, current stock alerts, and the exports produced on schedule or on demand.
 */
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

interface WindowFigures {
  readonly revenueCents: number;
  readonly revenueWithTaxesCents?: number;
  readonly orders: number;
  readonly returns?: number;
  readonly units?: number;
  readonly averageBasketCents: number;
}
interface TopProduct {
  readonly productId: string;
  readonly name: string;
  readonly units: number;
  readonly revenueCents: number;
}
interface Alert {
  readonly type: 'out' | 'low' | 'over';
  readonly locationId: string;
  readonly productId: string;
  readonly name: string;
  readonly level: number;
  readonly since: string;
}
interface DashboardLocation {
  readonly locationId: string;
  readonly name?: string;
  readonly channel?: 'pos' | 'web';
  readonly today: WindowFigures;
  readonly last7Days: WindowFigures;
  readonly last30Days: WindowFigures;
  readonly topProducts: TopProduct[];
  readonly alerts: { out: number; low: number; over: number };
}
interface Dashboard {
  readonly today: string;
  readonly timeZone?: string;
  readonly locations: DashboardLocation[];
  readonly totals?: { today: WindowFigures; last7Days: WindowFigures; last30Days: WindowFigures };
  readonly topProducts?: TopProduct[];
  readonly alerts: Alert[];
  readonly offlineSales?: OfflineSale[];
  readonly negativeStock?: NegativeLine[];
}
interface Figures {
  readonly orders: number;
  readonly returns?: number;
  readonly units: number;
  readonly revenueCents: number;
  readonly revenueWithTaxesCents?: number;
  readonly refundedCents?: number;
  readonly averageBasketCents?: number;
}
interface TaxFigures {
  readonly netSalesCents: number;
  readonly gstCollectedCents: number;
  readonly gstRefundedCents: number;
  readonly gstCents: number;
  readonly qstCollectedCents: number;
  readonly qstRefundedCents: number;
  readonly qstCents: number;
}
interface TenderRow {
  readonly method: string;
  readonly orders: number;
  readonly amountCents: number;
  readonly refundedCents: number;
  readonly netCents: number;
}
interface ComparedPeriod {
  readonly period: { from: string; to: string };
  readonly totals: Figures;
}
interface SalesReport {
  readonly period: { from: string; to: string; timeZone?: string };
  readonly locations: (Figures & { locationId: string })[];
  readonly products: (Figures & { productId: string; name: string })[];
  readonly days: (Figures & { day: string })[];
  readonly totals: Figures;
  readonly taxes?: {
    readonly locations: { locationId: string; classes: (TaxFigures & { taxClass: string })[] }[];
    readonly totals: TaxFigures;
  };
  readonly tenders?: { readonly methods: TenderRow[] };
  readonly comparison?: { readonly previous: ComparedPeriod; readonly yearEarlier: ComparedPeriod };
}
interface ExportItem {
  readonly id?: string;
  readonly exportId?: string;
  readonly period?: { from: string; to: string };
  readonly fileName?: string;
  readonly format?: string;
  readonly size?: number;
  readonly sizeBytes?: number;
  readonly createdAt?: string;
  readonly scheduled?: boolean;
  readonly trigger?: string;
  readonly [k: string]: unknown;
}

const layout = mountLayout('office', t('office.title'));
const session = requireRole(layout, ['manager'], t('office.heading'));
const locationNames = new Map<string, string>();
let chart: Chart | undefined;

const dashboardBox = h('section', {
  id: 'dashboard',
  class: 'section',
  'aria-labelledby': 'dashboard-title',
});
const alertsBox = h('section', { id: 'alerts', class: 'card section', 'aria-labelledby': 'alerts-title' });
const offlineBox = h('section', { id: 'offline', class: 'card section', 'aria-labelledby': 'offline-title' });
const sessionsBox = h('section', {
  id: 'sessions',
  class: 'card section',
  'aria-labelledby': 'sessions-title',
});
const reportBox = h('section', { id: 'report', class: 'card section', 'aria-labelledby': 'report-title' });
const exportsBox = h('section', { id: 'exports', class: 'card section', 'aria-labelledby': 'exports-title' });
const promosBox = h('section', { id: 'promos', class: 'card section', 'aria-labelledby': 'promos-title' });
const stockBox = h('section', { id: 'stock', class: 'card section', 'aria-labelledby': 'stock-title' });

/** The chain's stores, when `GET /locations` cannot be read. */
const storeIds = ['store-1', 'store-2', 'store-3', 'store-4', 'store-5'];
const nameOf = (id: string) => locationNames.get(id) ?? id;
/** Report days are Montréal days (the reporting time zone), whatever the browser's zone. */
const montrealDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Montreal' });
const isoDay = (d: Date) => montrealDay.format(d);
const daysAgo = (n: number) => isoDay(new Date(Date.now() - n * 86_400_000));

if (session) {
  render(
    layout.main,
    h('h1', {}, t('office.heading')),
    h(
      'nav',
      { 'aria-label': t('office.sections'), class: 'chips' },
      h('a', { class: 'button', href: '#dashboard' }, t('office.nav.dashboard')),
      h('a', { class: 'button', href: '#alerts' }, t('office.nav.alerts')),
      h('a', { class: 'button', href: '#offline' }, t('office.nav.offline')),
      h('a', { class: 'button', href: '#sessions' }, t('office.nav.sessions')),
      h('a', { class: 'button', href: '#report' }, t('office.nav.report')),
      h('a', { class: 'button', href: '#exports' }, t('office.nav.exports')),
      h('a', { class: 'button', href: '#promos' }, t('office.nav.promos')),
      h('a', { class: 'button', href: '#stock' }, t('office.nav.stock')),
    ),
    dashboardBox,
    alertsBox,
    offlineBox,
    sessionsBox,
    reportBox,
    exportsBox,
    promosBox,
    stockBox,
  );
  void start();
}

async function start(): Promise<void> {
  // Dashboards, alerts and reports carry French product names: in English, the catalog's names first.
  const names = learnEnglishNames();
  let stores: Store[] = storeIds.map((id) => ({ id, name: id }));
  try {
    const locations = await api.get<{ items: Location[] }>('/locations');
    for (const l of locations.items) locationNames.set(l.id, l.name);
    stores = locations.items.filter((l) => l.kind === 'store').map(({ id, name }) => ({ id, name }));
  } catch {
    // Names then come from the dashboard itself.
  }
  renderReportForm();
  await names;
  await Promise.all([
    loadDashboard(),
    loadExports(),
    loadPromos(promosBox, layout),
    mountSessions(sessionsBox, stores),
    mountStock(stockBox, t as (key: string, values?: Record<string, string | number>) => string, nameOf)(),
  ]);
}

// ---- dashboard
async function loadDashboard(): Promise<void> {
  const title = h('h2', { id: 'dashboard-title' }, t('office.dashboard'));
  const alertsTitle = h('h2', { id: 'alerts-title' }, t('office.alerts'));
  try {
    const d = await api.get<Dashboard>('/dashboard');
    for (const l of d.locations)
      if (!locationNames.has(l.locationId) && l.name) locationNames.set(l.locationId, l.name);
    const totals = d.totals;
    const canvas = h('canvas', {
      id: 'revenue-chart',
      role: 'img',
      'aria-label': t('office.chart'),
    });
    render(
      dashboardBox,
      title,
      h(
        'p',
        { class: 'muted small' },
        d.timeZone
          ? t('office.asOfZone', { day: formatDay(d.today), zone: d.timeZone })
          : t('office.asOf', { day: formatDay(d.today) }),
      ),
      totals
        ? h(
            'div',
            { class: 'kpis' },
            kpi(
              t('office.today'),
              formatMoney(totals.today.revenueCents),
              t('office.orders', { count: totals.today.orders }),
            ),
            kpi(
              t('office.7days'),
              formatMoney(totals.last7Days.revenueCents),
              t('office.orders', { count: totals.last7Days.orders }),
            ),
            kpi(
              t('office.30days'),
              formatMoney(totals.last30Days.revenueCents),
              t('office.orders', { count: totals.last30Days.orders }),
            ),
            kpi(
              t('office.averageBasket30'),
              formatMoney(totals.last30Days.averageBasketCents),
              t('office.alertCount', { count: d.alerts.length }),
            ),
          )
        : null,
      h('div', { class: 'card section' }, h('div', { class: 'chart-box' }, canvas)),
      h(
        'div',
        { class: 'card table-wrap section', tabindex: '0' },
        h(
          'table',
          { id: 'stores-table' },
          h('caption', {}, t('office.byStore')),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, t('office.store')),
              h('th', { scope: 'col', class: 'num' }, t('office.today')),
              h('th', { scope: 'col', class: 'num' }, t('office.7days')),
              h('th', { scope: 'col', class: 'num' }, t('office.30days')),
              h('th', { scope: 'col', class: 'num' }, t('office.orders30')),
              h('th', { scope: 'col', class: 'num' }, t('office.averageBasket')),
              h('th', { scope: 'col' }, t('office.alertsColumn')),
              h('th', { scope: 'col' }, t('office.top7')),
            ),
          ),
          h(
            'tbody',
            {},
            d.locations.map((l) =>
              h(
                'tr',
                { 'data-location-id': l.locationId },
                h(
                  'th',
                  { scope: 'row' },
                  nameOf(l.locationId),
                  h(
                    'div',
                    { class: 'muted small' },
                    l.channel === 'web' ? t('office.webChannel', { id: l.locationId }) : l.locationId,
                  ),
                ),
                h('td', { class: 'num' }, formatMoney(l.today.revenueCents)),
                h('td', { class: 'num' }, formatMoney(l.last7Days.revenueCents)),
                h('td', { class: 'num' }, formatMoney(l.last30Days.revenueCents)),
                h('td', { class: 'num' }, formatNumber(l.last30Days.orders)),
                h('td', { class: 'num' }, formatMoney(l.last30Days.averageBasketCents)),
                h(
                  'td',
                  {},
                  h(
                    'span',
                    { class: 'row' },
                    alertCount('out', l.alerts.out),
                    alertCount('low', l.alerts.low),
                    alertCount('over', l.alerts.over),
                  ),
                ),
                h(
                  'td',
                  { class: 'small' },
                  l.topProducts.length
                    ? l.topProducts
                        .slice(0, 3)
                        .map((p) =>
                          t('office.topLine', { name: lineName(p.productId, p.name), units: p.units }),
                        )
                        .join(', ')
                    : t('common.none'),
                ),
              ),
            ),
          ),
        ),
      ),
      d.topProducts?.length
        ? h(
            'div',
            { class: 'card table-wrap section', tabindex: '0' },
            h(
              'table',
              {},
              h('caption', {}, t('office.topChain')),
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  h('th', {}, t('common.product')),
                  h('th', { class: 'num' }, t('office.units')),
                  h('th', { class: 'num' }, t('office.revenue')),
                ),
              ),
              h(
                'tbody',
                {},
                d.topProducts.map((p) =>
                  h(
                    'tr',
                    {},
                    h('td', {}, lineName(p.productId, p.name)),
                    h('td', { class: 'num' }, formatNumber(p.units)),
                    h('td', { class: 'num' }, formatMoney(p.revenueCents)),
                  ),
                ),
              ),
            ),
          )
        : null,
    );
    drawChart(canvas, d.locations);
    renderAlerts(alertsTitle, d.alerts);
    renderOfflineSales(offlineBox, d.offlineSales ?? [], d.negativeStock ?? [], nameOf);
  } catch (error) {
    render(dashboardBox, title, unavailable(error, 'GET /dashboard'));
    render(
      offlineBox,
      h('h2', { id: 'offline-title' }, t('office.offline')),
      unavailable(error, 'GET /dashboard'),
    );
    await loadAlertsFallback(alertsTitle);
  }
}

function kpi(label: string, value: string, sub: string): HTMLElement {
  return h(
    'div',
    { class: 'card kpi' },
    h('div', { class: 'muted small' }, label),
    h('div', { class: 'value' }, value),
    h('div', { class: 'muted small' }, sub),
  );
}

function alertCount(type: 'out' | 'low' | 'over', n: number): Child {
  return n > 0 ? h('span', { title: `${n}` }, statusBadge(type), ` ${n}`) : null;
}

function drawChart(canvas: HTMLCanvasElement, locations: DashboardLocation[]): void {
  chart?.destroy();
  const dollars = (c: number) => c / 100;
  chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: locations.map((l) => nameOf(l.locationId)),
      datasets: [
        {
          label: t('office.today'),
          data: locations.map((l) => dollars(l.today.revenueCents)),
          backgroundColor: '#7a3e12',
        },
        {
          label: t('office.7days'),
          data: locations.map((l) => dollars(l.last7Days.revenueCents)),
          backgroundColor: '#0b6b5c',
        },
        {
          label: t('office.30days'),
          data: locations.map((l) => dollars(l.last30Days.revenueCents)),
          backgroundColor: '#9fb8d8',
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      locale: currentLocale(),
      plugins: {
        tooltip: {
          callbacks: {
            label: (c) =>
              t('office.tooltip', {
                label: c.dataset.label ?? '',
                amount: formatMoney(Math.round((c.parsed.y ?? 0) * 100)),
              }),
          },
        },
      },
      scales: {
        y: { beginAtZero: true, ticks: { callback: (v) => formatMoney(Math.round(Number(v) * 100)) } },
      },
    },
  });
}

// ---- alerts
const alertLabel = (type: Alert['type']): string =>
  type === 'out' || type === 'low' || type === 'over' ? t(`office.alert.${type}`) : type;

function renderAlerts(title: HTMLElement, alerts: readonly Alert[]): void {
  render(
    alertsBox,
    title,
    alerts.length === 0
      ? h('p', { class: 'muted' }, t('office.alerts.none'))
      : h(
          'div',
          { class: 'table-wrap', tabindex: '0' },
          h(
            'table',
            { id: 'alerts-table' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', {}, t('common.type')),
                h('th', {}, t('common.product')),
                h('th', {}, t('common.location')),
                h('th', { class: 'num' }, t('office.level')),
                h('th', {}, t('office.since')),
              ),
            ),
            h(
              'tbody',
              {},
              alerts.map((a) =>
                h(
                  'tr',
                  {},
                  h('td', {}, h('span', { class: `badge badge-${a.type}` }, alertLabel(a.type))),
                  h('td', {}, lineName(a.productId, a.name)),
                  h('td', {}, nameOf(a.locationId)),
                  h('td', { class: 'num' }, a.level),
                  h('td', {}, formatDateTime(a.since)),
                ),
              ),
            ),
          ),
        ),
  );
}

async function loadAlertsFallback(title: HTMLElement): Promise<void> {
  try {
    const page = await api.get<{ items: Alert[] }>('/alerts');
    renderAlerts(title, page.items);
  } catch (error) {
    render(alertsBox, title, unavailable(error, 'GET /alerts'));
  }
}

// ---- consolidated report
function renderReportForm(): void {
  const from = h('input', { id: 'report-from', type: 'date', required: true, value: daysAgo(29) });
  const to = h('input', { id: 'report-to', type: 'date', required: true, value: daysAgo(0) });
  const location = h(
    'select',
    { id: 'report-location' },
    h('option', { value: '' }, t('office.allLocations')),
    [...locationNames]
      .filter(([id]) => id !== 'head-office')
      .map(([id, name]) => h('option', { value: id }, t('office.locationOption', { name, id }))),
  );
  const result = h('div', { id: 'report-result' });
  const form = h(
    'form',
    { class: 'row', 'aria-label': t('office.reportPeriod') },
    h('div', { class: 'field' }, h('label', { for: 'report-from' }, t('common.from')), from),
    h('div', { class: 'field' }, h('label', { for: 'report-to' }, t('common.to')), to),
    h('div', { class: 'field' }, h('label', { for: 'report-location' }, t('common.location')), location),
    h('div', { class: 'field' }, h('button', { type: 'submit', class: 'primary' }, t('office.showReport'))),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void loadReport(result, from.value, to.value, location.value);
  });
  render(reportBox, h('h2', { id: 'report-title' }, t('office.report')), form, result);
}

async function loadReport(box: HTMLElement, from: string, to: string, locationId: string): Promise<void> {
  render(box, h('p', { class: 'muted' }, t('common.loading')));
  try {
    const r = await api.get<SalesReport>('/reports/sales', { query: { from, to, locationId } });
    const head = (first: string) =>
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, first),
          h('th', { scope: 'col', class: 'num' }, t('office.ordersColumn')),
          h('th', { scope: 'col', class: 'num' }, t('office.units')),
          h('th', { scope: 'col', class: 'num' }, t('office.revenueBeforeTaxes')),
          h('th', { scope: 'col', class: 'num' }, t('office.revenueWithTaxes')),
        ),
      );
    const cells = (f: Figures) => [
      h('td', { class: 'num' }, formatNumber(f.orders)),
      h('td', { class: 'num' }, formatNumber(f.units)),
      h('td', { class: 'num' }, formatMoney(f.revenueCents)),
      h(
        'td',
        { class: 'num' },
        f.revenueWithTaxesCents !== undefined ? formatMoney(f.revenueWithTaxesCents) : t('common.none'),
      ),
    ];
    const foot = () =>
      h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, t('common.total')), cells(r.totals)));
    const table = (id: string, caption: string, first: string, rows: HTMLElement[]) =>
      h(
        'div',
        { class: 'table-wrap section', tabindex: '0' },
        h('table', { id }, h('caption', {}, caption), head(first), h('tbody', {}, rows), foot()),
      );
    render(
      box,
      h(
        'p',
        { class: 'muted small' },
        r.period.timeZone
          ? t('office.periodZone', {
              from: formatDay(r.period.from),
              to: formatDay(r.period.to),
              zone: r.period.timeZone,
            })
          : t('office.period', { from: formatDay(r.period.from), to: formatDay(r.period.to) }),
      ),
      h(
        'div',
        { class: 'kpis' },
        kpi(t('office.revenue'), formatMoney(r.totals.revenueCents), t('office.beforeTaxes')),
        kpi(
          t('office.ordersColumn'),
          formatNumber(r.totals.orders),
          t('office.returns', { count: r.totals.returns ?? 0 }),
        ),
        kpi(t('office.units'), formatNumber(r.totals.units), t('office.unitsSold')),
        kpi(
          t('office.averageBasket'),
          r.totals.averageBasketCents !== undefined
            ? formatMoney(r.totals.averageBasketCents)
            : t('common.none'),
          t('office.beforeTaxes'),
        ),
        r.comparison ? compared(t('office.comparisonPrevious'), r.comparison.previous, r.totals) : null,
        r.comparison ? compared(t('office.comparisonYearEarlier'), r.comparison.yearEarlier, r.totals) : null,
        r.taxes
          ? kpi(
              t('office.gstToRemit'),
              formatMoney(r.taxes.totals.gstCents),
              t('office.remitSub', {
                collected: formatMoney(r.taxes.totals.gstCollectedCents),
                refunded: formatMoney(r.taxes.totals.gstRefundedCents),
              }),
            )
          : null,
        r.taxes
          ? kpi(
              t('office.qstToRemit'),
              formatMoney(r.taxes.totals.qstCents),
              t('office.remitSub', {
                collected: formatMoney(r.taxes.totals.qstCollectedCents),
                refunded: formatMoney(r.taxes.totals.qstRefundedCents),
              }),
            )
          : null,
      ),
      r.taxes ? taxesTable(r.taxes) : null,
      r.tenders ? tendersTable(r.tenders.methods) : null,
      table(
        'report-locations',
        t('office.byLocation'),
        t('common.location'),
        r.locations.map((l) => h('tr', {}, h('th', { scope: 'row' }, nameOf(l.locationId)), cells(l))),
      ),
      table(
        'report-products',
        t('office.byProduct'),
        t('common.product'),
        r.products.map((p) =>
          h('tr', {}, h('th', { scope: 'row' }, lineName(p.productId, p.name)), cells(p)),
        ),
      ),
      table(
        'report-days',
        t('office.byDay'),
        t('office.day'),
        r.days.map((d) => h('tr', {}, h('th', { scope: 'row' }, formatDay(d.day)), cells(d))),
      ),
    );
  } catch (error) {
    render(box, unavailable(error, 'GET /reports/sales'));
  }
}

const taxClassName = (taxClass: string): string =>
  ({
    standard: t('office.taxClass.standard'),
    'zero-rated': t('office.taxClass.zeroRated'),
    'bakery-single': t('office.taxClass.bakerySingle'),
    exempt: t('office.taxClass.exempt'),
  })[taxClass] ?? taxClass;
const tenderName = (method: string): string =>
  ({ cash: t('office.tender.cash'), card: t('office.tender.card'), unknown: t('office.tender.unknown') })[
    method
  ] ?? method;
const signedPercent = (ratio: number) => `${ratio > 0 ? '+' : ''}${formatPercent(ratio)}`;

/** An earlier period's revenue, and how the chosen period compares with it. */
function compared(label: string, earlier: ComparedPeriod, now: Figures): HTMLElement {
  const before = earlier.totals.revenueCents;
  const change = before > 0 ? signedPercent((now.revenueCents - before) / before) : t('office.noComparison');
  return kpi(
    label,
    formatMoney(before),
    t('office.comparisonSub', {
      from: formatDay(earlier.period.from),
      to: formatDay(earlier.period.to),
      change,
    }),
  );
}

function taxesTable(taxes: NonNullable<SalesReport['taxes']>): HTMLElement {
  const rows = taxes.locations.flatMap((l) =>
    l.classes.map((c) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, nameOf(l.locationId)),
        h('td', {}, taxClassName(c.taxClass)),
        h('td', { class: 'num' }, formatMoney(c.netSalesCents)),
        h('td', { class: 'num' }, formatMoney(c.gstCents)),
        h('td', { class: 'num' }, formatMoney(c.qstCents)),
      ),
    ),
  );
  return h(
    'div',
    { class: 'table-wrap section', tabindex: '0' },
    h(
      'table',
      { id: 'report-taxes' },
      h('caption', {}, t('office.taxesCaption')),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, t('common.location')),
          h('th', { scope: 'col' }, t('office.taxClassColumn')),
          h('th', { scope: 'col', class: 'num' }, t('office.taxBase')),
          h('th', { scope: 'col', class: 'num' }, t('office.gst')),
          h('th', { scope: 'col', class: 'num' }, t('office.qst')),
        ),
      ),
      h('tbody', {}, rows),
      h(
        'tfoot',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'row', colspan: '2' }, t('office.totalToRemit')),
          h('td', { class: 'num' }, formatMoney(taxes.totals.netSalesCents)),
          h('td', { class: 'num' }, formatMoney(taxes.totals.gstCents)),
          h('td', { class: 'num' }, formatMoney(taxes.totals.qstCents)),
        ),
      ),
    ),
    h('p', { class: 'muted small' }, t('office.taxesHint')),
  );
}

function tendersTable(methods: readonly TenderRow[]): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap section', tabindex: '0' },
    h(
      'table',
      { id: 'report-tenders' },
      h('caption', {}, t('office.tendersCaption')),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, t('office.tenderColumn')),
          h('th', { scope: 'col', class: 'num' }, t('office.tenderOrders')),
          h('th', { scope: 'col', class: 'num' }, t('office.tenderPaid')),
          h('th', { scope: 'col', class: 'num' }, t('office.tenderRefunded')),
          h('th', { scope: 'col', class: 'num' }, t('office.tenderNet')),
        ),
      ),
      h(
        'tbody',
        {},
        methods.map((m) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, tenderName(m.method)),
            h('td', { class: 'num' }, formatNumber(m.orders)),
            h('td', { class: 'num' }, formatMoney(m.amountCents)),
            h('td', { class: 'num' }, formatMoney(m.refundedCents)),
            h('td', { class: 'num' }, formatMoney(m.netCents)),
          ),
        ),
      ),
    ),
  );
}

// ---- exports
async function loadExports(): Promise<void> {
  const title = h('h2', { id: 'exports-title' }, t('office.exports'));
  const from = h('input', { id: 'export-from', type: 'date', required: true, value: daysAgo(7) });
  const to = h('input', { id: 'export-to', type: 'date', required: true, value: daysAgo(1) });
  const format = h(
    'select',
    { id: 'export-format' },
    h('option', { value: 'csv' }, 'CSV'),
    h('option', { value: 'json' }, 'JSON'),
  );
  const locale = h(
    'select',
    { id: 'export-locale' },
    h('option', { value: 'fr-CA' }, t('office.exportLocale.frCA')),
    h('option', { value: 'en-CA' }, t('office.exportLocale.enCA')),
  );
  const submit = h('button', { type: 'submit', class: 'primary' }, t('office.produceNow'));
  const form = h(
    'form',
    { class: 'row', 'aria-label': t('office.produceExport') },
    h('div', { class: 'field' }, h('label', { for: 'export-from' }, t('common.from')), from),
    h('div', { class: 'field' }, h('label', { for: 'export-to' }, t('common.to')), to),
    h('div', { class: 'field' }, h('label', { for: 'export-format' }, t('office.format')), format),
    h('div', { class: 'field' }, h('label', { for: 'export-locale' }, t('office.exportLocale')), locale),
    h('div', { class: 'field' }, submit),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submit.disabled = true;
    api
      .post<{ exportId: string }>('/reports/exports', {
        from: from.value,
        to: to.value,
        format: format.value,
        locale: locale.value,
      })
      .then(
        (r) => {
          layout.notify('success', t('office.exported', { id: r.exportId }));
          return loadExports();
        },
        (error: unknown) =>
          layout.notify(
            'error',
            isMissingRoute(error) ? t('office.exports.unavailable') : describeError(error),
          ),
      )
      .finally(() => (submit.disabled = false));
  });
  let list: Child;
  try {
    const page = await api.get<{ items: ExportItem[] }>('/reports/exports');
    list =
      page.items.length === 0
        ? h('p', { class: 'muted' }, t('office.exports.none'))
        : h(
            'div',
            { class: 'table-wrap', tabindex: '0' },
            h(
              'table',
              { id: 'exports-table' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  h('th', {}, t('office.created')),
                  h('th', {}, t('office.periodColumn')),
                  h('th', {}, t('office.format')),
                  h('th', {}, t('office.exportLocaleColumn')),
                  h('th', { class: 'num' }, t('office.size')),
                  h('th', {}, t('office.origin')),
                  h('th', {}, t('office.file')),
                ),
              ),
              h(
                'tbody',
                {},
                page.items.map((x) => {
                  const id = x.exportId ?? x.id ?? '';
                  const size = x.sizeBytes ?? x.size;
                  return h(
                    'tr',
                    {},
                    h('td', {}, x.createdAt ? formatDateTime(x.createdAt) : t('common.none')),
                    h(
                      'td',
                      {},
                      x.period
                        ? t('office.range', { from: formatDay(x.period.from), to: formatDay(x.period.to) })
                        : t('common.none'),
                    ),
                    h('td', {}, (x.format ?? '').toUpperCase()),
                    h('td', {}, typeof x.locale === 'string' ? x.locale : '—'),
                    h(
                      'td',
                      { class: 'num' },
                      size !== undefined
                        ? t('office.kilobytes', { count: Math.ceil(size / 1024) })
                        : t('common.none'),
                    ),
                    h(
                      'td',
                      {},
                      x.scheduled || x.trigger === 'scheduled' ? t('office.scheduled') : t('office.onDemand'),
                    ),
                    h(
                      'td',
                      {},
                      h(
                        'button',
                        {
                          type: 'button',
                          class: 'link',
                          onclick: () => void download(id, x.format ?? 'csv'),
                        },
                        x.fileName ?? t('office.download', { id }),
                      ),
                    ),
                  );
                }),
              ),
            ),
          );
  } catch (error) {
    list = unavailable(error, 'GET /reports/exports');
  }
  render(exportsBox, title, form, list);
}

/**
 * Downloads need the bearer token: the API answers with a short-lived presigned link that is then
 * followed, or with the file itself, handed to the browser as a blob.
 */
async function download(exportId: string, format: string): Promise<void> {
  try {
    const res = await send('GET', `/reports/exports/${encodeURIComponent(exportId)}`);
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
      throw new ApiError(res.status, body, res.headers.get('x-correlation-id') ?? undefined);
    }
    const type = res.headers.get('content-type') ?? '';
    if (type.includes('application/json')) {
      // A short-lived presigned link (served with Content-Disposition: attachment, so the page stays).
      const body = (await res.clone().json()) as { url?: string; downloadUrl?: string };
      const link = body.downloadUrl ?? body.url;
      if (typeof link === 'string') {
        location.href = link;
        return;
      }
    }
    const blob = await res.blob();
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: `comptoir-${exportId}.${format}` });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (error) {
    layout.notify('error', describeError(error));
  }
}

function unavailable(error: unknown, route: string): Child {
  return isMissingRoute(error)
    ? h('p', { class: 'muted' }, t('error.notAvailableRoute', { route }))
    : h('div', { class: 'alert alert-error' }, describeError(error));
}
