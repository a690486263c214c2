import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultThresholds } from '#domain/inventory/stock.ts';
import type { DynamoStockRepository } from '#functions/inventory/adapters/stock-repository.ts';
import type { ApiResponse, Client, TestRuntime } from '../support/runtime.ts';
import { startTestRuntime } from '../support/runtime.ts';

/**
 * PUT /locations/{locationId}/stock/{productId}/thresholds (manager): thresholds per (location,
 * product), written through the ledger as a `thresholds` movement, so that a status changed by
 * new thresholds — with no unit moving — reaches the events and the alerts read model.
 */
let api: TestRuntime;
let manager: Client;
let stock: DynamoStockRepository;

beforeAll(async () => {
  api = await startTestRuntime({ runtime: { eventRetry: { delayMs: 5, maxDelayMs: 20 } } });
  manager = api.as('manager');
  const { DynamoStockRepository } = await import('#functions/inventory/adapters/stock-repository.ts');
  stock = new DynamoStockRepository();
});
afterAll(() => api.stop());
afterEach(() => vi.restoreAllMocks());

/** A fresh product with `units` at store-1 and the default thresholds. */
async function productWith(units: number): Promise<string> {
  const sku = `T-${randomUUID().slice(0, 8).toUpperCase()}`;
  const res = await manager.post('/products', {
    sku,
    name: `Seuil ${sku}`,
    category: 'epicerie',
    priceCents: 300,
  });
  expect(res.status).toBe(201);
  const productId = res.body.id as string;
  await stock.putStock({
    locationId: 'store-1',
    productId,
    name: res.body.name,
    onHand: units,
    reserved: 0,
    thresholds: defaultThresholds,
  });
  return productId;
}

const thresholdsUrl = (productId: string, locationId = 'store-1') =>
  `/locations/${locationId}/stock/${productId}/thresholds`;

const movementsOf = async (productId: string) => {
  const res = await manager.get(`/stock/${productId}/movements?locationId=store-1&order=asc`);
  expect(res.status).toBe(200);
  return res.body.items as {
    kind: string;
    quantity: number;
    available: number;
    previousThresholds?: unknown;
    thresholds?: unknown;
  }[];
};

const alertsOf = async (productId: string) => {
  const res = await manager.get('/alerts?locationId=store-1');
  expect(res.status).toBe(200);
  return (res.body.items as { productId: string; type: string; level: number }[])
    .filter((a) => a.productId === productId)
    .map((a) => `${a.type}@${a.level}`);
};

function expectProblem(res: ApiResponse, status: number, fields: string[] = []) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const paths = (res.body.errors ?? []).map((e: { path: string }) => e.path);
  for (const field of fields) expect(paths).toContain(field);
}

