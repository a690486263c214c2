import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Client, TestRuntime } from '../support/runtime.ts';
import { startTestRuntime } from '../support/runtime.ts';
import type * as Dynamo from '#functions/adapters/dynamo.ts';

type DynamoModule = typeof Dynamo;

/**
 * Replenishment of a store from the central warehouse, over HTTP against the embedded runtime:
 * the request, the consumer that moves the units, the ledger that records them.
 */
interface Movement {
  seq: number;
  kind: string;
  quantity: number;
  onHand: number;
  reserved: number;
  reference: string;
  correlationId: string;
}

let api: TestRuntime;
let cashier: Client;
let manager: Client;
let ddbModule: DynamoModule;

beforeAll(async () => {
  api = await startTestRuntime({ runtime: { eventRetry: { delayMs: 5, maxDelayMs: 20 } } });
  cashier = api.as('cashier1');
  manager = api.as('manager');
  ddbModule = await import('#functions/adapters/dynamo.ts');
});
afterAll(() => api.stop());
afterEach(() => vi.restoreAllMocks());

const onHandAt = async (locationId: string, productId: string): Promise<number> => {
  const res = await manager.get(`/locations/${locationId}/stock?productId=${productId}`);
  expect(res.status).toBe(200);
  return res.body.items[0].onHand as number;
};
const movementsOf = async (locationId: string, productId: string): Promise<Movement[]> => {
  const res = await manager.get(`/stock/${productId}/movements?locationId=${locationId}&order=asc&limit=100`);
  expect(res.status).toBe(200);
  return res.body.items as Movement[];
};
const request = (productId: string, quantity: number, key = randomUUID(), as = cashier) =>
  as.post('/locations/store-1/replenishments', { productId, quantity }, { idempotencyKey: key });
/** The store confirms that every unit shipped arrived (the same key on a retry). */
const confirm = (id: string, received: number, key = randomUUID()) =>
  cashier.post(`/replenishments/${id}/receipt`, { received }, { idempotencyKey: key });
/** Sets a product's warehouse stock to exactly `units` with a manager adjustment. */
const setWarehouse = async (productId: string, units: number) => {
  const delta = units - (await onHandAt('warehouse', productId));
  if (delta === 0) return;
  const res = await manager.post(
    '/locations/warehouse/adjustments',
    { productId, quantity: delta, reason: 'test set-up: count' },
    { idempotencyKey: randomUUID() },
  );
  expect(res.status).toBe(201);
};

/**
 * Holds or fails the DynamoDB writes of one step of a replenishment (the handlers run in this
 * process and share the SDK client): `marker` is the stock item's step marker, `repl#<id>`.
 */
function interceptStep(
  locationId: string,
  behaviour: { failTimes?: number; until?: Promise<void> },
): { calls: () => number } {
  const { ddb } = ddbModule;
  const original = ddb.send.bind(ddb);
  let calls = 0;
  let failures = behaviour.failTimes ?? 0;
  vi.spyOn(ddb, 'send').mockImplementation((async (command: { input?: Record<string, unknown> }) => {
    const input = command.input as
      | {
          Key?: { pk?: string };
          UpdateExpression?: string;
          ExpressionAttributeNames?: Record<string, string>;
        }
      | undefined;
    const isStep =
      input?.Key?.pk === `LOCATION#${locationId}` &&
      (input.UpdateExpression ?? '').includes('#marker = :q') &&
      (input.ExpressionAttributeNames?.['#marker'] ?? '').startsWith('repl#');
    if (isStep) {
      calls++;
      if (behaviour.until) await behaviour.until;
      if (failures > 0) {
        failures--;
        throw Object.assign(new Error('Throughput exceeds the current capacity'), {
          name: 'ProvisionedThroughputExceededException',
        });
      }
    }
    return original(command as never);
  }) as typeof ddb.send);
  return { calls: () => calls };
}

