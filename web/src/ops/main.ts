import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import type { EmfFigures, MetricsSnapshot, RouteFigures } from '#local/metrics-collector.ts';
import { api, ApiError, type Location, type Page } from '../lib/api.ts';
import { h, render, type Child } from '../lib/dom.ts';
import {
  currentLocale,
  formatDateTime as formatDate,
  formatMoney,
  formatNumber,
  formatPercent,
  formatTime,
  translator,
} from '../lib/i18n.ts';
import { describeError, mountLayout, requireRole } from '../lib/layout.ts';
import * as common from '../lib/messages.ts';
import * as messages from './messages.ts';

const t = translator(common, messages);

/**
 * The operators' dashboard: health, traffic, latency and errors per route, checkout saga outcomes,
 * events and dead letters, refreshed every 5 seconds. Figures come from `GET /_local/metrics`, the
 * local runtime's stand-in for CloudWatch; in AWS the same figures are on the CloudWatch dashboard
 * `comptoir-operations`, and this page keeps what the API itself serves (health, audit trail).
 */
Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  CategoryScale,
  LinearScale,
  Legend,
  Tooltip,
);

interface Health {
  readonly status: string;
  readonly version?: string;
  readonly node?: string;
  readonly region?: string;
  readonly time?: string;
}

interface AuditedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly source: string;
  readonly correlationId: string;
  readonly occurredAt: string;
}

const refreshMs = 5_000;
const layout = mountLayout('ops', t('ops.title'));
const session = requireRole(layout, ['ops', 'manager'], t('ops.title'));

const statusBox = h('div', { class: 'ops-status card', id: 'health', role: 'status' });
const kpiBox = h('div', { class: 'kpis', id: 'kpis' });
const canvas = h('canvas', {
  id: 'traffic-chart',
  role: 'img',
  'aria-label': t('ops.chart'),
});
const chartBox = h(
  'section',
  { class: 'card section', 'aria-labelledby': 'traffic-title' },
  h('h2', { id: 'traffic-title' }, t('ops.traffic')),
  h('div', { class: 'chart-box' }, canvas),
);
/** Tables that may scroll sideways: focusable (tabindex 0), so a keyboard can scroll them too. */
const scrollable = (id: string, label: string) =>
  h('section', { class: 'card table-wrap', id, tabindex: '0', 'aria-label': label });
const routesBox = h('section', {
  class: 'card table-wrap section',
  id: 'routes',
  tabindex: '0',
  'aria-label': t('ops.routes.caption'),
});
const sagasBox = scrollable('sagas', t('ops.saga'));
const businessBox = scrollable('business', t('ops.business'));
const eventsBox = scrollable('events', t('ops.events'));
const deadBox = scrollable('dead-letters', t('ops.kpi.dead'));
const auditBox = h('div', { id: 'audit-results' });
const localNotice = h('div', { id: 'local-notice' });

let chart: Chart | undefined;
/** Location names for the sales table (ids until `GET /locations` answers). */
const locationNames = new Map<string, string>();
let timer: ReturnType<typeof setInterval> | undefined;
const auto = h('input', { type: 'checkbox', id: 'auto-refresh', checked: true });
const refreshedAt = h('span', { class: 'muted small', id: 'refreshed-at' });

const typeInput = h('input', { id: 'audit-type', name: 'type', placeholder: t('ops.audit.typeExample') });
const correlationInput = h('input', {
  id: 'audit-correlation',
  name: 'correlationId',
  placeholder: t('ops.audit.correlationExample'),
});
const auditForm = h(
  'form',
  {
    class: 'ops-filter',
    onsubmit: (e: Event) => {
      e.preventDefault();
      void loadAudit();
    },
  },
  h('div', { class: 'field' }, h('label', { for: 'audit-type' }, t('ops.audit.type')), typeInput),
  h(
    'div',
    { class: 'field' },
    h('label', { for: 'audit-correlation' }, t('ops.audit.correlation')),
    correlationInput,
  ),
  h('button', { type: 'submit' }, t('ops.audit.filter')),
  h(
    'button',
    {
      type: 'button',
      class: 'link',
      onclick: () => {
        typeInput.value = '';
        correlationInput.value = '';
        void loadAudit();
      },
    },
    t('ops.audit.all'),
  ),
);

