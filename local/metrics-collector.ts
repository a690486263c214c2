import type { EmfMetric } from './emf-capture.ts';
import type { DeadLetter } from './eventbridge.ts';

/**
 * The local stand-in for CloudWatch metrics: a rolling in-memory store of what operators watch —
 * requests, latency and errors per route (from the gateway), checkout saga executions (from the
 * local Step Functions endpoint), events published / delivered / retried / dead-lettered (from the
 * local bus) and every EMF metric the handlers emit (business figures: sales, saga outcomes, stock
 * alerts). It keeps the last 15 minutes in 10-second buckets plus totals since start, and answers
 * `GET /_local/metrics` with a snapshot. In AWS the same figures live on the CloudWatch dashboard
 * (infra/stacks/observability-stack.ts).
 *
 * Latencies are in milliseconds; percentiles use the nearest-rank method over the window's samples.
 */
export const bucketSeconds = 10;
export const windowSeconds = 15 * 60;
/** Requests per second are measured over the last minute (or since start when younger). */
export const rateSeconds = 60;
/** Latency samples kept per route and bucket; beyond, a uniform reservoir sample keeps percentiles honest. */
const maxSamplesPerBucket = 2_000;
const recentSagasKept = 20;
const deadLettersShown = 50;

/** Gateway labels that are not API routes: the web clients' files and this local endpoint. */
const notRoutes = new Set(['static', 'local']);

export interface RequestSample {
  readonly route: string;
  readonly status: number;
  readonly durationMs: number;
  /** Epoch milliseconds. */
  readonly at: number;
}

export type SagaStatus = 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface SagaSample {
  readonly stateMachine: string;
  readonly executionArn?: string;
  readonly status: SagaStatus;
  readonly durationMs: number;
  readonly at: number;
  /** The error name of a failed execution (`States.Timeout`, `PaymentFailed`, …). */
  readonly error?: string;
}

export type BusActivityKind = 'published' | 'delivered' | 'retried' | 'dead-lettered';

export interface BusSample {
  readonly kind: BusActivityKind;
  readonly detailType: string;
  readonly rule?: string;
  readonly at: number;
}

/** A dead letter as the ops page lists it (the local bus keeps the full event). */
export interface DeadLetterView {
  readonly rule: string;
  readonly target: string;
  readonly eventId: string;
  readonly detailType: string;
  readonly correlationId?: string;
  readonly attempts: number;
  readonly error: string;
  readonly failedAt: string;
}

export interface LatencyFigures {
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly maxMs: number | null;
}

export interface RouteFigures {
  readonly route: string;
  readonly window: {
    readonly requests: number;
    readonly perSecond: number;
    readonly errors4xx: number;
    readonly errors5xx: number;
    /** (4xx + 5xx) / requests, 0 when there were none. */
    readonly errorRate: number;
  } & LatencyFigures;
  readonly total: {
    readonly requests: number;
    readonly errors4xx: number;
    readonly errors5xx: number;
    readonly meanMs: number | null;
    readonly maxMs: number | null;
  };
}

export interface SeriesPoint extends LatencyFigures {
  /** Start of the 10-second bucket, ISO-8601 UTC. */
  readonly at: string;
  readonly requests: number;
  readonly errors4xx: number;
  readonly errors5xx: number;
  readonly sagas: number;
  readonly events: number;
}

export type SagaCounts = Record<'started' | 'succeeded' | 'failed' | 'timedOut' | 'aborted', number>;
export type OrderCounts = Record<'confirmed' | 'refused' | 'broken', number>;
export type EventCounts = Record<'published' | 'delivered' | 'retried' | 'deadLettered', number>;

export interface MetricFigures {
  readonly count: number;
  readonly sum: number;
  readonly min: number | null;
  readonly max: number | null;
}

export interface EmfFigures {
  readonly namespace: string;
  readonly name: string;
  readonly unit: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly window: MetricFigures;
  readonly total: MetricFigures;
}