describe('POST /locations/{storeId}/replenishments', () => {
  it('moves 10 units from the warehouse to the store: store +10, warehouse −10, both in the ledger, statuses in order', async () => {
    // Prepare
    const product = 'coffee';
    await setWarehouse(product, 100);
    const [store0, warehouse0] = [await onHandAt('store-1', product), await onHandAt('warehouse', product)];
    // Act
    const res = await request(product, 10);
    await api.runtime.bus.settled();
    // Assess
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      status: 'requested',
      storeId: 'store-1',
      productId: product,
      quantity: 10,
    });
    const id = res.body.replenishmentId as string;
    // On the road: out of the warehouse, not at the store until the store confirms it
    expect((await cashier.get(`/replenishments/${id}`)).body.status).toBe('in-transit');
    expect(await onHandAt('store-1', product)).toBe(store0);
    const confirmed = await confirm(id, 10);
    expect(confirmed.status).toBe(200);
    await api.runtime.bus.settled();
    const done = await cashier.get(`/replenishments/${id}`);
    expect(done.body.status).toBe('fulfilled');
    expect(done.body.history.map((h: { status: string }) => h.status)).toEqual([
      'requested',
      'in-transit',
      'receiving',
      'fulfilled',
    ]);
    expect(await onHandAt('store-1', product)).toBe(store0 + 10);
    expect(await onHandAt('warehouse', product)).toBe(warehouse0 - 10);
    const inStore = (await movementsOf('store-1', product)).filter((m) => m.reference === id);
    const outOfWarehouse = (await movementsOf('warehouse', product)).filter((m) => m.reference === id);
    expect(inStore).toMatchObject([{ kind: 'replenishment-in', quantity: 10, onHand: store0 + 10 }]);
    expect(outOfWarehouse).toMatchObject([
      { kind: 'replenishment-out', quantity: 10, onHand: warehouse0 - 10 },
    ]);
    expect(inStore[0]!.correlationId).toBe(confirmed.headers.get('x-correlation-id'));
    expect(outOfWarehouse[0]!.correlationId).toBe(res.headers.get('x-correlation-id'));
    const types = api.runtime.bus
      .published()
      .filter((e) => (e.detail as { replenishmentId?: string }).replenishmentId === id)
      .map((e) => e['detail-type']);
    expect(types).toEqual(['ReplenishmentRequested', 'ReplenishmentFulfilled']);
    const listed = await cashier.get('/locations/store-1/replenishments');
    expect(listed.body.items[0]).toMatchObject({ id, status: 'fulfilled' });
  });

  it('rejects a request for more than the warehouse has, and nothing moves', async () => {
    // Prepare
    const product = 'donut';
    await setWarehouse(product, 4);
    const store0 = await onHandAt('store-1', product);
    const ledger0 = [
      (await movementsOf('store-1', product)).length,
      (await movementsOf('warehouse', product)).length,
    ];
    // Act
    const res = await request(product, 10);
    await api.runtime.bus.settled();
    // Assess
    const r = (await cashier.get(`/replenishments/${res.body.replenishmentId}`)).body;
    expect(r.status).toBe('rejected');
    expect(r.reason).toBe('The warehouse has 4 available, 10 requested');
    expect(await onHandAt('store-1', product)).toBe(store0);
    expect(await onHandAt('warehouse', product)).toBe(4);
    expect([
      (await movementsOf('store-1', product)).length,
      (await movementsOf('warehouse', product)).length,
    ]).toEqual(ledger0);
    const rejected = api.runtime.bus.published().find((e) => e['detail-type'] === 'ReplenishmentRejected');
    expect(rejected?.detail).toMatchObject({ replenishmentId: r.id, reason: r.reason });
  });

  it('keeps one open request per store and product: a second request returns the open one, a retry the same answer', async () => {
    // Prepare: hold the warehouse step so that the first request stays open
    const product = 'bagel';
    await setWarehouse(product, 100);
    const store0 = await onHandAt('store-1', product);
    let open!: () => void;
    interceptStep('warehouse', { until: new Promise<void>((r) => (open = r)) });
    // Act
    const key = randomUUID();
    const first = await request(product, 10, key);
    const retried = await request(product, 10, key);
    const second = await request(product, 5, randomUUID(), manager);
    open();
    await api.runtime.bus.settled();
    expect((await confirm(first.body.replenishmentId, 10)).status).toBe(200);
    // Assess
    expect(first.status).toBe(202);
    expect(retried.status).toBe(202);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.body.replenishmentId).toBe(first.body.replenishmentId);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ replenishmentId: first.body.replenishmentId, quantity: 10 });
    expect(await onHandAt('store-1', product)).toBe(store0 + 10);
    const mine = (await movementsOf('store-1', product)).filter(
      (m) => m.reference === first.body.replenishmentId,
    );
    expect(mine).toHaveLength(1);
    // Closed: the next request is a new one.
    const next = await request(product, 3);
    await api.runtime.bus.settled();
    expect(next.status).toBe(202);
    expect(next.body.replenishmentId).not.toBe(first.body.replenishmentId);
  });

  it('moves the units once when the same event is delivered twice or published again', async () => {
    // Prepare
    const product = 'muffin';
    await setWarehouse(product, 100);
    const res = await request(product, 10);
    await api.runtime.bus.settled();
    const id = res.body.replenishmentId as string;
    expect((await confirm(id, 10)).status).toBe(200);
    const [store1, warehouse1] = [await onHandAt('store-1', product), await onHandAt('warehouse', product)];
    const event = api.runtime.bus
      .published()
      .find(
        (e) =>
          e['detail-type'] === 'ReplenishmentRequested' &&
          (e.detail as { replenishmentId: string }).replenishmentId === id,
      )!;
    const { handler } = await import('#functions/inventory/consumers/fulfil-replenishment.ts');
    const { EventBridgePublisher } = await import('#functions/adapters/eventbridge-publisher.ts');
    // Act: the same event (same id) delivered again, and the same request published again (new id)
    await handler(event as never);
    await new EventBridgePublisher().publish([
      { source: event.source, detailType: event['detail-type'], detail: event.detail },
    ]);
    await api.runtime.bus.settled();
    // Assess
    expect(await onHandAt('store-1', product)).toBe(store1);
    expect(await onHandAt('warehouse', product)).toBe(warehouse1);
    expect((await movementsOf('store-1', product)).filter((m) => m.reference === id)).toHaveLength(1);
    expect((await movementsOf('warehouse', product)).filter((m) => m.reference === id)).toHaveLength(1);
  });

  it('resumes after the store confirmation fails once at its stock write: no unit lost or created', async () => {
    // Prepare
    const product = 'timbits';
    await setWarehouse(product, 100);
    const [store0, warehouse0] = [await onHandAt('store-1', product), await onHandAt('warehouse', product)];
    const res = await request(product, 10);
    await api.runtime.bus.settled();
    const step = interceptStep('store-1', { failTimes: 1 });
    const deadBefore = api.runtime.bus.deadLetters().length;
    // Act: the confirmation dies at the store's stock write (a 5xx); the till retries with the same key
    const key = randomUUID();
    const failed = await confirm(res.body.replenishmentId, 10, key);
    const retried = await confirm(res.body.replenishmentId, 10, key);
    await api.runtime.bus.settled();
    // Assess
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect(retried.status).toBe(200);
    expect(step.calls()).toBe(2);
    const r = (await cashier.get(`/replenishments/${res.body.replenishmentId}`)).body;
    expect(r.history.map((h: { status: string }) => h.status)).toEqual([
      'requested',
      'in-transit',
      'receiving',
      'fulfilled',
    ]);
    expect(await onHandAt('store-1', product)).toBe(store0 + 10);
    expect(await onHandAt('warehouse', product)).toBe(warehouse0 - 10);
    expect((await movementsOf('warehouse', product)).filter((m) => m.reference === r.id)).toHaveLength(1);
    expect(api.runtime.bus.deadLetters()).toHaveLength(deadBefore);
  });

  it('answers bad input with problem+json and keeps other stores out', async () => {
    const bad = await cashier.post(
      '/locations/store-1/replenishments',
      { productId: 'coffee', quantity: 0 },
      { idempotencyKey: randomUUID() },
    );
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/problem\+json/);
    const noKey = await cashier.post('/locations/store-1/replenishments', {
      productId: 'coffee',
      quantity: 1,
    });
    expect(noKey.status).toBe(400);
    const otherStore = await cashier.post(
      '/locations/store-2/replenishments',
      { productId: 'coffee', quantity: 1 },
      { idempotencyKey: randomUUID() },
    );
    expect(otherStore.status).toBe(403);
    const warehouse = await manager.post(
      '/locations/warehouse/replenishments',
      { productId: 'coffee', quantity: 1 },
      { idempotencyKey: randomUUID() },
    );
    expect(warehouse.status).toBe(400);
    expect((await cashier.get('/replenishments/nope')).status).toBe(404);
  });
});