if (session) {
  render(
    layout.main,
    h('h1', {}, t('ops.title')),
    statusBox,
    localNotice,
    kpiBox,
    chartBox,
    routesBox,
    h('div', { class: 'ops-grid section' }, sagasBox, businessBox),
    h('div', { class: 'ops-grid section' }, eventsBox, deadBox),
    h(
      'section',
      { class: 'card section', id: 'audit', 'aria-labelledby': 'audit-title' },
      h('h2', { id: 'audit-title' }, t('ops.audit')),
      h(
        'p',
        { class: 'muted small' },
        t('ops.audit.help1'),
        h('code', {}, 'x-correlation-id'),
        t('ops.audit.help2'),
      ),
      auditForm,
      auditBox,
    ),
  );
  auto.addEventListener('change', schedule);
  document.addEventListener('visibilitychange', schedule);
  void api
    .get<{ items: Location[] }>('/locations')
    .then((l) => l.items.forEach((x) => locationNames.set(x.id, x.name)))
    .catch(() => undefined) // the sales table then shows ids
    .then(refresh);
  void loadAudit();
  schedule();
}

function schedule(): void {
  if (timer !== undefined) clearInterval(timer);
  timer = undefined;
  if (auto.checked && document.visibilityState === 'visible')
    timer = setInterval(() => void refresh(), refreshMs);
}

async function refresh(): Promise<void> {
  const [health, metrics] = await Promise.allSettled([
    api.get<Health>('/health'),
    api.get<MetricsSnapshot>('/_local/metrics'),
  ]);
  renderHealth(health);
  if (metrics.status === 'fulfilled') {
    render(localNotice);
    renderMetrics(metrics.value);
  } else if (metrics.reason instanceof ApiError && metrics.reason.status === 404) {
    render(
      localNotice,
      h(
        'div',
        { class: 'alert alert-info section' },
        h(
          'div',
          { class: 'alert-body' },
          t('ops.local1'),
          h('code', {}, 'comptoir-operations'),
          t('ops.local2'),
        ),
      ),
    );
  } else {
    render(localNotice, h('div', { class: 'alert alert-error section' }, describeError(metrics.reason)));
  }
  refreshedAt.textContent = t('ops.refreshedAt', { time: formatTime(new Date(), { seconds: true }) });
}

function renderHealth(result: PromiseSettledResult<Health>): void {
  const ok = result.status === 'fulfilled' && result.value.status === 'ok';
  const health = result.status === 'fulfilled' ? result.value : undefined;
  render(
    statusBox,
    h(
      'strong',
      { 'data-testid': 'health' },
      h('span', { class: `dot ${ok ? 'ok' : 'down'}`, 'aria-hidden': 'true' }),
      ok ? t('ops.up') : t('ops.down'),
    ),
    health
      ? h(
          'span',
          { class: 'muted small' },
          [
            health.version && t('ops.version', { version: health.version }),
            health.node && t('ops.node', { version: health.node }),
            health.region && t('ops.region', { region: health.region }),
          ]
            .filter(Boolean)
            .join(' · '),
        )
      : h('span', { class: 'small' }, describeError((result as PromiseRejectedResult).reason)),
    refreshedAt,
    h('label', { class: 'small', for: 'auto-refresh' }, auto, t('ops.auto')),
  );
}

/** Operators compare events to the second: date and time with seconds, in the browser's zone. */
const formatDateTime = (iso: string): string => formatDate(iso, { seconds: true });
const ms = (v: number | null): string =>
  v === null ? t('common.none') : t('ops.ms', { value: formatNumber(v, currentLocale(), v < 10 ? 1 : 0) });
const pct = (v: number): string => formatPercent(v, v > 0 && v < 0.01 ? 2 : 1);
const decimal2 = (v: number): string => formatNumber(v, currentLocale(), 2);

function kpi(
  id: string,
  label: string,
  value: string,
  sub: string,
  tone: '' | 'warn' | 'bad' = '',
): HTMLElement {
  return h(
    'div',
    { class: `card kpi ${tone}`, 'data-kpi': id },
    h('div', { class: 'muted small' }, label),
    h('div', { class: 'value' }, value),
    h('div', { class: 'muted small' }, sub),
  );
}

