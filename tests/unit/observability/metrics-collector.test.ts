import { describe, expect, it } from 'vitest';
import { MetricsCollector, percentile } from '#local/metrics-collector.ts';

/** A collector on a hand-driven clock, starting at a bucket boundary. */
function collectorAt(start = Date.UTC(2026, 10, 25, 12, 0, 0)) {
  let now = start;
  const collector = new MetricsCollector({ now: () => now, random: () => 0.5 });
  return {
    collector,
    advance: (seconds: number) => (now += seconds * 1000),
    now: () => now,
  };
}

describe('percentile (nearest rank)', () => {
  it('picks the value below which p % of the samples lie', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 95)).toBe(95);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
  });

  it('answers the only sample for any p, and null without samples', () => {
    expect(percentile([7], 1)).toBe(7);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });

  it('rounds the rank up on small sets (p95 of 10 samples is the largest)', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
  });
});

describe('MetricsCollector requests', () => {
  it('reports per route the requests, 4xx and 5xx counts, error rate and latency percentiles', () => {
    const { collector, now } = collectorAt();
    for (let ms = 1; ms <= 100; ms++)
      collector.recordRequest({ route: 'GET /products', status: 200, durationMs: ms, at: now() });
    collector.recordRequest({ route: 'POST /products', status: 400, durationMs: 3, at: now() });
    collector.recordRequest({ route: 'POST /products', status: 500, durationMs: 9, at: now() });
    collector.recordRequest({ route: 'POST /products', status: 201, durationMs: 6, at: now() });
    collector.recordRequest({ route: 'POST /products', status: 404, durationMs: 1, at: now() });

    const snap = collector.snapshot();
    const get = snap.requests.routes.find((r) => r.route === 'GET /products')!;
    expect(get.window).toMatchObject({ requests: 100, errors4xx: 0, errors5xx: 0, errorRate: 0 });
    expect(get.window).toMatchObject({ p50: 50, p95: 95, p99: 99, maxMs: 100 });
    const post = snap.requests.routes.find((r) => r.route === 'POST /products')!;
    expect(post.window).toMatchObject({ requests: 4, errors4xx: 2, errors5xx: 1, errorRate: 0.75 });
    expect(post.total).toMatchObject({ requests: 4, errors4xx: 2, errors5xx: 1, meanMs: 4.75, maxMs: 9 });
    expect(snap.requests.overall.window.requests).toBe(104);
    expect(snap.requests.routes.map((r) => r.route)).toEqual(['GET /products', 'POST /products']);
  });

  it('leaves the web files and the local endpoints out of the API figures', () => {
    const { collector, now } = collectorAt();
    collector.recordRequest({ route: 'static', status: 200, durationMs: 1, at: now() });
    collector.recordRequest({ route: 'local', status: 200, durationMs: 1, at: now() });
    collector.recordRequest({ route: 'unmatched', status: 404, durationMs: 1, at: now() });
    expect(collector.snapshot().requests.routes.map((r) => r.route)).toEqual(['unmatched']);
  });

  it('measures requests per second over the last minute', () => {
    const { collector, now, advance } = collectorAt();
    advance(120);
    for (let i = 0; i < 30; i++)
      collector.recordRequest({ route: 'GET /health', status: 200, durationMs: 1, at: now() });
    advance(5);
    expect(collector.snapshot().requests.overall.window.perSecond).toBe(0.5);
  });
});

describe('MetricsCollector rolling window', () => {
  it('keeps 15 minutes in 10-second buckets: the series has 90 points, oldest first', () => {
    const { collector, now, advance } = collectorAt();
    collector.recordRequest({ route: 'GET /health', status: 200, durationMs: 2, at: now() });
    advance(25);
    collector.recordRequest({ route: 'GET /health', status: 503, durationMs: 4, at: now() });
    const { series } = collector.snapshot().requests;
    expect(series).toHaveLength(90);
    expect(Date.parse(series[89]!.at)).toBe(now() - 5_000);
    expect(series[89]).toMatchObject({ requests: 1, errors5xx: 1, p50: 4 });
    expect(series[87]).toMatchObject({ requests: 1, errors5xx: 0, p50: 2 });
    expect(series[88]).toMatchObject({ requests: 0, p50: null });
  });

  it('drops requests older than 15 minutes from the window but keeps them in the totals', () => {
    const { collector, now, advance } = collectorAt();
    collector.recordRequest({ route: 'GET /health', status: 500, durationMs: 900, at: now() });
    advance(14 * 60 + 50);
    collector.recordRequest({ route: 'GET /health', status: 200, durationMs: 10, at: now() });
    let route = collector.snapshot().requests.routes[0]!;
    expect(route.window).toMatchObject({ requests: 2, errors5xx: 1, maxMs: 900 });

    advance(10);
    route = collector.snapshot().requests.routes[0]!;
    expect(route.window).toMatchObject({ requests: 1, errors5xx: 0, p99: 10, maxMs: 10 });
    expect(route.total).toMatchObject({ requests: 2, errors5xx: 1, maxMs: 900 });
  });

  it('keeps percentiles from a bounded sample when a bucket sees many requests', () => {
    const { collector, now } = collectorAt();
    for (let i = 0; i < 10_000; i++)
      collector.recordRequest({ route: 'GET /products', status: 200, durationMs: 5, at: now() });
    const route = collector.snapshot().requests.routes[0]!;
    expect(route.window.requests).toBe(10_000);
    expect(route.window.p99).toBe(5);
  });
});