describe('POST /locations/{locationId}/adjustments', () => {
  it('lets a manager adjust with a reason, once per Idempotency-Key, recorded in the ledger', async () => {
    const before = await onHandAt('store-2', 'coffee');
    const key = randomUUID();
    const body = { productId: 'coffee', quantity: -2, reason: 'broken in the back room' };
    const first = await manager.post('/locations/store-2/adjustments', body, { idempotencyKey: key });
    const again = await manager.post('/locations/store-2/adjustments', body, { idempotencyKey: key });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ quantity: -2, onHand: before - 2, reason: body.reason });
    expect(again.body).toEqual(first.body);
    expect(await onHandAt('store-2', 'coffee')).toBe(before - 2);
    const last = (await movementsOf('store-2', 'coffee')).at(-1)!;
    expect(last).toMatchObject({ kind: 'adjustment', quantity: -2, onHand: before - 2, reason: body.reason });
  });

  it('refuses to take away more than is available, and refuses cashiers', async () => {
    const available = await onHandAt('store-2', 'bagel');
    const res = await manager.post(
      '/locations/store-2/adjustments',
      { productId: 'bagel', quantity: -(available + 1), reason: 'count' },
      { idempotencyKey: randomUUID() },
    );
    expect(res.status).toBe(409);
    expect(await onHandAt('store-2', 'bagel')).toBe(available);
    const cashierTry = await api
      .as('cashier1')
      .post(
        '/locations/store-1/adjustments',
        { productId: 'bagel', quantity: 1, reason: 'x' },
        { idempotencyKey: randomUUID() },
      );
    expect(cashierTry.status).toBe(403);
  });
});