function renderMetrics(m: MetricsSnapshot): void {
  const all = m.requests.overall.window;
  const orders = m.sagas.orders.window;
  const decided = orders.confirmed + orders.refused;
  render(
    kpiBox,
    kpi('rps', t('ops.kpi.rps'), decimal2(all.perSecond), t('ops.kpi.rpsSub', { count: all.requests })),
    kpi('p95', t('ops.kpi.p95'), ms(all.p95), t('ops.kpi.p95Sub', { p50: ms(all.p50), p99: ms(all.p99) })),
    kpi(
      'errors',
      t('ops.kpi.errors'),
      pct(all.errorRate),
      t('ops.kpi.errorsSub', { e4: all.errors4xx, e5: all.errors5xx }),
      all.errors5xx > 0 ? 'bad' : all.errorRate > 0.2 ? 'warn' : '',
    ),
    kpi(
      'sagas',
      t('ops.kpi.sagas'),
      t('ops.kpi.sagasValue', { confirmed: orders.confirmed, decided }),
      t('ops.kpi.sagasSub', { refused: orders.refused, broken: orders.broken }),
      orders.broken > 0 ? 'bad' : decided >= 10 && orders.refused / decided > 0.5 ? 'warn' : '',
    ),
    kpi(
      'dead',
      t('ops.kpi.dead'),
      formatNumber(m.events.deadLetterCount),
      t('ops.kpi.deadSub'),
      m.events.deadLetterCount > 0 ? 'bad' : '',
    ),
  );
  drawChart(m);
  renderRoutes(m.requests.routes);
  renderSagas(m);
  renderBusiness(m.metrics);
  renderEvents(m);
  renderDeadLetters(m);
}

function drawChart(m: MetricsSnapshot): void {
  const series = m.requests.series;
  const labels = series.map((p) => formatTime(p.at, { seconds: true }));
  const ok = series.map((p) => p.requests - p.errors4xx - p.errors5xx);
  const datasets = [
    {
      type: 'bar' as const,
      label: t('ops.series.ok'),
      data: ok,
      backgroundColor: '#0b6b5c',
      stack: 'r',
      yAxisID: 'y',
    },
    {
      type: 'bar' as const,
      label: '4xx',
      data: series.map((p) => p.errors4xx),
      backgroundColor: '#e0a84a',
      stack: 'r',
      yAxisID: 'y',
    },
    {
      type: 'bar' as const,
      label: '5xx',
      data: series.map((p) => p.errors5xx),
      backgroundColor: '#b42318',
      stack: 'r',
      yAxisID: 'y',
    },
    {
      type: 'line' as const,
      label: t('ops.series.p95'),
      data: series.map((p) => p.p95),
      borderColor: '#1f5fb4',
      backgroundColor: '#1f5fb4',
      pointRadius: 0,
      spanGaps: true,
      yAxisID: 'ms',
    },
  ];
  if (chart) {
    chart.data.labels = labels;
    chart.data.datasets.forEach((d, i) => (d.data = datasets[i]!.data));
    chart.update('none');
    return;
  }
  chart = new Chart(canvas, {
    data: { labels, datasets },
    options: {
      animation: false,
      maintainAspectRatio: false,
      locale: currentLocale(),
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { stacked: true, ticks: { maxTicksLimit: 10 } },
        y: { stacked: true, beginAtZero: true, title: { display: true, text: t('ops.axis.requests') } },
        ms: {
          position: 'right',
          beginAtZero: true,
          grid: { drawOnChartArea: false },
          title: { display: true, text: 'ms' },
        },
      },
    },
  });
}

