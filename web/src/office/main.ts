import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { api, ApiError, isMissingRoute, send, type Location } from '../lib/api.ts';
import { h, render, type Child } from '../lib/dom.ts';
import { describeError, mountLayout, requireRole } from '../lib/layout.ts';
import { formatCents, formatDateTime, formatNumber } from '../lib/money.ts';
import { statusBadge } from '../lib/stock.ts';
import { reportText as t } from './report-text.ts';

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

const layout = mountLayout('office', 'Siège');
const session = requireRole(layout, ['manager'], 'Siège social');
const locationNames = new Map<string, string>();
let chart: Chart | undefined;

const dashboardBox = h('section', {
  id: 'dashboard',
  class: 'section',
  'aria-labelledby': 'dashboard-title',
});
const alertsBox = h('section', { id: 'alerts', class: 'card section', 'aria-labelledby': 'alerts-title' });
const reportBox = h('section', { id: 'report', class: 'card section', 'aria-labelledby': 'report-title' });
const exportsBox = h('section', { id: 'exports', class: 'card section', 'aria-labelledby': 'exports-title' });

const nameOf = (id: string) => locationNames.get(id) ?? id;
/** Report days are Montréal days (the reporting time zone), whatever the browser's zone. */
const montrealDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Montreal' });
const isoDay = (d: Date) => montrealDay.format(d);
const daysAgo = (n: number) => isoDay(new Date(Date.now() - n * 86_400_000));

if (session) {
  render(
    layout.main,
    h('h1', {}, 'Siège social'),
    h(
      'nav',
      { 'aria-label': 'Sections', class: 'chips' },
      h('a', { class: 'button', href: '#dashboard' }, 'Tableau de bord'),
      h('a', { class: 'button', href: '#alerts' }, 'Alertes'),
      h('a', { class: 'button', href: '#report' }, 'Rapport consolidé'),
      h('a', { class: 'button', href: '#exports' }, 'Exports'),
    ),
    dashboardBox,
    alertsBox,
    reportBox,
    exportsBox,
  );
  void start();
}

async function start(): Promise<void> {
  try {
    const locations = await api.get<{ items: Location[] }>('/locations');
    for (const l of locations.items) locationNames.set(l.id, l.name);
  } catch {
    // Names then come from the dashboard itself.
  }
  renderReportForm();
  await Promise.all([loadDashboard(), loadExports()]);
}

