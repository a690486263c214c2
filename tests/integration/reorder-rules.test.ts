import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultThresholds } from '#domain/inventory/stock.ts';
import type { DynamoStockRepository } from '#functions/inventory/adapters/stock-repository.ts';
import type { Client, TestRuntime } from '../support/runtime.ts';
import { startTestRuntime } from '../support/runtime.ts';

/**
 * Reorder rules over HTTP against the embedded runtime: a store's sale crosses the reorder point,
 * the ledger announces it, the rule raises one replenishment request, the fulfilment brings the
 * units — and a warehouse that is short keeps the request waiting instead of raising more.
 */
let api: TestRuntime;
let manager: Client;
let cashier: Client;
let stock: DynamoStockRepository;

beforeAll(async () => {
  api = await startTestRuntime({ runtime: { eventRetry: { delayMs: 5, maxDelayMs: 20 } } });
  manager = api.as('manager');
  cashier = api.as('cashier1');
  const { DynamoStockRepository } = await import('#functions/inventory/adapters/stock-repository.ts');
  stock = new DynamoStockRepository();
});
afterAll(() => api.stop());

interface Request {
  id: string;
  productId: string;
  quantity: number;
  status: string;
  origin?: string;
  requestedBy: string;
  raisedBy?: { ruleId: string; projected: number; orderUpTo: number; trigger: string };
  history: { status: string }[];
}

/** A fresh product with `store` units at store-1 and `warehouse` at the warehouse. */
async function productWith(units: { store: number; warehouse: number }): Promise<string> {
  const sku = `R-${randomUUID().slice(0, 8).toUpperCase()}`;
  const res = await manager.post('/products', {
    sku,
    name: `Réassort ${sku}`,
    category: 'epicerie',
    priceCents: 250,
  });
  expect(res.status).toBe(201);
  const productId = res.body.id as string;
  for (const [locationId, onHand] of [
    ['store-1', units.store],
    ['warehouse', units.warehouse],
  ] as const)
    await stock.putStock({
      locationId,
      productId,
      name: res.body.name,
      onHand,
      reserved: 0,
      thresholds: defaultThresholds,
    });
  return productId;
}

const setRule = (productId: string, rule: Record<string, unknown> | null) =>
  manager.put(`/locations/store-1/stock/${productId}/reorder-rule`, { rule });

const sell = (productId: string, quantity: number) =>
  cashier.post(
    '/locations/store-1/sales',
    { lines: [{ productId, quantity }], payment: { method: 'cash' } },
    { idempotencyKey: randomUUID() },
  );

const requestsFor = async (productId: string): Promise<Request[]> => {
  const res = await manager.get('/locations/store-1/replenishments?limit=100');
  expect(res.status).toBe(200);
  return (res.body.items as Request[]).filter((r) => r.productId === productId);
};
/** The store confirms that the units of a transfer arrived, every one of them. */
const confirm = async (r: Request) => {
  const res = await cashier.post(
    `/replenishments/${r.id}/receipt`,
    { received: r.quantity },
    { idempotencyKey: randomUUID() },
  );
  expect(res.status).toBe(200);
  await api.runtime.bus.settled();
};
const lineOf = async (locationId: string, productId: string) => {
  const res = await manager.get(`/locations/${locationId}/stock?productId=${productId}`);
  expect(res.status).toBe(200);
  return res.body.items[0] as { onHand: number; available: number; reorderRule?: Record<string, unknown> };
};