function renderRoutes(routes: RouteFigures[]): void {
  render(
    routesBox,
    h(
      'table',
      { class: 'metrics', id: 'routes-table' },
      h('caption', {}, t('ops.routes.caption')),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, t('ops.routes.route')),
          [
            t('ops.routes.requests'),
            t('ops.routes.rps'),
            'p50',
            'p95',
            'p99',
            '4xx',
            '5xx',
            t('ops.routes.errors'),
            t('common.total'),
          ].map((c) => h('th', { scope: 'col', class: 'num' }, c)),
        ),
      ),
      h(
        'tbody',
        {},
        routes.length === 0
          ? h('tr', {}, h('td', { colspan: 10, class: 'muted' }, t('ops.routes.none')))
          : routes.map((r) =>
              h(
                'tr',
                { 'data-route': r.route },
                h('th', { scope: 'row' }, h('code', {}, r.route)),
                h('td', { class: 'num' }, formatNumber(r.window.requests)),
                h('td', { class: 'num' }, decimal2(r.window.perSecond)),
                h('td', { class: 'num' }, ms(r.window.p50)),
                h('td', { class: 'num' }, ms(r.window.p95)),
                h('td', { class: 'num' }, ms(r.window.p99)),
                h('td', { class: 'num' }, formatNumber(r.window.errors4xx)),
                h(
                  'td',
                  { class: `num ${r.window.errors5xx > 0 ? 'bad' : ''}` },
                  formatNumber(r.window.errors5xx),
                ),
                h('td', { class: 'num' }, pct(r.window.errorRate)),
                h('td', { class: 'num muted' }, formatNumber(r.total.requests)),
              ),
            ),
      ),
    ),
  );
}

/** EMF metrics of one name, summed per value of one dimension. */
function byDimension(metrics: EmfFigures[], name: string, dimension: string): [string, EmfFigures][] {
  return metrics
    .filter((m) => m.name === name && m.dimensions[dimension] !== undefined)
    .map((m) => [m.dimensions[dimension]!, m] as [string, EmfFigures])
    .sort(([a], [b]) => a.localeCompare(b));
}

/** A compact table: first column a row header, the others numbers (right-aligned) unless `numeric` is false. */
function smallTable(id: string, head: string[], rows: Child[][], empty: string, numeric = true): HTMLElement {
  return h(
    'table',
    { class: 'metrics', id },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        head.map((c, i) => h('th', { scope: 'col', class: i === 0 || !numeric ? undefined : 'num' }, c)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.length === 0
        ? h('tr', {}, h('td', { colspan: head.length, class: 'muted' }, empty))
        : rows.map((cells) =>
            h(
              'tr',
              {},
              cells.map((c, i) =>
                h(
                  i === 0 ? 'th' : 'td',
                  i === 0 ? { scope: 'row' } : { class: numeric ? 'num' : undefined },
                  c,
                ),
              ),
            ),
          ),
    ),
  );
}

function renderSagas(m: MetricsSnapshot): void {
  const { window: w, total } = m.sagas;
  const outcomes = m.metrics
    .filter((x) => x.name === 'SagaOutcome')
    .sort((a, b) => b.total.sum - a.total.sum)
    .map((x) => [
      x.dimensions.outcome === 'confirmed'
        ? t('ops.outcome.confirmed')
        : t('ops.outcome.failed', { reason: x.dimensions.reason ?? '?' }),
      formatNumber(x.window.sum),
      formatNumber(x.total.sum),
    ]);
  render(
    sagasBox,
    h('h2', {}, t('ops.saga')),
    smallTable(
      'saga-executions',
      [t('ops.saga.executions'), t('ops.window'), t('common.total')],
      [
        [t('ops.saga.started'), formatNumber(w.started), formatNumber(total.started)],
        [t('ops.saga.succeeded'), formatNumber(w.succeeded), formatNumber(total.succeeded)],
        [t('ops.saga.failed'), formatNumber(w.failed), formatNumber(total.failed)],
        [t('ops.saga.timedOut'), formatNumber(w.timedOut), formatNumber(total.timedOut)],
        [
          t('ops.saga.refused'),
          formatNumber(m.sagas.orders.window.refused),
          formatNumber(m.sagas.orders.total.refused),
        ],
        [
          t('ops.saga.broken'),
          formatNumber(m.sagas.orders.window.broken),
          formatNumber(m.sagas.orders.total.broken),
        ],
      ],
      '',
    ),
    h('p', { class: 'muted small' }, t('ops.saga.help', { p95: ms(m.sagas.durations.p95) })),
    h('h3', {}, t('ops.saga.outcomes')),
    smallTable(
      'saga-outcomes',
      [t('ops.saga.outcome'), t('ops.window'), t('common.total')],
      outcomes,
      t('ops.saga.none'),
    ),
  );
}

