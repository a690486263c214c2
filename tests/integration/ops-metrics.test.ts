import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricsSnapshot } from '#local/metrics-collector.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

let api: TestRuntime;
beforeAll(async () => {
  api = await startTestRuntime();
});
afterAll(() => api.stop());

describe('GET /_local/metrics (the local stand-in for the CloudWatch dashboard)', () => {
  it('shows the requests made, per route, with their 4xx and latency', async () => {
    // Prepare
    for (let i = 0; i < 3; i++) expect((await api.anon.get('/health')).status).toBe(200);
    expect((await api.anon.get('/products?q=cafe')).status).toBe(200);
    expect((await api.anon.get('/products/does-not-exist')).status).toBe(404);
    expect((await api.anon.get('/products?limit=nope')).status).toBe(400);
    expect((await api.anon.get('/nowhere')).status).toBe(404);

    // Act
    const res = await api.as('ops').get<MetricsSnapshot>('/_local/metrics');

    // Assess
    expect(res.status).toBe(200);
    const route = (key: string) => res.body.requests.routes.find((r) => r.route === key);
    expect(route('GET /health')?.window).toMatchObject({ requests: 3, errors4xx: 0, errors5xx: 0 });
    expect(route('GET /health')?.window.p95).toBeGreaterThan(0);
    expect(route('GET /products')?.window).toMatchObject({ requests: 2, errors4xx: 1, errorRate: 0.5 });
    expect(route('GET /products/{productId}')?.window).toMatchObject({ requests: 1, errors4xx: 1 });
    expect(route('unmatched')?.window).toMatchObject({ requests: 1, errors4xx: 1 });
    expect(res.body.requests.series).toHaveLength(90);
    expect(
      res.body.requests.series.at(-1)!.requests + res.body.requests.series.at(-2)!.requests,
    ).toBeGreaterThan(0);
  });

  it("carries the handlers' own EMF metrics (diverted from stdout), namespace Comptoir, per route", async () => {
    await api.anon.get('/products/does-not-exist');
    const { body } = await api.as('ops').get<MetricsSnapshot>('/_local/metrics');
    const requests = body.metrics.find(
      (m) => m.name === 'Requests' && m.dimensions.route === 'GET /products/{productId}',
    );
    expect(requests).toMatchObject({ namespace: 'Comptoir', dimensions: { service: 'comptoir' } });
    expect(requests!.total.sum).toBeGreaterThanOrEqual(2);
    const errors = body.metrics.find(
      (m) => m.name === 'Errors4xx' && m.dimensions.route === 'GET /products/{productId}',
    );
    expect(errors!.total.sum).toBe(requests!.total.sum);
  });

  it('counts checkout saga executions, their business outcome and the events they published', async () => {
    // Prepare: a POS sale runs the checkout saga synchronously, whatever its outcome.
    const products = await api.anon.get<{ items: { id: string }[] }>('/products?limit=1');
    const sale = await api
      .as('cashier1')
      .post(
        '/locations/store-1/sales',
        { lines: [{ productId: products.body.items[0]!.id, quantity: 1 }], payment: { method: 'cash' } },
        { idempotencyKey: `ops-metrics-${Date.now()}` },
      );
    expect([201, 409]).toContain(sale.status);
    await api.runtime.bus.settled();

    // Act
    const { body } = await api.as('ops').get<MetricsSnapshot>('/_local/metrics');

    // Assess
    expect(body.sagas.total.started).toBe(1);
    expect(body.sagas.total.succeeded + body.sagas.total.failed + body.sagas.total.timedOut).toBe(1);
    expect(body.sagas.recent[0]).toMatchObject({ stateMachine: 'comptoir-checkout' });
    const outcome = body.metrics.find((m) => m.name === 'SagaOutcome');
    expect(outcome?.dimensions.outcome).toBe(sale.status === 201 ? 'confirmed' : 'failed');
    const published = body.events.types.reduce((n, t) => n + t.total.published, 0);
    expect(published).toBe(api.runtime.bus.published().length);
    expect(published).toBeGreaterThan(0);
  });

  it('counts a stock alert when a sale takes a product below its low threshold', async () => {
    // Prepare: sell at store-3 enough of a product to leave one unit fewer than its low threshold.
    const stock = await api.as('manager').get<{
      items: { productId: string; available: number; status: string; thresholds: { low: number } }[];
    }>('/locations/store-3/stock');
    const line = stock.body.items.find(
      (l) => l.status === 'ok' && l.thresholds.low >= 2 && l.available - l.thresholds.low < 999,
    )!;
    const sale = await api.as('cashier3').post(
      '/locations/store-3/sales',
      {
        lines: [{ productId: line.productId, quantity: line.available - line.thresholds.low + 1 }],
        payment: { method: 'cash' },
      },
      { idempotencyKey: `ops-metrics-low-${Date.now()}` },
    );
    expect(sale.status).toBe(201);
    await api.runtime.bus.settled();

    // Act
    const { body } = await api.as('ops').get<MetricsSnapshot>('/_local/metrics');

    // Assess
    const alerts = body.metrics.filter((m) => m.name === 'StockAlert');
    expect(alerts.map((m) => m.dimensions.type)).toContain('low');
    expect(
      body.events.types.find((t) => t.detailType === 'StockLow')?.total.published,
    ).toBeGreaterThanOrEqual(1);
  });

  it('does not count its own polling as API traffic', async () => {
    const first = await api.as('ops').get<MetricsSnapshot>('/_local/metrics');
    const second = await api.as('ops').get<MetricsSnapshot>('/_local/metrics');
    expect(second.body.requests.overall.total.requests).toBe(first.body.requests.overall.total.requests);
  });

  it('is for the ops and manager roles only, as the rest of the operations surface', async () => {
    expect((await api.anon.get('/_local/metrics')).status).toBe(401);
    expect((await api.as('cashier1').get('/_local/metrics')).status).toBe(403);
    expect((await api.as('manager').get('/_local/metrics')).status).toBe(200);
  });
});