export interface MetricsSnapshot {
  readonly now: string;
  readonly startedAt: string;
  readonly bucketSeconds: number;
  readonly windowSeconds: number;
  readonly rateSeconds: number;
  readonly requests: {
    readonly overall: RouteFigures;
    readonly routes: RouteFigures[];
    /** One point per 10-second bucket of the window, oldest first (empty buckets included). */
    readonly series: SeriesPoint[];
  };
  readonly sagas: {
    readonly window: SagaCounts;
    readonly total: SagaCounts;
    /**
     * `refused`: orders the saga ended as failed (EMF `SagaOutcome` outcome=failed: declined card,
     * short stock…), which the checkout machine also ends in a Fail state; `broken`: failed or
     * timed-out executions beyond those — the state machine itself broke (the AWS `SagaFailures` alarm).
     */
    readonly orders: { readonly window: OrderCounts; readonly total: OrderCounts };
    readonly durations: LatencyFigures;
    readonly recent: (Omit<SagaSample, 'at'> & { readonly at: string })[];
  };
  readonly events: {
    readonly types: {
      readonly detailType: string;
      readonly window: EventCounts;
      readonly total: EventCounts;
    }[];
    readonly deadLetterCount: number;
    /** Newest first, at most 50. */
    readonly deadLetters: DeadLetterView[];
  };
  /** Every EMF metric the handlers emitted, per name and dimension values (business figures included). */
  readonly metrics: EmfFigures[];
}

interface RouteBucket {
  requests: number;
  errors4xx: number;
  errors5xx: number;
  seen: number;
  samples: number[];
}

interface RouteTotal {
  requests: number;
  errors4xx: number;
  errors5xx: number;
  sumMs: number;
  maxMs: number;
}

interface MutableMetric {
  count: number;
  sum: number;
  min: number;
  max: number;
}

interface Bucket {
  readonly start: number;
  readonly routes: Map<string, RouteBucket>;
  readonly sagas: SagaCounts;
  readonly sagaDurations: number[];
  readonly events: Map<string, EventCounts>;
  readonly emf: Map<string, MutableMetric>;
}

export interface CollectorOptions {
  /** Epoch milliseconds; injected by tests. */
  readonly now?: () => number;
  /** Uniform random number in [0, 1) for the latency reservoir; injected by tests. */
  readonly random?: () => number;
}

const zeroSagas = (): SagaCounts => ({ started: 0, succeeded: 0, failed: 0, timedOut: 0, aborted: 0 });
const zeroEvents = (): EventCounts => ({ published: 0, delivered: 0, retried: 0, deadLettered: 0 });
const sagaKey: Record<SagaStatus, keyof SagaCounts> = {
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  TIMED_OUT: 'timedOut',
  ABORTED: 'aborted',
};
const eventKey: Record<BusActivityKind, keyof EventCounts> = {
  published: 'published',
  delivered: 'delivered',
  retried: 'retried',
  'dead-lettered': 'deadLettered',
};