describe('MetricsCollector sagas, events and EMF metrics', () => {
  it('counts saga executions by status and lists the recent ones', () => {
    const { collector, now } = collectorAt();
    collector.recordSaga({ stateMachine: 'checkout', at: now() });
    collector.recordSaga({ stateMachine: 'checkout', at: now() });
    collector.recordSaga({ stateMachine: 'checkout', status: 'SUCCEEDED', durationMs: 40, at: now() });
    collector.recordSaga({
      stateMachine: 'checkout',
      status: 'FAILED',
      durationMs: 80,
      error: 'PaymentFailed',
      at: now(),
    });
    const { sagas } = collector.snapshot();
    expect(sagas.window).toEqual({ started: 2, succeeded: 1, failed: 1, timedOut: 0, aborted: 0 });
    expect(sagas.recent[0]).toMatchObject({ status: 'FAILED', error: 'PaymentFailed' });
    expect(sagas.durations.maxMs).toBe(80);
  });

  it('tells refused orders (recorded by the saga) from broken executions', () => {
    const { collector, now } = collectorAt();
    const outcome = (value: string, reason: string) => ({
      namespace: 'Comptoir',
      name: 'SagaOutcome',
      unit: 'Count',
      value: 1,
      dimensions: { service: 'comptoir', outcome: value, reason },
      timestamp: now(),
    });
    const ended = (status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT') =>
      collector.recordSaga({ stateMachine: 'comptoir-checkout', status, durationMs: 5, at: now() });
    collector.recordEmf([outcome('confirmed', 'none'), outcome('failed', 'payment-declined')]);
    ended('SUCCEEDED');
    ended('FAILED'); // the declined card: compensated, then the Fail state
    ended('FAILED'); // a task crashed before the order was marked failed
    ended('TIMED_OUT');
    const { orders } = collector.snapshot().sagas;
    expect(orders.window).toEqual({ confirmed: 1, refused: 1, broken: 2 });
    expect(orders.total).toEqual({ confirmed: 1, refused: 1, broken: 2 });
  });

  it('records a Step Functions execution as started and ended, with its duration', () => {
    const { collector, now } = collectorAt();
    const start = now() / 1000;
    collector.recordExecution({
      stateMachineArn: 'arn:aws:states:ca-central-1:000000000000:stateMachine:comptoir-checkout',
      executionArn: 'arn:x',
      status: 'TIMED_OUT',
      error: 'States.Timeout',
      startDate: start,
      stopDate: start + 0.25,
    });
    const { sagas } = collector.snapshot();
    expect(sagas.total).toMatchObject({ started: 1, timedOut: 1 });
    expect(sagas.recent[0]).toMatchObject({ stateMachine: 'comptoir-checkout', durationMs: 250 });
  });

  it('counts bus activity per event type and lists dead letters newest first', () => {
    const { collector, now } = collectorAt();
    const at = now();
    collector.recordBusActivity({ kind: 'published', detailType: 'StockLow', at });
    collector.recordBusActivity({ kind: 'retried', detailType: 'StockLow', rule: 'alerts', at });
    collector.recordBusActivity({ kind: 'dead-lettered', detailType: 'StockLow', rule: 'alerts', at });
    collector.recordBusActivity({ kind: 'published', detailType: 'OrderConfirmed', at });
    collector.recordBusActivity({ kind: 'delivered', detailType: 'OrderConfirmed', rule: 'reporting', at });
    const letter = (eventId: string) => ({
      rule: 'alerts',
      target: 'reporting/alerts',
      eventId,
      detailType: 'StockLow',
      attempts: 3,
      error: 'Error: boom',
      failedAt: new Date(at).toISOString(),
    });
    collector.setDeadLetterSource(() => [letter('e1'), letter('e2')]);
    const { events } = collector.snapshot();
    expect(events.types).toEqual([
      {
        detailType: 'OrderConfirmed',
        window: { published: 1, delivered: 1, retried: 0, deadLettered: 0 },
        total: { published: 1, delivered: 1, retried: 0, deadLettered: 0 },
      },
      {
        detailType: 'StockLow',
        window: { published: 1, delivered: 0, retried: 1, deadLettered: 1 },
        total: { published: 1, delivered: 0, retried: 1, deadLettered: 1 },
      },
    ]);
    expect(events.deadLetterCount).toBe(2);
    expect(events.deadLetters.map((d) => d.eventId)).toEqual(['e2', 'e1']);
  });

  it('sums EMF metrics per name and dimension values', () => {
    const { collector, now } = collectorAt();
    const sale = (locationId: string, value: number) => ({
      namespace: 'Comptoir',
      name: 'SaleAmountCents',
      unit: 'None',
      value,
      dimensions: { service: 'comptoir', locationId },
      timestamp: now(),
    });
    collector.recordEmf([sale('store-1', 1000), sale('store-1', 250), sale('warehouse', 99)]);
    const { metrics } = collector.snapshot();
    expect(metrics).toHaveLength(2);
    expect(metrics.find((m) => m.dimensions.locationId === 'store-1')).toMatchObject({
      window: { count: 2, sum: 1250, min: 250, max: 1000 },
      total: { count: 2, sum: 1250 },
    });
  });
});