function renderBusiness(metrics: EmfFigures[]): void {
  const sales = byDimension(metrics, 'SaleAmountCents', 'locationId').map(([location, x]) => [
    locationNames.has(location)
      ? t('ops.locationWithId', { name: locationNames.get(location) ?? location, id: location })
      : location,
    formatNumber(x.window.count),
    formatMoney(x.window.sum),
    formatMoney(x.total.sum),
  ]);
  const alerts = byDimension(metrics, 'StockAlert', 'type').map(([type, x]) => [
    type === 'low' || type === 'out' || type === 'over' ? t(`ops.alert.${type}`) : type,
    formatNumber(x.window.sum),
    formatNumber(x.total.sum),
  ]);
  render(
    businessBox,
    h('h2', {}, t('ops.business')),
    smallTable(
      'sales',
      [t('common.location'), t('ops.sales.count'), t('ops.sales.amount'), t('common.total')],
      sales,
      t('ops.sales.none'),
    ),
    h('h3', {}, t('ops.alerts')),
    smallTable(
      'stock-alerts',
      [t('common.type'), t('ops.window'), t('common.total')],
      alerts,
      t('ops.alerts.none'),
    ),
  );
}

function renderEvents(m: MetricsSnapshot): void {
  render(
    eventsBox,
    h('h2', {}, t('ops.events')),
    smallTable(
      'event-types',
      [
        t('common.type'),
        t('ops.events.published'),
        t('ops.events.delivered'),
        t('ops.events.retried'),
        t('ops.events.dead'),
      ],
      m.events.types.map((t) => [
        t.detailType,
        formatNumber(t.total.published),
        formatNumber(t.total.delivered),
        formatNumber(t.total.retried),
        formatNumber(t.total.deadLettered),
      ]),
      t('ops.events.none'),
    ),
    h('p', { class: 'muted small' }, t('ops.events.help')),
  );
}

function renderDeadLetters(m: MetricsSnapshot): void {
  const letters = m.events.deadLetters;
  render(
    deadBox,
    h('h2', {}, t('ops.dead', { count: m.events.deadLetterCount })),
    letters.length === 0
      ? h('p', { class: 'muted' }, t('ops.dead.none'))
      : h(
          'table',
          { class: 'metrics', id: 'dead-letters-table' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              [
                t('ops.dead.when'),
                t('ops.dead.rule'),
                t('common.type'),
                t('ops.dead.correlation'),
                t('ops.dead.attempts'),
                t('ops.dead.error'),
              ].map((c) => h('th', { scope: 'col' }, c)),
            ),
          ),
          h(
            'tbody',
            {},
            letters.map((d) =>
              h(
                'tr',
                { 'data-event-id': d.eventId },
                h('td', {}, formatDateTime(d.failedAt)),
                h('td', {}, h('code', {}, d.rule)),
                h('td', {}, d.detailType),
                h('td', {}, d.correlationId ? correlationLink(d.correlationId) : t('common.none')),
                h('td', { class: 'num' }, formatNumber(d.attempts)),
                h('td', { class: 'small' }, d.error),
              ),
            ),
          ),
        ),
    h(
      'p',
      { class: 'muted small' },
      t('ops.dead.help1'),
      h('code', {}, '.data/dead-letters.jsonl'),
      t('ops.dead.help2'),
    ),
  );
}

function correlationLink(id: string): HTMLElement {
  return h(
    'button',
    {
      type: 'button',
      class: 'link',
      title: t('ops.follow'),
      onclick: () => {
        correlationInput.value = id;
        typeInput.value = '';
        void loadAudit().then(() => document.getElementById('audit')?.scrollIntoView());
      },
    },
    h('code', {}, id.length > 13 ? `${id.slice(0, 8)}…` : id),
  );
}

async function loadAudit(): Promise<void> {
  try {
    const page = await api.get<Page<AuditedEvent>>('/events', {
      query: { type: typeInput.value.trim(), correlationId: correlationInput.value.trim(), limit: 25 },
    });
    render(
      auditBox,
      smallTable(
        'audit-table',
        [t('ops.dead.when'), t('common.type'), t('ops.audit.source'), t('ops.dead.correlation')],
        page.items.map((e) => [
          formatDateTime(e.occurredAt),
          e.type,
          e.source,
          correlationLink(e.correlationId),
        ]),
        t('ops.audit.none'),
        false,
      ),
    );
  } catch (error) {
    render(auditBox, h('div', { class: 'alert alert-error' }, describeError(error)));
  }
}
