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
import { describeError, mountLayout, requireRole } from '../lib/layout.ts';
import { formatCents, formatNumber } from '../lib/money.ts';

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
const layout = mountLayout('ops', 'Opérations');
const session = requireRole(layout, ['ops', 'manager'], 'Opérations');

const statusBox = h('div', { class: 'ops-status card', id: 'health', role: 'status' });
const kpiBox = h('div', { class: 'kpis', id: 'kpis' });
const canvas = h('canvas', {
  id: 'traffic-chart',
  role: 'img',
  'aria-label': 'Requêtes par tranche de 10 secondes (réussies, 4xx, 5xx) et latence p95, sur 15 minutes',
});
const chartBox = h(
  'section',
  { class: 'card section', 'aria-labelledby': 'traffic-title' },
  h('h2', { id: 'traffic-title' }, 'Trafic et latence — 15 dernières minutes'),
  h('div', { class: 'chart-box' }, canvas),
);
const routesBox = h('section', { class: 'card table-wrap section', id: 'routes' });
const sagasBox = h('section', { class: 'card table-wrap', id: 'sagas' });
const businessBox = h('section', { class: 'card table-wrap', id: 'business' });
const eventsBox = h('section', { class: 'card table-wrap', id: 'events' });
const deadBox = h('section', { class: 'card table-wrap', id: 'dead-letters' });
const auditBox = h('div', { id: 'audit-results' });
const localNotice = h('div', { id: 'local-notice' });

let chart: Chart | undefined;
/** Location names for the sales table (ids until `GET /locations` answers). */
const locationNames = new Map<string, string>();
let timer: ReturnType<typeof setInterval> | undefined;
const auto = h('input', { type: 'checkbox', id: 'auto-refresh', checked: true });
const refreshedAt = h('span', { class: 'muted small', id: 'refreshed-at' });

const typeInput = h('input', { id: 'audit-type', name: 'type', placeholder: 'OrderConfirmed' });
const correlationInput = h('input', { id: 'audit-correlation', name: 'correlationId', placeholder: 'id' });
const auditForm = h(
  'form',
  {
    class: 'ops-filter',
    onsubmit: (e: Event) => {
      e.preventDefault();
      void loadAudit();
    },
  },
  h('div', { class: 'field' }, h('label', { for: 'audit-type' }, 'Type'), typeInput),
  h(
    'div',
    { class: 'field' },
    h('label', { for: 'audit-correlation' }, 'Id de corrélation'),
    correlationInput,
  ),
  h('button', { type: 'submit' }, 'Filtrer'),
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
    'Tout afficher',
  ),
);

if (session) {
  render(
    layout.main,
    h('h1', {}, 'Opérations'),
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
      h('h2', { id: 'audit-title' }, 'Journal des événements'),
      h(
        'p',
        { class: 'muted small' },
        'Pour suivre une requête : son en-tête ',
        h('code', {}, 'x-correlation-id'),
        ' se retrouve dans les journaux des fonctions, de la saga et de chaque événement.',
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
          'Les métriques détaillées viennent du runtime local. En AWS, elles sont sur le tableau de bord CloudWatch ',
          h('code', {}, 'comptoir-operations'),
          ' (alarmes : sujet SNS des opérations).',
        ),
      ),
    );
  } else {
    render(localNotice, h('div', { class: 'alert alert-error section' }, describeError(metrics.reason)));
  }
  refreshedAt.textContent = `Actualisé à ${new Date().toLocaleTimeString('fr-CA')}`;
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
      ok ? 'Service opérationnel' : 'Service indisponible',
    ),
    health
      ? h(
          'span',
          { class: 'muted small' },
          [
            health.version && `version ${health.version}`,
            health.node && `Node ${health.node}`,
            health.region && `région ${health.region}`,
          ]
            .filter(Boolean)
            .join(' · '),
        )
      : h('span', { class: 'small' }, describeError((result as PromiseRejectedResult).reason)),
    refreshedAt,
    h('label', { class: 'small', for: 'auto-refresh' }, auto, ' Actualiser toutes les 5 s'),
  );
}