// ---- dashboard
async function loadDashboard(): Promise<void> {
  const title = h('h2', { id: 'dashboard-title' }, 'Tableau de bord des magasins');
  const alertsTitle = h('h2', { id: 'alerts-title' }, 'Alertes de stock');
  try {
    const d = await api.get<Dashboard>('/dashboard');
    for (const l of d.locations)
      if (!locationNames.has(l.locationId) && l.name) locationNames.set(l.locationId, l.name);
    const totals = d.totals;
    const canvas = h('canvas', {
      id: 'revenue-chart',
      role: 'img',
      'aria-label': 'Chiffre d’affaires par magasin : aujourd’hui, 7 jours et 30 jours',
    });
    render(
      dashboardBox,
      title,
      h(
        'p',
        { class: 'muted small' },
        `Au ${d.today}${d.timeZone ? ` (${d.timeZone})` : ''}. Chiffre d’affaires avant taxes, retours déduits.`,
      ),
      totals
        ? h(
            'div',
            { class: 'kpis' },
            kpi(
              'Aujourd’hui',
              formatCents(totals.today.revenueCents),
              `${formatNumber(totals.today.orders)} commande(s)`,
            ),
            kpi(
              '7 jours',
              formatCents(totals.last7Days.revenueCents),
              `${formatNumber(totals.last7Days.orders)} commande(s)`,
            ),
            kpi(
              '30 jours',
              formatCents(totals.last30Days.revenueCents),
              `${formatNumber(totals.last30Days.orders)} commande(s)`,
            ),
            kpi(
              'Panier moyen (30 j)',
              formatCents(totals.last30Days.averageBasketCents),
              `${d.alerts.length} alertes de stock`,
            ),
          )
        : null,
      h('div', { class: 'card section' }, h('div', { class: 'chart-box' }, canvas)),
      h(
        'div',
        { class: 'card table-wrap section' },
        h(
          'table',
          { id: 'stores-table' },
          h('caption', {}, 'Par magasin'),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, 'Magasin'),
              h('th', { scope: 'col', class: 'num' }, 'Aujourd’hui'),
              h('th', { scope: 'col', class: 'num' }, '7 jours'),
              h('th', { scope: 'col', class: 'num' }, '30 jours'),
              h('th', { scope: 'col', class: 'num' }, 'Commandes (30 j)'),
              h('th', { scope: 'col', class: 'num' }, 'Panier moyen'),
              h('th', { scope: 'col' }, 'Alertes'),
              h('th', { scope: 'col' }, 'Meilleurs produits (7 j)'),
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
                    l.channel === 'web' ? `${l.locationId} · boutique en ligne` : l.locationId,
                  ),
                ),
                h('td', { class: 'num' }, formatCents(l.today.revenueCents)),
                h('td', { class: 'num' }, formatCents(l.last7Days.revenueCents)),
                h('td', { class: 'num' }, formatCents(l.last30Days.revenueCents)),
                h('td', { class: 'num' }, formatNumber(l.last30Days.orders)),
                h('td', { class: 'num' }, formatCents(l.last30Days.averageBasketCents)),
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
                        .map((p) => `${p.name} (${p.units})`)
                        .join(', ')
                    : '—',
                ),
              ),
            ),
          ),
        ),
      ),
      d.topProducts?.length
        ? h(
            'div',
            { class: 'card table-wrap section' },
            h(
              'table',
              {},
              h('caption', {}, 'Meilleurs produits de la chaîne (7 jours)'),
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  h('th', {}, 'Produit'),
                  h('th', { class: 'num' }, 'Unités'),
                  h('th', { class: 'num' }, 'Chiffre d’affaires'),
                ),
              ),
              h(
                'tbody',
                {},
                d.topProducts.map((p) =>
                  h(
                    'tr',
                    {},
                    h('td', {}, p.name),
                    h('td', { class: 'num' }, formatNumber(p.units)),
                    h('td', { class: 'num' }, formatCents(p.revenueCents)),
                  ),
                ),
              ),
            ),
          )
        : null,
    );
    drawChart(canvas, d.locations);
    renderAlerts(alertsTitle, d.alerts);
  } catch (error) {
    render(dashboardBox, title, unavailable(error, 'GET /dashboard'));
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
          label: 'Aujourd’hui',
          data: locations.map((l) => dollars(l.today.revenueCents)),
          backgroundColor: '#7a3e12',
        },
        {
          label: '7 jours',
          data: locations.map((l) => dollars(l.last7Days.revenueCents)),
          backgroundColor: '#0b6b5c',
        },
        {
          label: '30 jours',
          data: locations.map((l) => dollars(l.last30Days.revenueCents)),
          backgroundColor: '#9fb8d8',
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      locale: 'fr-CA',
      plugins: {
        tooltip: {
          callbacks: {
            label: (c) => `${c.dataset.label ?? ''} : ${formatCents(Math.round((c.parsed.y ?? 0) * 100))}`,
          },
        },
      },
      scales: {
        y: { beginAtZero: true, ticks: { callback: (v) => formatCents(Math.round(Number(v) * 100)) } },
      },
    },
  });
}

// ---- alerts
const alertLabels = { out: 'Rupture', low: 'Stock bas', over: 'Surstock' } as const;

