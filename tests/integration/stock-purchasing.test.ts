import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultThresholds } from '#domain/inventory/stock.ts';
import type { DynamoStockRepository } from '#functions/inventory/adapters/stock-repository.ts';
import type { Client, TestRuntime } from '../support/runtime.ts';
import { startTestRuntime } from '../support/runtime.ts';

/**
 * Purchasing, transfer confirmation and counts over HTTP against the embedded runtime
 * (docs/stock.md): the warehouse short for a store's automatic request suggests exactly one
 * purchase order; head office sends it; the warehouse receives part of it (receipt movements, the
 * waiting request served); the store confirms the transfer with a missing unit (a discrepancy
 * movement); a count posts its variances as count movements; the shrinkage report sums them.
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

interface Movement {
  kind: string;
  quantity: number;
  reference: string;
  onHand: number;
  reason?: string;
}
interface PurchaseOrder {
  purchaseOrderId: string;
  supplierId: string;
  status: string;
  lines: { productId: string; quantity: number; received: number; costCents: number }[];
  receipts: { receiptId: string; posted: boolean }[];
  suggestion?: { backordered: number; projected: number; orderUpTo: number };
}

/** A fresh product stocked at store-1 and the warehouse, sold by a supplier in cases of 6 at 1,00 $. */
async function productWith(units: { store: number; warehouse: number }): Promise<string> {
  const sku = `P-${randomUUID().slice(0, 8).toUpperCase()}`;
  const res = await manager.post('/products', {
    sku,
    name: `Achat ${sku}`,
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
  const offer = await manager.put(`/suppliers/distribution-saint-laurent/products/${productId}`, {
    costCents: 100,
    caseSize: 6,
  });
  expect(offer.status).toBe(200);
  return productId;
}

const sell = (productId: string, quantity: number) =>
  cashier.post(
    '/locations/store-1/sales',
    { lines: [{ productId, quantity }], payment: { method: 'cash' } },
    { idempotencyKey: randomUUID() },
  );
const ordersFor = async (productId: string): Promise<PurchaseOrder[]> => {
  const res = await manager.get('/purchase-orders?limit=100');
  expect(res.status).toBe(200);
  return (res.body.items as PurchaseOrder[]).filter((po) => po.lines.some((l) => l.productId === productId));
};
const requestsFor = async (productId: string) =>
  (
    (await manager.get('/locations/store-1/replenishments?limit=100')).body.items as {
      id: string;
      productId: string;
      quantity: number;
      status: string;
    }[]
  ).filter((r) => r.productId === productId);
const lineOf = async (locationId: string, productId: string) =>
  (await manager.get(`/locations/${locationId}/stock?productId=${productId}`)).body.items[0] as {
    onHand: number;
    available: number;
  };
const movementsOf = async (locationId: string, productId: string): Promise<Movement[]> =>
  (await manager.get(`/stock/${productId}/movements?locationId=${locationId}&order=asc&limit=100`)).body
    .items;
/** The recovery's replenishment part as its schedule runs it, two minutes later: it drives what waits. */
async function recover() {
  const { replenishmentDeps } = await import('#functions/inventory/replenishment-deps.ts');
  const { recoverReplenishments } = await import('#functions/inventory/replenishment-service.ts');
  await recoverReplenishments({ ...replenishmentDeps(), now: () => new Date(Date.now() + 120_000) });
  await api.runtime.bus.settled();
}

describe('purchase orders: the warehouse buys what it lacks', () => {
  let p: string;
  let po: PurchaseOrder;

  it('a warehouse short for a waiting request suggests exactly one purchase order, whatever the redeliveries', async () => {
    p = await productWith({ store: 30, warehouse: 5 });
    expect(
      (await manager.put(`/locations/store-1/stock/${p}/reorder-rule`, { rule: { orderUpTo: 60 } })).status,
    ).toBe(200);
    expect((await sell(p, 10)).status).toBe(201); // 20: below the point, 40 requested, 5 at the warehouse
    await api.runtime.bus.settled();
    expect(await requestsFor(p)).toMatchObject([{ status: 'waiting', quantity: 40 }]);
    // The recovery drives the waiting request again (a redelivery of the same shortage), twice
    await recover();
    await recover();
    const orders = await ordersFor(p);
    expect(orders).toHaveLength(1);
    po = orders[0]!;
    // Projected = 5 available − 40 owed = −35; up to the warehouse's target (65) in cases of 6: 96
    expect(po).toMatchObject({
      status: 'suggested',
      supplierId: 'distribution-saint-laurent',
      lines: [{ productId: p, quantity: 96, received: 0, costCents: 100 }],
      suggestion: { backordered: 40, projected: -35, orderUpTo: 65 },
    });
  });

  it('head office sends it; a receipt needs a key, refuses an over-receipt, and a partial one posts receipt movements', async () => {
    const key = randomUUID();
    const sent = await manager.post(
      `/purchase-orders/${po.purchaseOrderId}/send`,
      {},
      { idempotencyKey: key },
    );
    expect(sent.status).toBe(200);
    expect(sent.body.status).toBe('sent');
    expect(
      (
        await cashier.post(
          `/purchase-orders/${po.purchaseOrderId}/send`,
          {},
          { idempotencyKey: randomUUID() },
        )
      ).status,
    ).toBe(403);
    const receipts = `/purchase-orders/${po.purchaseOrderId}/receipts`;
    expect((await manager.post(receipts, { lines: [{ productId: p, quantity: 10 }] })).status).toBe(400);
    const over = await manager.post(
      receipts,
      { lines: [{ productId: p, quantity: 97 }] },
      { idempotencyKey: randomUUID() },
    );
    expect(over.status).toBe(400);
    expect(over.body.errors).toEqual([expect.objectContaining({ path: 'body.lines.0.quantity' })]);
    // Act: 60 of 96 arrive; the same request sent twice (a retry) receives them once
    const receiptKey = randomUUID();
    const first = await manager.post(
      receipts,
      { lines: [{ productId: p, quantity: 60 }] },
      { idempotencyKey: receiptKey },
    );
    const again = await manager.post(
      receipts,
      { lines: [{ productId: p, quantity: 60 }] },
      { idempotencyKey: receiptKey },
    );
    await api.runtime.bus.settled();
    // Assess
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(first.body).toMatchObject({
      status: 'partially-received',
      lines: [{ quantity: 96, received: 60 }],
      receipts: [{ posted: true }],
    });
    const receiptMoves = (await movementsOf('warehouse', p)).filter((m) => m.kind === 'receipt');
    expect(receiptMoves).toEqual([expect.objectContaining({ quantity: 60, onHand: 65 })]);
    // The waiting request was served at once (40 left the warehouse): now on the road to the store
    expect(await requestsFor(p)).toMatchObject([{ status: 'in-transit', quantity: 40 }]);
    expect((await lineOf('warehouse', p)).onHand).toBe(25);
    // The rest arrives: received; nothing more expected
    const rest = await manager.post(
      receipts,
      { lines: [{ productId: p, quantity: 36 }] },
      { idempotencyKey: randomUUID() },
    );
    expect(rest.body).toMatchObject({ status: 'received', lines: [{ received: 96 }] });
    expect((await lineOf('warehouse', p)).onHand).toBe(61);
    expect(
      (
        await manager.post(
          receipts,
          { lines: [{ productId: p, quantity: 1 }] },
          { idempotencyKey: randomUUID() },
        )
      ).status,
    ).toBe(409);
  });

  it('the store confirms the transfer with a missing unit: a discrepancy movement, the request shows it', async () => {
    const [r] = await requestsFor(p);
    const before = await lineOf('store-1', p);
    // A shortfall needs its reason; more than shipped is refused
    const url = `/replenishments/${r!.id}/receipt`;
    expect((await cashier.post(url, { received: 39 }, { idempotencyKey: randomUUID() })).status).toBe(400);
    expect((await cashier.post(url, { received: 41 }, { idempotencyKey: randomUUID() })).status).toBe(400);
    expect(
      (await api.as('cashier2').post(url, { received: 40 }, { idempotencyKey: randomUUID() })).status,
    ).toBe(403);
    const confirmed = await cashier.post(
      url,
      { received: 39, reason: 'un carton écrasé' },
      { idempotencyKey: randomUUID() },
    );
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({
      status: 'fulfilled',
      receipt: { received: 39, difference: -1, reason: 'un carton écrasé', confirmedBy: expect.any(String) },
    });
    expect(confirmed.body.history.map((h: { status: string }) => h.status)).toEqual([
      'requested',
      'waiting',
      'in-transit',
      'receiving',
      'fulfilled',
    ]);
    expect((await lineOf('store-1', p)).onHand).toBe(before.onHand + 39);
    const moves = (await movementsOf('store-1', p)).slice(-2);
    expect(moves).toEqual([
      expect.objectContaining({ kind: 'replenishment-in', quantity: 40, reference: r!.id }),
      expect.objectContaining({
        kind: 'discrepancy',
        quantity: -1,
        reference: r!.id,
        reason: 'un carton écrasé',
      }),
    ]);
    // Confirming again with another count is refused; the same count is answered the same
    expect((await cashier.post(url, { received: 40 }, { idempotencyKey: randomUUID() })).status).toBe(409);
  });

  it('a count with variances posts count movements and the shrinkage report sums them with the discrepancy', async () => {
    const q = await productWith({ store: 20, warehouse: 50 });
    const onHandP = (await lineOf('store-1', p)).onHand;
    const key = randomUUID();
    const body = {
      lines: [
        { productId: p, counted: onHandP - 3 },
        { productId: q, counted: 22 },
      ],
    };
    const count = await cashier.post('/locations/store-1/counts', body, { idempotencyKey: key });
    expect(count.status).toBe(201);
    expect(count.body).toMatchObject({
      status: 'posted',
      lines: expect.arrayContaining([
        expect.objectContaining({ productId: p, variance: -3, valueCents: -300, onHandBefore: onHandP }),
        expect.objectContaining({ productId: q, variance: 2, valueCents: 200, onHandBefore: 20 }),
      ]),
    });
    // The same key again: the same count, nothing moved twice
    expect((await cashier.post('/locations/store-1/counts', body, { idempotencyKey: key })).status).toBe(201);
    expect((await lineOf('store-1', p)).onHand).toBe(onHandP - 3);
    expect((await lineOf('store-1', q)).onHand).toBe(22);
    expect((await movementsOf('store-1', q)).filter((m) => m.kind === 'count')).toEqual([
      expect.objectContaining({ quantity: 2, onHand: 22, reference: count.body.countId }),
    ]);
    // A count needs its key; a cashier counts only their own store; unknown products are refused
    expect((await cashier.post('/locations/store-1/counts', body)).status).toBe(400);
    expect(
      (await cashier.post('/locations/store-2/counts', body, { idempotencyKey: randomUUID() })).status,
    ).toBe(403);
    expect(
      (
        await cashier.post(
          '/locations/store-1/counts',
          { lines: [{ productId: 'nope', counted: 1 }] },
          { idempotencyKey: randomUUID() },
        )
      ).status,
    ).toBe(400);

    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Montreal' }).format(new Date());
    const report = await manager.get(`/shrinkage?from=${today}&to=${today}&locationId=store-1`);
    expect(report.status).toBe(200);
    const [store] = report.body.locations;
    const lineP = store.products.find((l: { productId: string }) => l.productId === p);
    const lineQ = store.products.find((l: { productId: string }) => l.productId === q);
    // p: 1 missing on the transfer + 3 missing at the count; q: 2 found
    expect(lineP).toMatchObject({ lostUnits: 4, foundUnits: 0, units: -4, valueCents: -400 });
    expect(lineQ).toMatchObject({ lostUnits: 0, foundUnits: 2, units: 2, valueCents: 200 });
    expect(store.discrepancies).toBeGreaterThanOrEqual(1);
    expect(store.counts).toBeGreaterThanOrEqual(1);
    expect((await cashier.get(`/shrinkage?from=${today}&to=${today}`)).status).toBe(403);
    const all = await manager.get(`/shrinkage?from=${today}&to=${today}`);
    expect(all.body.locations.map((l: { locationId: string }) => l.locationId)).toContain('warehouse');
  });
});