/** Operators compare events to the second: date and time with seconds, in the browser's zone. */
const formatDateTime = (iso: string): string => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString('fr-CA', { dateStyle: 'short', timeStyle: 'medium' });
};
const ms = (v: number | null): string => (v === null ? '—' : `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`);
const pct = (v: number): string => `${(v * 100).toFixed(v > 0 && v < 0.01 ? 2 : 1)} %`;

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
    kpi('rps', 'Requêtes / s', all.perSecond.toFixed(2), `${formatNumber(all.requests)} en 15 min`),
    kpi('p95', 'Latence p95', ms(all.p95), `p50 ${ms(all.p50)} · p99 ${ms(all.p99)}`),
    kpi(
      'errors',
      'Taux d’erreur',
      pct(all.errorRate),
      `${formatNumber(all.errors4xx)} 4xx · ${formatNumber(all.errors5xx)} 5xx`,
      all.errors5xx > 0 ? 'bad' : all.errorRate > 0.2 ? 'warn' : '',
    ),
    kpi(
      'sagas',
      'Commandes confirmées',
      `${formatNumber(orders.confirmed)} / ${formatNumber(decided)}`,
      `${formatNumber(orders.refused)} refusées · ${formatNumber(orders.broken)} sagas en panne`,
      orders.broken > 0 ? 'bad' : decided >= 10 && orders.refused / decided > 0.5 ? 'warn' : '',
    ),
    kpi(
      'dead',
      'Lettres mortes',
      formatNumber(m.events.deadLetterCount),
      'événements non livrés',
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
  const two = (n: number) => String(n).padStart(2, '0');
  const labels = series.map((p) => {
    const d = new Date(p.at);
    return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  });
  const ok = series.map((p) => p.requests - p.errors4xx - p.errors5xx);
  const datasets = [
    {
      type: 'bar' as const,
      label: 'Réussies',
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
      label: 'Latence p95 (ms)',
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
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { stacked: true, ticks: { maxTicksLimit: 10 } },
        y: { stacked: true, beginAtZero: true, title: { display: true, text: 'requêtes / 10 s' } },
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
      h('caption', {}, 'Par route — 15 dernières minutes (total depuis le démarrage)'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Route'),
          ['Requêtes', 'Req/s', 'p50', 'p95', 'p99', '4xx', '5xx', 'Erreurs', 'Total'].map((c) =>
            h('th', { scope: 'col', class: 'num' }, c),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        routes.length === 0
          ? h('tr', {}, h('td', { colspan: 10, class: 'muted' }, 'Aucune requête pour l’instant.'))
          : routes.map((r) =>
              h(
                'tr',
                { 'data-route': r.route },
                h('th', { scope: 'row' }, h('code', {}, r.route)),
                h('td', { class: 'num' }, formatNumber(r.window.requests)),
                h('td', { class: 'num' }, r.window.perSecond.toFixed(2)),
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
  const { window: w, total: t } = m.sagas;
  const outcomes = m.metrics
    .filter((x) => x.name === 'SagaOutcome')
    .sort((a, b) => b.total.sum - a.total.sum)
    .map((x) => [
      x.dimensions.outcome === 'confirmed' ? 'confirmée' : `échec : ${x.dimensions.reason ?? '?'}`,
      formatNumber(x.window.sum),
      formatNumber(x.total.sum),
    ]);
  render(
    sagasBox,
    h('h2', {}, 'Saga de paiement'),
    smallTable(
      'saga-executions',
      ['Exécutions', '15 min', 'Total'],
      [
        ['démarrées', formatNumber(w.started), formatNumber(t.started)],
        ['réussies', formatNumber(w.succeeded), formatNumber(t.succeeded)],
        ['échouées', formatNumber(w.failed), formatNumber(t.failed)],
        ['expirées', formatNumber(w.timedOut), formatNumber(t.timedOut)],
        [
          'dont commandes refusées',
          formatNumber(m.sagas.orders.window.refused),
          formatNumber(m.sagas.orders.total.refused),
        ],
        ['en panne', formatNumber(m.sagas.orders.window.broken), formatNumber(m.sagas.orders.total.broken)],
      ],
      '',
    ),
    h(
      'p',
      { class: 'muted small' },
      `Durée p95 : ${ms(m.sagas.durations.p95)}. Une commande refusée (carte déclinée, stock insuffisant) termine la saga en échec après compensation ; « en panne » compte les autres échecs.`,
    ),
    h('h3', {}, 'Issues des commandes'),
    smallTable('saga-outcomes', ['Issue', '15 min', 'Total'], outcomes, 'Aucune commande pour l’instant.'),
  );
}

function renderBusiness(metrics: EmfFigures[]): void {
  const sales = byDimension(metrics, 'SaleAmountCents', 'locationId').map(([location, x]) => [
    locationNames.has(location) ? `${locationNames.get(location)} (${location})` : location,
    formatNumber(x.window.count),
    formatCents(x.window.sum),
    formatCents(x.total.sum),
  ]);
  const alerts = byDimension(metrics, 'StockAlert', 'type').map(([type, x]) => [
    { low: 'stock bas', out: 'rupture', over: 'surstock' }[type] ?? type,
    formatNumber(x.window.sum),
    formatNumber(x.total.sum),
  ]);
  render(
    businessBox,
    h('h2', {}, 'Ventes et alertes'),
    smallTable(
      'sales',
      ['Lieu', 'Ventes 15 min', 'Montant 15 min', 'Total'],
      sales,
      'Aucune vente pour l’instant.',
    ),
    h('h3', {}, 'Alertes de stock'),
    smallTable('stock-alerts', ['Type', '15 min', 'Total'], alerts, 'Aucune alerte.'),
  );
}

function renderEvents(m: MetricsSnapshot): void {
  render(
    eventsBox,
    h('h2', {}, 'Événements du bus'),
    smallTable(
      'event-types',
      ['Type', 'Publiés', 'Livrés', 'Relances', 'Morts'],
      m.events.types.map((t) => [
        t.detailType,
        formatNumber(t.total.published),
        formatNumber(t.total.delivered),
        formatNumber(t.total.retried),
        formatNumber(t.total.deadLettered),
      ]),
      'Aucun événement publié pour l’instant.',
    ),
    h('p', { class: 'muted small' }, 'Depuis le démarrage ; une livraison par règle abonnée.'),
  );
}

function renderDeadLetters(m: MetricsSnapshot): void {
  const letters = m.events.deadLetters;
  render(
    deadBox,
    h('h2', {}, `Lettres mortes (${formatNumber(m.events.deadLetterCount)})`),
    letters.length === 0
      ? h('p', { class: 'muted' }, 'Aucun événement en lettre morte.')
      : h(
          'table',
          { class: 'metrics', id: 'dead-letters-table' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['Quand', 'Règle', 'Type', 'Corrélation', 'Tentatives', 'Erreur'].map((c) =>
                h('th', { scope: 'col' }, c),
              ),
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
                h('td', {}, d.correlationId ? correlationLink(d.correlationId) : '—'),
                h('td', { class: 'num' }, formatNumber(d.attempts)),
                h('td', { class: 'small' }, d.error),
              ),
            ),
          ),
        ),
    h(
      'p',
      { class: 'muted small' },
      'Marche à suivre : docs/operations.md, « Lettres mortes ». Localement, la liste est aussi dans ',
      h('code', {}, '.data/dead-letters.jsonl'),
      '.',
    ),
  );
}

function correlationLink(id: string): HTMLElement {
  return h(
    'button',
    {
      type: 'button',
      class: 'link',
      title: 'Suivre cette corrélation dans le journal des événements',
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
        ['Quand', 'Type', 'Source', 'Corrélation'],
        page.items.map((e) => [
          formatDateTime(e.occurredAt),
          e.type,
          e.source,
          correlationLink(e.correlationId),
        ]),
        'Aucun événement.',
        false,
      ),
    );
  } catch (error) {
    render(auditBox, h('div', { class: 'alert alert-error' }, describeError(error)));
  }
}
