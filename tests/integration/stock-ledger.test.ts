import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkLedger } from '#domain/inventory/ledger-check.ts';
import type { Movement } from '#domain/inventory/movement.ts';
import { defaultThresholds } from '#domain/inventory/stock.ts';
import type { Client, TestRuntime } from '../support/runtime.ts';
import { startTestRuntime } from '../support/runtime.ts';
import type { DynamoStockRepository } from '#functions/inventory/adapters/stock-repository.ts';

/**
 * The stock movement ledger over HTTP: every change — POS sales (reserve, then sale or release),
 * returns, replenishments, adjustments — is a movement, and for every (location, product)
 * initial stock + movements = current level. Threshold events fire once per crossing.
 */
let api: TestRuntime;
let cashier: Client;
let manager: Client;
let stock: DynamoStockRepository;

beforeAll(async () => {
  api = await startTestRuntime({ runtime: { eventRetry: { delayMs: 5, maxDelayMs: 20 } } });
  cashier = api.as('cashier1');
  manager = api.as('manager');
  const { DynamoStockRepository } = await import('#functions/inventory/adapters/stock-repository.ts');
  stock = new DynamoStockRepository();
});
afterAll(() => api.stop());
afterEach(() => vi.restoreAllMocks());

/** A fresh product stocked at store-1 and the warehouse (its initial stock, before any movement). */
async function productWith(store: number, warehouse: number): Promise<string> {
  const sku = `L-${randomUUID().slice(0, 8).toUpperCase()}`;
  const res = await manager.post('/products', {
    sku,
    name: `Produit ${sku}`,
    category: 'epicerie',
    priceCents: 500,
  });
  expect(res.status).toBe(201);
  const productId = res.body.id as string;
  for (const [locationId, onHand] of [
    ['store-1', store],
    ['warehouse', warehouse],
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

const levelOf = async (locationId: string, productId: string) => {
  const res = await manager.get(`/locations/${locationId}/stock?productId=${productId}`);
  expect(res.status).toBe(200);
  const { onHand, reserved, available } = res.body.items[0];
  return { onHand, reserved, available } as { onHand: number; reserved: number; available: number };
};

async function ledgerOf(locationId: string, productId: string): Promise<Movement[]> {
  const all: Movement[] = [];
  let cursor: string | undefined;
  do {
    const res = await manager.get(
      `/stock/${productId}/movements?locationId=${locationId}&order=asc&limit=7${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect(res.status).toBe(200);
    all.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return all;
}

const sell = (productId: string, quantity: number) =>
  cashier.post(
    '/locations/store-1/sales',
    { lines: [{ productId, quantity }], payment: { method: 'cash' } },
    { idempotencyKey: randomUUID() },
  );
const adjust = (locationId: string, productId: string, quantity: number) =>
  manager.post(
    `/locations/${locationId}/adjustments`,
    { productId, quantity, reason: 'count' },
    { idempotencyKey: randomUUID() },
  );

describe('GET /stock/{productId}/movements', () => {
  it('records a POS sale as a reservation then a sale, with resulting levels, order and correlation id', async () => {
    // Prepare
    const p = await productWith(30, 100);
    // Act
    const sale = await sell(p, 3);
    await api.runtime.bus.settled();
    // Assess
    expect(sale.status).toBe(201);
    const ledger = await ledgerOf('store-1', p);
    expect(ledger).toMatchObject([
      {
        seq: 1,
        kind: 'reserve',
        quantity: 3,
        onHand: 30,
        reserved: 3,
        available: 27,
        reference: sale.body.id,
      },
      { seq: 2, kind: 'sale', quantity: 3, onHand: 27, reserved: 0, available: 27, reference: sale.body.id },
    ]);
    expect(ledger[0]!.correlationId).toBe(sale.headers.get('x-correlation-id'));
    const newest = await manager.get(`/stock/${p}/movements?locationId=store-1&limit=1`);
    expect(newest.body.items.map((m: Movement) => m.kind)).toEqual(['sale']);
  });

  it('is for staff, and answers unknown stock lines and foreign cursors with problems', async () => {
    const p = await productWith(5, 5);
    expect((await api.as('customer').get(`/stock/${p}/movements?locationId=store-1`)).status).toBe(403);
    expect((await manager.get(`/stock/${p}/movements`)).status).toBe(400);
    expect((await manager.get(`/stock/${p}/movements?locationId=store-2`)).status).toBe(404);
    const forged = Buffer.from(JSON.stringify({ pk: 'MOVEMENTS#store-1#other', sk: '1' })).toString(
      'base64url',
    );
    expect((await manager.get(`/stock/${p}/movements?locationId=store-1&cursor=${forged}`)).status).toBe(400);
  });
});

describe('ledger protocol without transactions', () => {
  it('records the movement on the retry when a writer dies between the stock update and the ledger write', async () => {
    // Prepare: the first ledger write of the store's replenishment movement fails (the consumer "dies" there)
    const p = await productWith(10, 100);
    const { ddb } = await import('#functions/adapters/dynamo.ts');
    const original = ddb.send.bind(ddb);
    let failed = 0;
    vi.spyOn(ddb, 'send').mockImplementation((async (command: { input?: { Item?: { pk?: string } } }) => {
      if (command.input?.Item?.pk === `MOVEMENTS#store-1#${p}` && failed === 0) {
        failed++;
        throw Object.assign(new Error('connection reset'), { name: 'TimeoutError' });
      }
      return original(command as never);
    }) as typeof ddb.send);
    // Act
    const res = await cashier.post(
      '/locations/store-1/replenishments',
      { productId: p, quantity: 10 },
      { idempotencyKey: randomUUID() },
    );
    await api.runtime.bus.settled();
    const key = randomUUID();
    const url = `/replenishments/${res.body.replenishmentId}/receipt`;
    // The store's confirmation dies after its stock write; its retry (same key) records the movement
    expect(
      (await cashier.post(url, { received: 10 }, { idempotencyKey: key })).status,
    ).toBeGreaterThanOrEqual(500);
    expect((await cashier.post(url, { received: 10 }, { idempotencyKey: key })).status).toBe(200);
    // Assess: applied once, recorded once, by the retry
    expect(failed).toBe(1);
    expect((await manager.get(`/replenishments/${res.body.replenishmentId}`)).body.status).toBe('fulfilled');
    const ledger = await ledgerOf('store-1', p);
    expect(ledger).toMatchObject([{ seq: 1, kind: 'replenishment-in', quantity: 10, onHand: 20 }]);
    expect(checkLedger({ onHand: 10, reserved: 0, seq: 0 }, ledger, await levelOf('store-1', p))).toEqual([]);
    const item = await stock.stockLine('store-1', p);
    expect(item?.onHand).toBe(20);
  });
});