describe('reorder rules: stock that refills itself', () => {
  it('a sale crossing the reorder point raises exactly one request, by the rule, up to the target', async () => {
    // Prepare: 30 at the store (ok), a rule ordering up to 60 in cases of 6
    const p = await productWith({ store: 30, warehouse: 200 });
    const set = await setRule(p, { orderUpTo: 60, multiple: 6 });
    expect(set.status).toBe(200);
    expect(set.body.reorderRule).toMatchObject({
      orderUpTo: 60,
      multiple: 6,
      minimum: 1,
      updatedBy: expect.any(String),
    });
    await api.runtime.bus.settled();
    expect(await requestsFor(p)).toEqual([]); // 30 is above the point (25): nothing ordered
    // Act: two sales in a row, 30 → 22 (reorder) → 12 (low): two crossings announced
    expect((await sell(p, 8)).status).toBe(201);
    expect((await sell(p, 10)).status).toBe(201);
    await api.runtime.bus.settled();
    // Assess
    const requests = await requestsFor(p);
    expect(requests).toHaveLength(1);
    const [r] = requests;
    expect(r).toMatchObject({
      origin: 'rule',
      requestedBy: 'reorder-rule',
      status: 'in-transit',
      raisedBy: { ruleId: `store-1/${p}`, orderUpTo: 60 },
    });
    await confirm(r!);
    expect(r!.quantity % 6).toBe(0);
    expect(r!.raisedBy!.projected + r!.quantity).toBeLessThanOrEqual(60);
    expect(r!.raisedBy!.projected).toBeLessThan(25);
    const store = await lineOf('store-1', p);
    expect(store.onHand).toBe(12 + r!.quantity);
    expect((await lineOf('warehouse', p)).onHand).toBe(200 - r!.quantity);
    const movements = await manager.get(`/stock/${p}/movements?locationId=store-1&order=asc`);
    expect(movements.body.items.filter((m: { kind: string }) => m.kind === 'replenishment-in')).toEqual([
      expect.objectContaining({ reference: r!.id, quantity: r!.quantity }),
    ]);
  });

  it('a warehouse that is short keeps the automatic request waiting: no second one, served once stocked', async () => {
    const p = await productWith({ store: 30, warehouse: 5 });
    expect((await setRule(p, { orderUpTo: 60 })).status).toBe(200);
    expect((await sell(p, 8)).status).toBe(201); // 22: below the point
    await api.runtime.bus.settled();
    expect((await sell(p, 10)).status).toBe(201); // 12: low, announced again
    await api.runtime.bus.settled();
    const [waiting, ...more] = await requestsFor(p);
    expect(more).toEqual([]);
    expect(waiting).toMatchObject({
      status: 'waiting',
      quantity: 38,
      reason: 'The warehouse has 5 available, 38 requested',
    });
    // A cashier asking meanwhile gets the open one, not a second request
    const manual = await cashier.post(
      '/locations/store-1/replenishments',
      { productId: p, quantity: 10 },
      { idempotencyKey: randomUUID() },
    );
    expect(manual.status).toBe(200);
    expect(manual.body.id).toBe(waiting!.id);
    // The warehouse gets units; the recovery (every minute) drives the waiting request
    expect(
      (
        await manager.post(
          '/locations/warehouse/adjustments',
          { productId: p, quantity: 100, reason: 'test: delivery' },
          { idempotencyKey: randomUUID() },
        )
      ).status,
    ).toBe(201);
    const { replenishmentDeps } = await import('#functions/inventory/replenishment-deps.ts');
    const { recoverReplenishments } = await import('#functions/inventory/replenishment-service.ts');
    const deps = replenishmentDeps();
    await recoverReplenishments({ ...deps, now: () => new Date(Date.now() + 120_000) });
    await api.runtime.bus.settled();
    const [served] = await requestsFor(p);
    expect(served!.history.map((h) => h.status)).toEqual(['requested', 'waiting', 'in-transit']);
    await confirm(served!);
    expect((await lineOf('store-1', p)).onHand).toBe(12 + 38);
    expect((await lineOf('warehouse', p)).onHand).toBe(105 - 38);
    expect(await requestsFor(p)).toHaveLength(1);
  });

  it('a snoozed rule orders nothing; a rule set on a line already below its point orders at once', async () => {
    const p = await productWith({ store: 10, warehouse: 100 });
    const snoozed = await setRule(p, { orderUpTo: 50, snoozedUntil: '2099-01-01T00:00:00.000Z' });
    expect(snoozed.status).toBe(200);
    await api.runtime.bus.settled();
    expect(await requestsFor(p)).toEqual([]);
    expect((await setRule(p, { orderUpTo: 50, minimum: 5 })).status).toBe(200);
    await api.runtime.bus.settled();
    expect(await requestsFor(p)).toMatchObject([{ quantity: 40, status: 'in-transit', origin: 'rule' }]);
    expect((await setRule(p, null)).body.reorderRule).toBeUndefined();
  });

  it('refuses a rule that leaves no room above the point, a warehouse line, and a cashier', async () => {
    const p = await productWith({ store: 30, warehouse: 100 });
    const tight = await setRule(p, { orderUpTo: 20 });
    expect(tight.status).toBe(400);
    expect(tight.body.errors).toEqual([expect.objectContaining({ path: 'body.orderUpTo' })]);
    expect(tight.headers.get('content-type')).toContain('application/problem+json');
    expect((await setRule(p, { orderUpTo: 60, multiple: 0 })).status).toBe(400);
    const atWarehouse = await manager.put(`/locations/warehouse/stock/${p}/reorder-rule`, {
      rule: { orderUpTo: 90 },
    });
    expect(atWarehouse.status).toBe(400);
    expect(
      (await cashier.put(`/locations/store-1/stock/${p}/reorder-rule`, { rule: { orderUpTo: 60 } })).status,
    ).toBe(403);
    expect(
      (await manager.put(`/locations/store-1/stock/nope/reorder-rule`, { rule: { orderUpTo: 60 } })).status,
    ).toBe(404);
    expect((await lineOf('store-1', p)).reorderRule).toBeUndefined();
  });
});