function renderAlerts(title: HTMLElement, alerts: readonly Alert[]): void {
  render(
    alertsBox,
    title,
    alerts.length === 0
      ? h('p', { class: 'muted' }, 'Aucune alerte : tous les niveaux sont normaux.')
      : h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { id: 'alerts-table' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', {}, 'Type'),
                h('th', {}, 'Produit'),
                h('th', {}, 'Lieu'),
                h('th', { class: 'num' }, 'Niveau'),
                h('th', {}, 'Depuis'),
              ),
            ),
            h(
              'tbody',
              {},
              alerts.map((a) =>
                h(
                  'tr',
                  {},
                  h('td', {}, h('span', { class: `badge badge-${a.type}` }, alertLabels[a.type] ?? a.type)),
                  h('td', {}, a.name),
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
    h('option', { value: '' }, 'Tous les lieux'),
    [...locationNames]
      .filter(([id]) => id !== 'head-office')
      .map(([id, name]) => h('option', { value: id }, `${name} (${id})`)),
  );
  const result = h('div', { id: 'report-result' });
  const form = h(
    'form',
    { class: 'row', 'aria-label': 'Période du rapport' },
    h('div', { class: 'field' }, h('label', { for: 'report-from' }, 'Du'), from),
    h('div', { class: 'field' }, h('label', { for: 'report-to' }, 'Au'), to),
    h('div', { class: 'field' }, h('label', { for: 'report-location' }, 'Lieu'), location),
    h('div', { class: 'field' }, h('button', { type: 'submit', class: 'primary' }, 'Afficher le rapport')),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void loadReport(result, from.value, to.value, location.value);
  });
  render(reportBox, h('h2', { id: 'report-title' }, 'Rapport consolidé des ventes'), form, result);
}

async function loadReport(box: HTMLElement, from: string, to: string, locationId: string): Promise<void> {
  render(box, h('p', { class: 'muted' }, 'Chargement…'));
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
          h('th', { scope: 'col', class: 'num' }, 'Commandes'),
          h('th', { scope: 'col', class: 'num' }, 'Unités'),
          h('th', { scope: 'col', class: 'num' }, 'CA avant taxes'),
          h('th', { scope: 'col', class: 'num' }, 'CA taxes incluses'),
        ),
      );
    const cells = (f: Figures) => [
      h('td', { class: 'num' }, formatNumber(f.orders)),
      h('td', { class: 'num' }, formatNumber(f.units)),
      h('td', { class: 'num' }, formatCents(f.revenueCents)),
      h(
        'td',
        { class: 'num' },
        f.revenueWithTaxesCents !== undefined ? formatCents(f.revenueWithTaxesCents) : '—',
      ),
    ];
    const foot = () => h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, 'Total'), cells(r.totals)));
    const table = (id: string, caption: string, first: string, rows: HTMLElement[]) =>
      h(
        'div',
        { class: 'table-wrap section' },
        h('table', { id }, h('caption', {}, caption), head(first), h('tbody', {}, rows), foot()),
      );
    render(
      box,
      h(
        'p',
        { class: 'muted small' },
        `Du ${r.period.from} au ${r.period.to}${r.period.timeZone ? ` (${r.period.timeZone})` : ''} — retours déduits.`,
      ),
      h(
        'div',
        { class: 'kpis' },
        kpi('Chiffre d’affaires', formatCents(r.totals.revenueCents), 'avant taxes'),
        kpi('Commandes', formatNumber(r.totals.orders), `${formatNumber(r.totals.returns ?? 0)} retours`),
        kpi('Unités', formatNumber(r.totals.units), 'vendues, retours déduits'),
        kpi(
          'Panier moyen',
          r.totals.averageBasketCents !== undefined ? formatCents(r.totals.averageBasketCents) : '—',
          'avant taxes',
        ),
        r.comparison ? compared(t.comparisonPrevious, r.comparison.previous, r.totals) : null,
        r.comparison ? compared(t.comparisonYearEarlier, r.comparison.yearEarlier, r.totals) : null,
        r.taxes
          ? kpi(
              t.gstToRemit,
              formatCents(r.taxes.totals.gstCents),
              t.remitSub(
                formatCents(r.taxes.totals.gstCollectedCents),
                formatCents(r.taxes.totals.gstRefundedCents),
              ),
            )
          : null,
        r.taxes
          ? kpi(
              t.qstToRemit,
              formatCents(r.taxes.totals.qstCents),
              t.remitSub(
                formatCents(r.taxes.totals.qstCollectedCents),
                formatCents(r.taxes.totals.qstRefundedCents),
              ),
            )
          : null,
      ),
      r.taxes ? taxesTable(r.taxes) : null,
      r.tenders ? tendersTable(r.tenders.methods) : null,
      table(
        'report-locations',
        'Par lieu',
        'Lieu',
        r.locations.map((l) => h('tr', {}, h('th', { scope: 'row' }, nameOf(l.locationId)), cells(l))),
      ),
      table(
        'report-products',
        'Par produit',
        'Produit',
        r.products.map((p) => h('tr', {}, h('th', { scope: 'row' }, p.name), cells(p))),
      ),
      table(
        'report-days',
        'Par jour',
        'Jour',
        r.days.map((d) => h('tr', {}, h('th', { scope: 'row' }, d.day), cells(d))),
      ),
    );
  } catch (error) {
    render(box, unavailable(error, 'GET /reports/sales'));
  }
}

const percent = new Intl.NumberFormat('fr-CA', {
  style: 'percent',
  maximumFractionDigits: 1,
  signDisplay: 'exceptZero',
});

/** An earlier period's revenue, and how the chosen period compares with it. */
function compared(label: string, earlier: ComparedPeriod, now: Figures): HTMLElement {
  const before = earlier.totals.revenueCents;
  const change = before > 0 ? percent.format((now.revenueCents - before) / before) : t.noComparison;
  return kpi(label, formatCents(before), t.comparisonSub(earlier.period.from, earlier.period.to, change));
}