describe('an abandoned write', () => {
  it('is recorded by the next write to the item once its outbox is stale', async () => {
    // Prepare: an adjustment dies after its stock write, before its ledger write, and is never retried
    const p = await productWith(30, 30);
    const { ddb, tableName } = await import('#functions/adapters/dynamo.ts');
    const { GetCommand, UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const original = ddb.send.bind(ddb);
    const spy = vi.spyOn(ddb, 'send').mockImplementation((async (command: {
      input?: { Item?: { pk?: string } };
    }) => {
      if (command.input?.Item?.pk === `MOVEMENTS#store-1#${p}`) throw new Error('process died');
      return original(command as never);
    }) as typeof ddb.send);
    expect((await adjust('store-1', p, -4)).status).toBe(500);
    spy.mockRestore();
    const key = { pk: 'LOCATION#store-1', sk: `STOCK#${p}` };
    const item = (await ddb.send(new GetCommand({ TableName: tableName('inventory'), Key: key }))).Item!;
    const outbox = Object.keys(item).find((k) => k.startsWith('mv#'))!;
    expect(item.onHand).toBe(26);
    expect(await ledgerOf('store-1', p)).toEqual([]);
    // …long ago
    await ddb.send(
      new UpdateCommand({
        TableName: tableName('inventory'),
        Key: key,
        UpdateExpression: 'SET #o.#at = :old',
        ExpressionAttributeNames: { '#o': outbox, '#at': 'at' },
        ExpressionAttributeValues: { ':old': new Date(Date.now() - 3_600_000).toISOString() },
      }),
    );
    // Act: the next change of the item
    expect((await adjust('store-1', p, 1)).status).toBe(201);
    // Assess: both movements are in the ledger, which adds up again
    const ledger = await ledgerOf('store-1', p);
    expect(ledger.map((m) => [m.seq, m.quantity, m.onHand])).toEqual([
      [1, -4, 26],
      [2, 1, 27],
    ]);
    expect(checkLedger({ onHand: 30, reserved: 0, seq: 0 }, ledger, await levelOf('store-1', p))).toEqual([]);
  });
});

describe('movement times', () => {
  it("follow the ledger order on an item even when a writer's clock is behind the last movement", async () => {
    // Prepare: the item's last movement was stamped an hour ahead (a writer with a fast clock)
    const p = await productWith(20, 20);
    const ahead = new Date(Date.now() + 3_600_000).toISOString();
    const { ddb, tableName } = await import('#functions/adapters/dynamo.ts');
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    await ddb.send(
      new UpdateCommand({
        TableName: tableName('inventory'),
        Key: { pk: 'LOCATION#store-1', sk: `STOCK#${p}` },
        UpdateExpression: 'SET lastAt = :t',
        ExpressionAttributeValues: { ':t': ahead },
      }),
    );
    // Act: 20 → 14 crosses into low
    const res = await adjust('store-1', p, -6);
    await api.runtime.bus.settled();
    // Assess: stamped just after, and so is the event the alerts read model orders by
    expect(res.status).toBe(201);
    const [m] = await ledgerOf('store-1', p);
    expect(m!.at).toBe(new Date(Date.parse(ahead) + 1).toISOString());
    const low = api.runtime.bus
      .published()
      .find((e) => e['detail-type'] === 'StockLow' && (e.detail as { productId: string }).productId === p);
    expect((low?.detail as { occurredAt: string }).occurredAt).toBe(m!.at);
  });
});

describe('threshold events', () => {
  it('fire exactly once per crossing: 15→14 low, 1→0 out, back up, 65→66 over and back', async () => {
    // Prepare
    const p = await productWith(16, 500);
    const from = api.runtime.bus.published().length;
    const alertsOf = () =>
      api.runtime.bus
        .published()
        .slice(from)
        .filter((e) => (e.detail as { productId?: string }).productId === p)
        .filter((e) => ['StockLow', 'StockOut', 'Overstock', 'StockBackToNormal'].includes(e['detail-type']))
        .map((e) => `${e['detail-type']}@${(e.detail as { level: number }).level}`);
    // Act: 16 → 15 → 14 → 13 by sales, 13 → 1, 1 → 0 by a sale, then back up and over by adjustments
    for (let i = 0; i < 3; i++) expect((await sell(p, 1)).status).toBe(201);
    await api.runtime.bus.settled();
    expect(alertsOf()).toEqual(['StockLow@14']);
    expect((await adjust('store-1', p, -12)).status).toBe(201);
    const last = await sell(p, 1);
    expect(last.status).toBe(201);
    await api.runtime.bus.settled();
    expect(alertsOf()).toEqual(['StockLow@14', 'StockOut@0']);
    const outs = await manager.get('/alerts?locationId=store-1&type=out');
    expect(outs.status).toBe(200);
    expect(outs.body.items).toContainEqual(
      expect.objectContaining({ type: 'out', locationId: 'store-1', productId: p, level: 0 }),
    );
    expect(
      (await manager.get('/alerts?type=low')).body.items.map((a: { productId: string }) => a.productId),
    ).not.toContain(p);
    expect(
      (
        await cashier.post(
          `/orders/${last.body.id}/returns`,
          { lines: [{ productId: p, quantity: 1 }] },
          { idempotencyKey: randomUUID() },
        )
      ).status,
    ).toBe(201);
    await api.runtime.bus.settled();
    for (const q of [13, 1, 50, 1, -1]) expect((await adjust('store-1', p, q)).status).toBe(201);
    await api.runtime.bus.settled();
    // Assess
    expect(alertsOf()).toEqual([
      'StockLow@14',
      'StockOut@0',
      'StockLow@1',
      'StockBackToNormal@15',
      'Overstock@66',
      'StockBackToNormal@65',
    ]);
    const changes = api.runtime.bus
      .published()
      .slice(from)
      .filter(
        (e) =>
          e['detail-type'] === 'StockLevelChanged' && (e.detail as { productId: string }).productId === p,
      )
      .map(
        (e) =>
          `${(e.detail as { previousStatus: string }).previousStatus}>${(e.detail as { status: string }).status}`,
      );
    expect(changes).toEqual([
      'reorder>low',
      'low>out',
      'out>low',
      'low>reorder',
      'reorder>ok',
      'ok>over',
      'over>ok',
    ]);
    const after = await manager.get('/alerts?locationId=store-1');
    expect(after.body.items.filter((a: { productId: string }) => a.productId === p)).toEqual([]);
    expect((await cashier.get('/alerts')).status).toBe(403);
    expect((await manager.get('/alerts?type=sideways')).status).toBe(400);
  });
});

describe('ledger invariant', () => {
  type Op =
    | { t: 'sale'; q: number }
    | { t: 'return' }
    | { t: 'replenish'; q: number; missing: number }
    | { t: 'adjust'; at: 'store-1' | 'warehouse'; q: number };
  const op: fc.Arbitrary<Op> = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({ t: fc.constant('sale' as const), q: fc.integer({ min: 1, max: 8 }) }),
    },
    { weight: 2, arbitrary: fc.record({ t: fc.constant('return' as const) }) },
    {
      weight: 2,
      arbitrary: fc.record({
        t: fc.constant('replenish' as const),
        q: fc.integer({ min: 1, max: 30 }),
        /** Units the store finds missing when it confirms the transfer (a discrepancy). */
        missing: fc.integer({ min: 0, max: 1 }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        t: fc.constant('adjust' as const),
        at: fc.constantFrom('store-1' as const, 'warehouse' as const),
        q: fc.integer({ min: -5, max: 5 }).filter((n) => n !== 0),
      }),
    },
  );

  it('initial stock + movements = current level after a random mix of sales, returns, replenishments (confirmed by the store, a unit sometimes missing) and adjustments', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 10, maxLength: 16 }), async (ops) => {
        // Prepare: fresh stock, nothing in its ledger
        const p = await productWith(12, 40);
        const sold: { orderId: string; left: number }[] = [];
        // Act
        for (const o of ops) {
          if (o.t === 'sale') {
            const res = await sell(p, o.q);
            expect([201, 409]).toContain(res.status);
            if (res.status === 201) sold.push({ orderId: res.body.id, left: o.q });
          } else if (o.t === 'return') {
            const order = sold.find((s) => s.left > 0);
            if (!order) continue;
            const res = await cashier.post(
              `/orders/${order.orderId}/returns`,
              { lines: [{ productId: p, quantity: 1 }] },
              { idempotencyKey: randomUUID() },
            );
            expect(res.status).toBe(201);
            order.left--;
          } else if (o.t === 'replenish') {
            const res = await cashier.post(
              '/locations/store-1/replenishments',
              { productId: p, quantity: o.q },
              { idempotencyKey: randomUUID() },
            );
            expect([200, 202]).toContain(res.status);
            await api.runtime.bus.settled();
            const r = (await manager.get(`/replenishments/${res.body.replenishmentId}`)).body;
            if (r.status === 'in-transit') {
              const missing = Math.min(o.missing, r.quantity);
              const confirmed = await cashier.post(
                `/replenishments/${r.id}/receipt`,
                { received: r.quantity - missing, ...(missing > 0 ? { reason: 'broken' } : {}) },
                { idempotencyKey: randomUUID() },
              );
              expect(confirmed.status).toBe(200);
            }
          } else {
            const res = await adjust(o.at, p, o.q);
            expect([201, 409]).toContain(res.status);
          }
          // Some operations complete through events: interleave with them, as in a store.
          if (o.t !== 'sale') await api.runtime.bus.settled();
        }
        await api.runtime.bus.settled();
        // Assess
        for (const [locationId, initial] of [
          ['store-1', 12],
          ['warehouse', 40],
        ] as const) {
          const ledger = await ledgerOf(locationId, p);
          const now = await levelOf(locationId, p);
          expect(checkLedger({ onHand: initial, reserved: 0, seq: 0 }, ledger, now)).toEqual([]);
        }
        const [store, warehouse] = [await levelOf('store-1', p), await levelOf('warehouse', p)];
        const external = [...(await ledgerOf('store-1', p)), ...(await ledgerOf('warehouse', p))]
          .filter((m) => ['sale', 'return', 'adjustment', 'discrepancy'].includes(m.kind))
          .reduce((n, m) => n + m.delta.onHand, 0);
        // Replenishments only move units between the two: none lost or created.
        expect(store.onHand + warehouse.onHand).toBe(52 + external);
      }),
      { numRuns: 3 },
    );
  });
});