/** Nearest-rank percentile of ascending-sorted values; null when there are none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

function latency(samples: number[]): LatencyFigures {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
  return {
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    maxMs: round(sorted.length ? sorted[sorted.length - 1]! : null),
  };
}

const metricKey = (m: EmfMetric): string =>
  JSON.stringify([
    m.namespace,
    m.name,
    m.unit,
    Object.entries(m.dimensions).sort(([a], [b]) => a.localeCompare(b)),
  ]);

function addTo(target: MutableMetric, value: number): void {
  target.count += 1;
  target.sum += value;
  target.min = Math.min(target.min, value);
  target.max = Math.max(target.max, value);
}

const emptyMetric = (): MutableMetric => ({ count: 0, sum: 0, min: Infinity, max: -Infinity });
const figures = (m: MutableMetric | undefined): MetricFigures =>
  !m || m.count === 0
    ? { count: 0, sum: 0, min: null, max: null }
    : { count: m.count, sum: m.sum, min: m.min, max: m.max };

function orderCounts(
  sagas: SagaCounts,
  metrics: readonly EmfFigures[],
  span: 'window' | 'total',
): OrderCounts {
  const outcomes = (outcome: string) =>
    metrics
      .filter((m) => m.name === 'SagaOutcome' && m.dimensions.outcome === outcome)
      .reduce((n, m) => n + m[span].sum, 0);
  const refused = outcomes('failed');
  return {
    confirmed: outcomes('confirmed'),
    refused,
    broken: Math.max(0, sagas.failed + sagas.timedOut + sagas.aborted - refused),
  };
}

export class MetricsCollector {
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #startedAt: number;
  readonly #buckets = new Map<number, Bucket>();
  readonly #routeTotals = new Map<string, RouteTotal>();
  readonly #sagaTotals = zeroSagas();
  readonly #recentSagas: SagaSample[] = [];
  readonly #eventTotals = new Map<string, EventCounts>();
  readonly #emfTotals = new Map<string, { metric: EmfMetric; figures: MutableMetric }>();
  #deadLetters: () => readonly DeadLetterView[] = () => [];

  constructor(options: CollectorOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
    this.#startedAt = this.#now();
  }

  /** Where the dead-letter list comes from (the local bus keeps it, durably when it has a data folder). */
  setDeadLetterSource(source: () => readonly DeadLetterView[]): void {
    this.#deadLetters = source;
  }

  #bucket(at: number): Bucket {
    const start = Math.floor(at / (bucketSeconds * 1000)) * bucketSeconds * 1000;
    let bucket = this.#buckets.get(start);
    if (!bucket) {
      bucket = {
        start,
        routes: new Map(),
        sagas: zeroSagas(),
        sagaDurations: [],
        events: new Map(),
        emf: new Map(),
      };
      this.#buckets.set(start, bucket);
      this.#prune();
    }
    return bucket;
  }

  #prune(): void {
    const oldest = this.#windowStart();
    for (const start of this.#buckets.keys()) if (start < oldest) this.#buckets.delete(start);
  }

  /** Start of the oldest bucket still in the window. */
  #windowStart(): number {
    const size = bucketSeconds * 1000;
    return Math.floor(this.#now() / size) * size - (windowSeconds / bucketSeconds - 1) * size;
  }

  recordRequest(sample: RequestSample): void {
    if (notRoutes.has(sample.route)) return;
    const bucket = this.#bucket(sample.at);
    let route = bucket.routes.get(sample.route);
    if (!route) {
      route = { requests: 0, errors4xx: 0, errors5xx: 0, seen: 0, samples: [] };
      bucket.routes.set(sample.route, route);
    }
    const is4xx = sample.status >= 400 && sample.status < 500;
    const is5xx = sample.status >= 500;
    route.requests += 1;
    if (is4xx) route.errors4xx += 1;
    if (is5xx) route.errors5xx += 1;
    route.seen += 1;
    if (route.samples.length < maxSamplesPerBucket) route.samples.push(sample.durationMs);
    else {
      const slot = Math.floor(this.#random() * route.seen);
      if (slot < maxSamplesPerBucket) route.samples[slot] = sample.durationMs;
    }
    let total = this.#routeTotals.get(sample.route);
    if (!total) {
      total = { requests: 0, errors4xx: 0, errors5xx: 0, sumMs: 0, maxMs: 0 };
      this.#routeTotals.set(sample.route, total);
    }
    total.requests += 1;
    if (is4xx) total.errors4xx += 1;
    if (is5xx) total.errors5xx += 1;
    total.sumMs += sample.durationMs;
    total.maxMs = Math.max(total.maxMs, sample.durationMs);
  }

  /** An execution started (`status` undefined) or ended. */
  recordSaga(sample: Omit<SagaSample, 'status' | 'durationMs'> & Partial<SagaSample>): void {
    const bucket = this.#bucket(sample.at);
    if (sample.status === undefined) {
      bucket.sagas.started += 1;
      this.#sagaTotals.started += 1;
      return;
    }
    const key = sagaKey[sample.status];
    bucket.sagas[key] += 1;
    this.#sagaTotals[key] += 1;
    bucket.sagaDurations.push(sample.durationMs ?? 0);
    this.#recentSagas.push(sample as SagaSample);
    if (this.#recentSagas.length > recentSagasKept) this.#recentSagas.shift();
  }

  /** One ended execution of the local Step Functions (times in epoch seconds, as the SFN API gives them). */
  recordExecution(e: {
    readonly stateMachineArn: string;
    readonly executionArn: string;
    readonly status: SagaStatus;
    readonly error?: string;
    readonly startDate: number;
    readonly stopDate: number;
  }): void {
    const stateMachine = e.stateMachineArn.split(':').pop() ?? e.stateMachineArn;
    this.recordSaga({ stateMachine, at: e.startDate * 1000 });
    this.recordSaga({
      stateMachine,
      executionArn: e.executionArn,
      status: e.status,
      durationMs: Math.round((e.stopDate - e.startDate) * 1_000_000) / 1000,
      at: e.stopDate * 1000,
      ...(e.error ? { error: e.error } : {}),
    });
  }

  recordBusActivity(sample: BusSample): void {
    const key = eventKey[sample.kind];
    const bucket = this.#bucket(sample.at);
    let counts = bucket.events.get(sample.detailType);
    if (!counts) bucket.events.set(sample.detailType, (counts = zeroEvents()));
    counts[key] += 1;
    let total = this.#eventTotals.get(sample.detailType);
    if (!total) this.#eventTotals.set(sample.detailType, (total = zeroEvents()));
    total[key] += 1;
  }

  /** Metrics parsed from the handlers' EMF lines; bucketed by arrival, as CloudWatch shows them near real time. */
  recordEmf(metrics: readonly EmfMetric[]): void {
    const at = this.#now();
    for (const metric of metrics) {
      const key = metricKey(metric);
      const bucket = this.#bucket(at);
      let windowed = bucket.emf.get(key);
      if (!windowed) bucket.emf.set(key, (windowed = emptyMetric()));
      addTo(windowed, metric.value);
      let total = this.#emfTotals.get(key);
      if (!total) this.#emfTotals.set(key, (total = { metric, figures: emptyMetric() }));
      addTo(total.figures, metric.value);
    }
  }

  snapshot(): MetricsSnapshot {
    this.#prune();
    const now = this.#now();
    const size = bucketSeconds * 1000;
    const first = this.#windowStart();
    const buckets = [...this.#buckets.values()].sort((a, b) => a.start - b.start);
    const rateFrom = now - rateSeconds * 1000;
    const rateSpan = Math.max(1, Math.min(rateSeconds, (now - this.#startedAt) / 1000));

    const routeNames = new Set<string>([...this.#routeTotals.keys()]);
    const routeFigures = (name: string | undefined): RouteFigures => {
      let requests = 0;
      let errors4xx = 0;
      let errors5xx = 0;
      let recent = 0;
      const samples: number[] = [];
      for (const b of buckets) {
        const entries = name === undefined ? [...b.routes.values()] : [b.routes.get(name)].filter((r) => !!r);
        for (const r of entries) {
          requests += r.requests;
          errors4xx += r.errors4xx;
          errors5xx += r.errors5xx;
          // A bucket counts toward the rate when it lies within the last minute (10-second resolution).
          if (b.start + size > rateFrom) recent += r.requests;
          samples.push(...r.samples);
        }
      }
      const totals =
        name === undefined
          ? [...this.#routeTotals.values()].reduce<RouteTotal>(
              (acc, t) => ({
                requests: acc.requests + t.requests,
                errors4xx: acc.errors4xx + t.errors4xx,
                errors5xx: acc.errors5xx + t.errors5xx,
                sumMs: acc.sumMs + t.sumMs,
                maxMs: Math.max(acc.maxMs, t.maxMs),
              }),
              { requests: 0, errors4xx: 0, errors5xx: 0, sumMs: 0, maxMs: 0 },
            )
          : this.#routeTotals.get(name)!;
      return {
        route: name ?? 'all',
        window: {
          requests,
          perSecond: Math.round((recent / rateSpan) * 100) / 100,
          errors4xx,
          errors5xx,
          errorRate: requests === 0 ? 0 : Math.round(((errors4xx + errors5xx) / requests) * 10_000) / 10_000,
          ...latency(samples),
        },
        total: {
          requests: totals.requests,
          errors4xx: totals.errors4xx,
          errors5xx: totals.errors5xx,
          meanMs: totals.requests ? Math.round((totals.sumMs / totals.requests) * 100) / 100 : null,
          maxMs: totals.requests ? Math.round(totals.maxMs * 100) / 100 : null,
        },
      };
    };
    const routes = [...routeNames]
      .map((name) => routeFigures(name))
      .sort((a, b) => b.window.requests - a.window.requests || a.route.localeCompare(b.route));

    const byStart = new Map(buckets.map((b) => [b.start, b]));
    const series: SeriesPoint[] = [];
    for (let start = first; start <= now; start += size) {
      const b = byStart.get(start);
      const rs = b ? [...b.routes.values()] : [];
      const sum = (f: (r: RouteBucket) => number) => rs.reduce((n, r) => n + f(r), 0);
      series.push({
        at: new Date(start).toISOString(),
        requests: sum((r) => r.requests),
        errors4xx: sum((r) => r.errors4xx),
        errors5xx: sum((r) => r.errors5xx),
        ...latency(rs.flatMap((r) => r.samples)),
        sagas: b ? b.sagas.succeeded + b.sagas.failed + b.sagas.timedOut + b.sagas.aborted : 0,
        events: b ? [...b.events.values()].reduce((n, e) => n + e.published, 0) : 0,
      });
    }

    const sagaWindow = zeroSagas();
    for (const b of buckets)
      for (const k of Object.keys(sagaWindow) as (keyof SagaCounts)[]) sagaWindow[k] += b.sagas[k];

    const types = [...this.#eventTotals.keys()].sort().map((detailType) => {
      const window = zeroEvents();
      for (const b of buckets) {
        const c = b.events.get(detailType);
        if (c) for (const k of Object.keys(window) as (keyof EventCounts)[]) window[k] += c[k];
      }
      return { detailType, window, total: { ...this.#eventTotals.get(detailType)! } };
    });

    const metrics = [...this.#emfTotals.entries()]
      .map(([key, { metric, figures: total }]) => {
        const window = emptyMetric();
        for (const b of buckets) {
          const m = b.emf.get(key);
          if (m) {
            window.count += m.count;
            window.sum += m.sum;
            window.min = Math.min(window.min, m.min);
            window.max = Math.max(window.max, m.max);
          }
        }
        return {
          namespace: metric.namespace,
          name: metric.name,
          unit: metric.unit,
          dimensions: metric.dimensions,
          window: figures(window),
          total: figures(total),
        };
      })
      .sort(
        (a, b) =>
          a.name.localeCompare(b.name) ||
          JSON.stringify(a.dimensions).localeCompare(JSON.stringify(b.dimensions)),
      );

    const dead = this.#deadLetters();
    return {
      now: new Date(now).toISOString(),
      startedAt: new Date(this.#startedAt).toISOString(),
      bucketSeconds,
      windowSeconds,
      rateSeconds,
      requests: { overall: routeFigures(undefined), routes, series },
      sagas: {
        window: sagaWindow,
        total: { ...this.#sagaTotals },
        orders: {
          window: orderCounts(sagaWindow, metrics, 'window'),
          total: orderCounts(this.#sagaTotals, metrics, 'total'),
        },
        durations: latency(buckets.flatMap((b) => b.sagaDurations)),
        recent: [...this.#recentSagas].reverse().map((s) => ({ ...s, at: new Date(s.at).toISOString() })),
      },
      events: {
        types,
        deadLetterCount: dead.length,
        deadLetters: dead.slice(-deadLettersShown).reverse(),
      },
      metrics,
    };
  }
}

/** The ops view of a local-bus dead letter (the bus keeps the full event for redrive). */
export function deadLetterView(letter: DeadLetter): DeadLetterView {
  const correlationId = letter.event.detail.correlationId;
  return {
    rule: letter.rule,
    target: letter.target,
    eventId: letter.event.id,
    detailType: letter.event['detail-type'],
    ...(typeof correlationId === 'string' ? { correlationId } : {}),
    attempts: letter.attempts,
    error: letter.error,
    failedAt: letter.failedAt,
  };
}