function taxesTable(taxes: NonNullable<SalesReport['taxes']>): HTMLElement {
  const rows = taxes.locations.flatMap((l) =>
    l.classes.map((c) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, nameOf(l.locationId)),
        h('td', {}, t.taxClasses[c.taxClass] ?? c.taxClass),
        h('td', { class: 'num' }, formatCents(c.netSalesCents)),
        h('td', { class: 'num' }, formatCents(c.gstCents)),
        h('td', { class: 'num' }, formatCents(c.qstCents)),
      ),
    ),
  );
  return h(
    'div',
    { class: 'table-wrap section' },
    h(
      'table',
      { id: 'report-taxes' },
      h('caption', {}, t.taxesCaption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Lieu'),
          h('th', { scope: 'col' }, t.taxClass),
          h('th', { scope: 'col', class: 'num' }, t.taxBase),
          h('th', { scope: 'col', class: 'num' }, t.gst),
          h('th', { scope: 'col', class: 'num' }, t.qst),
        ),
      ),
      h('tbody', {}, rows),
      h(
        'tfoot',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'row', colspan: '2' }, t.totalToRemit),
          h('td', { class: 'num' }, formatCents(taxes.totals.netSalesCents)),
          h('td', { class: 'num' }, formatCents(taxes.totals.gstCents)),
          h('td', { class: 'num' }, formatCents(taxes.totals.qstCents)),
        ),
      ),
    ),
    h('p', { class: 'muted small' }, t.taxesHint),
  );
}

function tendersTable(methods: readonly TenderRow[]): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap section' },
    h(
      'table',
      { id: 'report-tenders' },
      h('caption', {}, t.tendersCaption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, t.tender),
          h('th', { scope: 'col', class: 'num' }, t.tenderOrders),
          h('th', { scope: 'col', class: 'num' }, t.tenderPaid),
          h('th', { scope: 'col', class: 'num' }, t.tenderRefunded),
          h('th', { scope: 'col', class: 'num' }, t.tenderNet),
        ),
      ),
      h(
        'tbody',
        {},
        methods.map((m) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, t.tenders[m.method] ?? m.method),
            h('td', { class: 'num' }, formatNumber(m.orders)),
            h('td', { class: 'num' }, formatCents(m.amountCents)),
            h('td', { class: 'num' }, formatCents(m.refundedCents)),
            h('td', { class: 'num' }, formatCents(m.netCents)),
          ),
        ),
      ),
    ),
  );
}

// ---- exports
async function loadExports(): Promise<void> {
  const title = h('h2', { id: 'exports-title' }, 'Exports');
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
    (['fr-CA', 'en-CA'] as const).map((l) => h('option', { value: l }, t.locales[l])),
  );
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Produire maintenant');
  const form = h(
    'form',
    { class: 'row', 'aria-label': 'Produire un export' },
    h('div', { class: 'field' }, h('label', { for: 'export-from' }, 'Du'), from),
    h('div', { class: 'field' }, h('label', { for: 'export-to' }, 'Au'), to),
    h('div', { class: 'field' }, h('label', { for: 'export-format' }, 'Format'), format),
    h('div', { class: 'field' }, h('label', { for: 'export-locale' }, t.exportLocale), locale),
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
          layout.notify('success', `Export produit : ${r.exportId}.`);
          return loadExports();
        },
        (error: unknown) =>
          layout.notify(
            'error',
            isMissingRoute(error)
              ? 'Les exports ne sont pas encore disponibles sur ce serveur.'
              : describeError(error),
          ),
      )
      .finally(() => (submit.disabled = false));
  });
  let list: Child;
  try {
    const page = await api.get<{ items: ExportItem[] }>('/reports/exports');
    list =
      page.items.length === 0
        ? h(
            'p',
            { class: 'muted' },
            'Aucun export pour le moment. Un export quotidien est produit à 6 h (heure de Montréal).',
          )
        : h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { id: 'exports-table' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  h('th', {}, 'Créé'),
                  h('th', {}, 'Période'),
                  h('th', {}, 'Format'),
                  h('th', {}, t.exportLocaleColumn),
                  h('th', { class: 'num' }, 'Taille'),
                  h('th', {}, 'Origine'),
                  h('th', {}, 'Fichier'),
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
                    h('td', {}, x.createdAt ? formatDateTime(x.createdAt) : '—'),
                    h('td', {}, x.period ? `${x.period.from} → ${x.period.to}` : '—'),
                    h('td', {}, (x.format ?? '').toUpperCase()),
                    h('td', {}, typeof x.locale === 'string' ? x.locale : '—'),
                    h(
                      'td',
                      { class: 'num' },
                      size !== undefined ? `${formatNumber(Math.ceil(size / 1024))} Ko` : '—',
                    ),
                    h('td', {}, x.scheduled || x.trigger === 'scheduled' ? 'planifié' : 'à la demande'),
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
                        x.fileName ?? `Télécharger ${id}`,
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
    ? h('p', { class: 'muted' }, `Pas encore disponible sur ce serveur (${route}).`)
    : h('div', { class: 'alert alert-error' }, describeError(error));
}