describe('PUT /locations/{locationId}/stock/{productId}/thresholds', () => {
  it('raising low over the level makes the line low, raises the alert and records the change', async () => {
    // Prepare: 20 units is `reorder` with the defaults
    const p = await productWith(20);
    // Act
    const res = await manager.put(thresholdsUrl(p), { low: 30, reorder: 30, over: 65 });
    await api.runtime.bus.settled();
    // Assess: the answer and the stock view agree on the new thresholds and status
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      locationId: 'store-1',
      productId: p,
      onHand: 20,
      available: 20,
      status: 'low',
      thresholds: { low: 30, reorder: 30, over: 65 },
      suggestedQuantity: 45,
    });
    const view = await manager.get(`/locations/store-1/stock?productId=${p}`);
    expect(view.body.items).toEqual([res.body]);
    expect(await alertsOf(p)).toEqual(['low@20']);
    expect(await movementsOf(p)).toEqual([
      expect.objectContaining({
        kind: 'thresholds',
        quantity: 0,
        available: 20,
        previousThresholds: defaultThresholds,
        thresholds: { low: 30, reorder: 30, over: 65 },
      }),
    ]);
  });

  it('lowering it back clears the alert; the same PUT twice writes one movement and one event', async () => {
    // Prepare
    const p = await productWith(20);
    expect((await manager.put(thresholdsUrl(p), { low: 30, reorder: 30, over: 65 })).status).toBe(200);
    await api.runtime.bus.settled();
    expect(await alertsOf(p)).toEqual(['low@20']);
    const from = api.runtime.bus.published().length;
    // Act
    const first = await manager.put(thresholdsUrl(p), defaultThresholds);
    const second = await manager.put(thresholdsUrl(p), defaultThresholds);
    await api.runtime.bus.settled();
    // Assess
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(first.body).toMatchObject({ status: 'reorder', thresholds: defaultThresholds });
    expect(await alertsOf(p)).toEqual([]);
    expect((await movementsOf(p)).map((m) => m.kind)).toEqual(['thresholds', 'thresholds']);
    const events = api.runtime.bus
      .published()
      .slice(from)
      .filter((e) => (e.detail as { productId?: string }).productId === p)
      .map((e) => e['detail-type']);
    expect(events).toEqual(['StockLevelChanged', 'StockBackToNormal']);
  });

  it('a change that keeps the status records the movement and announces nothing', async () => {
    // Prepare
    const p = await productWith(40);
    const from = api.runtime.bus.published().length;
    // Act
    const res = await manager.put(thresholdsUrl(p), { low: 10, reorder: 20, over: 80 });
    await api.runtime.bus.settled();
    // Assess
    expect(res.body).toMatchObject({ status: 'ok', thresholds: { low: 10, reorder: 20, over: 80 } });
    expect((await movementsOf(p)).map((m) => m.kind)).toEqual(['thresholds']);
    const events = api.runtime.bus
      .published()
      .slice(from)
      .filter((e) => (e.detail as { productId?: string }).productId === p);
    expect(events).toEqual([]);
  });

  it.each([
    ['low above reorder', { low: 30, reorder: 20, over: 65 }, 'body.reorder'],
    ['reorder above over', { low: 10, reorder: 70, over: 65 }, 'body.over'],
    ['a negative threshold', { low: -1, reorder: 20, over: 65 }, 'body.low'],
    ['a fractional threshold', { low: 10, reorder: 20.5, over: 65 }, 'body.reorder'],
    ['a missing threshold', { low: 10, reorder: 20 }, 'body.over'],
    ['an unknown field', { low: 10, reorder: 20, over: 65, max: 90 }, 'body.max'],
  ])('refuses %s with a 400 problem and a field error', async (_what, body, field) => {
    const p = await productWith(20);
    expectProblem(await manager.put(thresholdsUrl(p), body), 400, [field]);
    expect(await movementsOf(p)).toEqual([]);
  });

  it('answers 404 for a product not stocked there or an unknown location', async () => {
    expectProblem(await manager.put(thresholdsUrl('no-such-product'), defaultThresholds), 404);
    expectProblem(await manager.put(thresholdsUrl('coffee', 'store-9'), defaultThresholds), 404);
  });

  it('does not re-rate a movement written before the change and recorded after it', async () => {
    // Prepare: 16 units; an adjustment of −2 (16 → 14: reorder → low) dies after its stock write,
    // before its ledger write
    const p = await productWith(16);
    const from = api.runtime.bus.published().length;
    const { ddb } = await import('#functions/adapters/dynamo.ts');
    const original = ddb.send.bind(ddb);
    const spy = vi.spyOn(ddb, 'send').mockImplementation((async (command: {
      input?: { Item?: { pk?: string; kind?: string } };
    }) => {
      const item = command.input?.Item;
      if (item?.pk === `MOVEMENTS#store-1#${p}` && item.kind === 'adjustment')
        throw new Error('process died');
      return original(command as never);
    }) as typeof ddb.send);
    const adjust = () =>
      manager.post(
        '/locations/store-1/adjustments',
        { productId: p, quantity: -2, reason: 'casse' },
        { idempotencyKey: `adj-${p}` },
      );
    expect((await adjust()).status).toBe(500);
    spy.mockRestore();
    // Act: low lowered to 10 (14 is now reorder), then the adjustment is retried and recorded
    const res = await manager.put(thresholdsUrl(p), { low: 10, reorder: 25, over: 65 });
    expect(res.body).toMatchObject({ available: 14, status: 'reorder' });
    expect((await adjust()).status).toBe(201);
    await api.runtime.bus.settled();
    // Assess: the adjustment is rated with the thresholds it was written under (StockLow), the
    // change with old → new (StockBackToNormal); the alert, ordered by the ledger, is gone
    const alerts = api.runtime.bus
      .published()
      .slice(from)
      .filter((e) => (e.detail as { productId?: string }).productId === p)
      .filter((e) => e['detail-type'] !== 'StockLevelChanged')
      .map((e) => `${e['detail-type']}@${(e.detail as { level: number }).level}`);
    expect(alerts.sort()).toEqual(['StockBackToNormal@14', 'StockLow@14']);
    expect((await movementsOf(p)).map((m) => m.kind)).toEqual(['adjustment', 'thresholds']);
    expect(await alertsOf(p)).toEqual([]);
  });

  it('is for managers only', async () => {
    const p = await productWith(20);
    expectProblem(await api.as('cashier1').put(thresholdsUrl(p), { low: 30, reorder: 30, over: 65 }), 403);
    expectProblem(await api.anon.put(thresholdsUrl(p), { low: 30, reorder: 30, over: 65 }), 401);
    expect(await movementsOf(p)).toEqual([]);
  });
});
