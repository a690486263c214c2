import { Metrics } from '@aws-lambda-powertools/metrics';
import { appMetrics, metricsNamespace, metricsService, type MetricSpec } from '#infra/spec/metrics.ts';
import { currentCorrelationId, log } from './correlation.ts';

/**
 * Application metrics in CloudWatch embedded metric format (EMF): each call writes one JSON line to
 * stdout, which CloudWatch Logs turns into metrics in the `Comptoir` namespace — no API call, no
 * latency. The local runtime intercepts the same lines (local/emf-capture.ts) and feeds its ops page,
 * so nothing here knows where it runs.
 *
 * Usage from a use case or saga task (names, units and dimensions are listed in infra/spec/metrics.ts):
 *
 *   import { businessMetrics } from '#functions/shared/metrics.ts';
 *   businessMetrics.sale('store-2', order.totalCents);            // after the order is confirmed
 *   businessMetrics.sagaOutcome('failed', 'payment-declined');     // when the saga ends
 *   businessMetrics.stockAlert('low', { locationId, productId });  // when a StockLow event is raised
 *
 * Emission is synchronous (add → publish in one tick), so concurrent requests served by one process
 * never mix their dimensions in the shared Powertools instance.
 */
let instance: Metrics | undefined;

/**
 * Powertools reports misuse through this logger. A rollup repeats some keys of the record's full
 * dimension set on purpose (`rollups` in infra/spec/metrics.ts), which Powertools flags on every
 * record: those notices are dropped; anything else goes to the structured log.
 */
const intendedOverlap = /has already been added|is defined as both a dimension( set)? and dimension set/;
const text = (content: unknown[]) => content.map(String).join(' ');
const powertoolsLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (...content: unknown[]) => {
    if (!intendedOverlap.test(text(content))) log.warn('metrics', { detail: text(content) });
  },
  error: (...content: unknown[]) => log.error('metrics', { detail: text(content) }),
};

/** Created on first use, so that the environment the runtime sets (e.g. POWERTOOLS_METRICS_DISABLED) applies. */
function powertools(): Metrics {
  instance ??= new Metrics({
    namespace: metricsNamespace,
    serviceName: metricsService,
    logger: powertoolsLogger,
  });
  return instance;
}

/** A dimension value CloudWatch accepts: a non-empty string of at most 250 characters. */
const dimensionValue = (value: string): string => (value === '' ? 'unknown' : value.slice(0, 250));

/**
 * Publishes one EMF record: the given metrics under one dimension set. `metadata` goes into the
 * record as searchable properties (Logs Insights), never as dimensions: use it for high-cardinality
 * values such as product ids. The current correlation id is added the same way.
 */
export function emitMetrics(
  dimensions: Readonly<Record<string, string>>,
  values: ReadonlyArray<readonly [MetricSpec, number]>,
  metadata: Readonly<Record<string, string | number>> = {},
): void {
  const metrics = powertools();
  for (const [name, value] of Object.entries(dimensions)) metrics.addDimension(name, dimensionValue(value));
  const rollups = new Set(values.flatMap(([spec]) => (spec.rollups ?? []).map((r) => r.join(','))));
  for (const rollup of rollups)
    metrics.addDimensions(
      Object.fromEntries(rollup.split(',').map((name) => [name, dimensionValue(dimensions[name] ?? '')])),
    );
  for (const [spec, value] of values) metrics.addMetric(spec.name, spec.unit, value);
  const correlationId = currentCorrelationId();
  if (correlationId) metrics.addMetadata('correlationId', correlationId);
  for (const [key, value] of Object.entries(metadata)) metrics.addMetadata(key, String(value));
  metrics.publishStoredMetrics();
}

/** One answered HTTP request (called once per request by the shared HTTP stack). */
export function recordRequest(route: string, status: number, durationMs: number): void {
  emitMetrics({ route }, [
    [appMetrics.requests, 1],
    [appMetrics.latency, Math.round(durationMs * 100) / 100],
    [appMetrics.errors4xx, status >= 400 && status < 500 ? 1 : 0],
    [appMetrics.errors5xx, status >= 500 ? 1 : 0],
  ]);
}

export type StockAlertType = 'low' | 'out' | 'over';
const alertTypeOfEvent: Readonly<Record<string, StockAlertType>> = {
  StockLow: 'low',
  StockOut: 'out',
  Overstock: 'over',
};

/** Business metrics the sales and inventory contexts call at the moment the fact happens. */
export const businessMetrics = {
  /** A confirmed sale or web order of `amountCents` (CAD cents, taxes included) at a selling location. */
  sale(locationId: string, amountCents: number, metadata: Record<string, string | number> = {}): void {
    emitMetrics({ locationId }, [[appMetrics.saleAmount, amountCents]], metadata);
  },
  /** The checkout saga ended: `confirmed`, or `failed` with the failure code as reason. */
  sagaOutcome(
    outcome: 'confirmed' | 'failed',
    reason?: string,
    metadata: Record<string, string | number> = {},
  ): void {
    emitMetrics(
      { outcome, reason: outcome === 'confirmed' ? 'none' : (reason ?? 'unknown') },
      [[appMetrics.sagaOutcome, 1]],
      metadata,
    );
  },
  /** A stock alert was raised (product and location go in metadata: too many values for dimensions). */
  stockAlert(type: StockAlertType, metadata: Record<string, string | number> = {}): void {
    emitMetrics({ type }, [[appMetrics.stockAlert, 1]], metadata);
  },
  /** The same, from the event that announces it; other event types (`StockBackToNormal`, …) count nothing. */
  stockAlertEvent(detailType: string, metadata: Record<string, string | number> = {}): void {
    const type = alertTypeOfEvent[detailType];
    if (type) businessMetrics.stockAlert(type, metadata);
  },
};
