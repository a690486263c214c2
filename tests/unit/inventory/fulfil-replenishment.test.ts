import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Replenishment, ReplenishmentStatus } from '#domain/inventory/replenishment.ts';
import type { DomainEvent } from '#functions/adapters/event-publisher.ts';
import type {
  Claim,
  ReplenishmentRepository,
} from '#functions/inventory/adapters/replenishment-repository.ts';
import type { StockMover, TakeOutcome } from '#functions/inventory/adapters/stock-mover.ts';
import {
  confirmReceipt,
  fulfil,
  requestReplenishment,
  type ReplenishmentDeps,
} from '#functions/inventory/replenishment-service.ts';
import { Crash, crashSwitch } from '../../support/crash.ts';

/** Who confirms the transfers in these tests: a manager (any store). */
const headOffice = { userId: 'u-m', username: 'manager', role: 'manager' as const };
/**
 * The fulfilment use case against in-memory ports that behave like the DynamoDB adapters
 * (conditional writes, markers on stock items) and can fail at any call, as a Lambda can die at
 * any point: resuming from the stored status never loses nor creates a unit.
 */
function world(levels: { store: number; warehouse: number }) {
  const stock = { 'store-1': levels.store, warehouse: levels.warehouse } as Record<string, number>;
  const markers = new Set<string>();
  const requests = new Map<string, Replenishment>();
  const claims = new Map<string, { id: string; at: string }>();
  const published: DomainEvent[] = [];
  const movements: { location: string; delta: number; ref: string }[] = [];
  const crash = crashSwitch();
  const { step } = crash;
  const replenishments: ReplenishmentRepository = {
    claimOpen: (storeId, productId, id, now) =>
      step((): Claim => {
        const k = `${storeId}#${productId}`;
        const c = claims.get(k);
        if (!c || c.id === id) {
          claims.set(k, { id, at: now });
          return { claimed: true };
        }
        return { claimed: false, openId: c.id, claimedAt: c.at };
      }),
    releaseClaim: (storeId, productId, id) =>
      step(() => {
        if (claims.get(`${storeId}#${productId}`)?.id === id) claims.delete(`${storeId}#${productId}`);
      }),
    create: (r) =>
      step(() => {
        if (requests.has(r.id)) return false;
        requests.set(r.id, r);
        return true;
      }),
    get: (id) => step(() => requests.get(id)),
    move: (next, from: ReplenishmentStatus) =>
      step(() => {
        if (requests.get(next.id)?.status !== from) return false;
        requests.set(next.id, next);
        return true;
      }),
    listByStore: async () => ({ items: [...requests.values()] }),
    postpone: async () => {},
    stuck: async () =>
      [...requests.values()].filter((r) => r.status === 'requested' || r.status === 'receiving'),
    waitingFor: async () => [],
  };
  const mover: StockMover = {
    takeFromWarehouse: (id, _p, q) =>
      step((): TakeOutcome => {
        if (markers.has(`warehouse#${id}`)) return { ok: true };
        if (stock.warehouse! < q) return { ok: false, available: stock.warehouse! };
        stock.warehouse! -= q;
        markers.add(`warehouse#${id}`);
        movements.push({ location: 'warehouse', delta: -q, ref: id });
        return { ok: true };
      }),
    receiveAtStore: (id, storeId, _p, q) =>
      step(() => {
        if (markers.has(`${storeId}#${id}`)) return;
        stock[storeId]! += q;
        markers.add(`${storeId}#${id}`);
        movements.push({ location: storeId, delta: q, ref: id });
      }),
    postDiscrepancy: (id, storeId, _p, missing) =>
      step(() => {
        if (markers.has(`${storeId}#disc#${id}`)) return true;
        if (stock[storeId]! < missing) return false;
        stock[storeId]! -= missing;
        markers.add(`${storeId}#disc#${id}`);
        movements.push({ location: storeId, delta: -missing, ref: `discrepancy ${id}` });
        return true;
      }),
    clearReplenishmentMarker: (id, locationId) => step(() => void markers.delete(`${locationId}#${id}`)),
    clearMarker: (locationId, _p, name) => step(() => void markers.delete(`${locationId}#${name}`)),
    receivePurchase: () => Promise.reject(new Error('not used')),
    countTo: () => Promise.reject(new Error('not used')),
    adjust: () => Promise.reject(new Error('not used')),
  };
  const shrinkage: { units: number; ref: string }[] = [];
  const deps: ReplenishmentDeps = {
    stock: {
      getLocation: async (id) => ({ id, name: id, kind: id === 'warehouse' ? 'warehouse' : 'store' }),
      stockLine: async (locationId, productId) => ({
        locationId,
        productId,
        name: productId,
        onHand: stock[locationId]!,
        reserved: 0,
        thresholds: { low: 15, reorder: 25, over: 65 },
      }),
    },
    replenishments,
    mover,
    events: { publish: (events) => step(() => void published.push(...events)) },
    now: () => new Date('2026-11-25T12:00:00.000Z'),
    shrinkage: {
      put: (e) =>
        step(() => {
          if (!shrinkage.some((x) => x.ref === e.reference))
            shrinkage.push({ units: e.units, ref: e.reference });
        }),
      unitCost: async () => 120,
    },
  };
  return {
    deps,
    stock,
    markers,
    shrinkage,
    movements,
    published,
    requests,
    claims,
    failOnce: crash.crashAt,
  };
}

/** Runs a delivery, and delivers again after each crash, as the bus does. */
async function deliverUntilDone(run: () => Promise<unknown>): Promise<number> {
  for (let attempt = 1; attempt <= 5; attempt++) {
    try {
      await run();
      return attempt;
    } catch (e) {
      if (!(e instanceof Crash)) throw e;
    }
  }
  throw new Error('never finished');
}

describe('fulfil: resuming from the status after a failure at any point', () => {
  it('moves exactly the units asked, once, whatever call fails (before or after its effect)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 14 }), fc.boolean(), async (failAt, after) => {
        // Prepare
        const w = world({ store: 5, warehouse: 40 });
        const { replenishment } = await requestReplenishment(w.deps, {
          id: 'r1',
          storeId: 'store-1',
          productId: 'coffee',
          quantity: 10,
          requestedBy: 'u',
        });
        // Act
        w.failOnce(failAt, after);
        await deliverUntilDone(() => fulfil(w.deps, replenishment.id));
        // Assess: on the road until the store confirms it
        expect(w.stock).toEqual({ 'store-1': 5, warehouse: 30 });
        expect(w.requests.get('r1')!.status).toBe('in-transit');
        w.failOnce(failAt, after);
        await deliverUntilDone(() => confirmReceipt(w.deps, 'r1', { received: 10 }, headOffice));
        expect(w.stock).toEqual({ 'store-1': 15, warehouse: 30 });
        expect(w.movements).toEqual([
          { location: 'warehouse', delta: -10, ref: 'r1' },
          { location: 'store-1', delta: 10, ref: 'r1' },
        ]);
        expect(w.requests.get('r1')!.history.map((h) => h.status)).toEqual([
          'requested',
          'in-transit',
          'receiving',
          'fulfilled',
        ]);
        expect(w.claims.size).toBe(0);
        expect(w.published.map((e) => e.detailType)).toContain('ReplenishmentFulfilled');
      }),
    );
  });

  it('a store confirming a missing unit: one discrepancy movement and one shrinkage entry, whatever call fails', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 14 }), fc.boolean(), async (failAt, after) => {
        const w = world({ store: 5, warehouse: 40 });
        await requestReplenishment(w.deps, {
          id: 'r1',
          storeId: 'store-1',
          productId: 'coffee',
          quantity: 10,
          requestedBy: 'u',
        });
        await fulfil(w.deps, 'r1');
        w.failOnce(failAt, after);
        // The store's retry (the same request again) after each crash; the recovery would do the same.
        await deliverUntilDone(() =>
          confirmReceipt(w.deps, 'r1', { received: 9, reason: 'one broken' }, headOffice),
        );
        expect(w.stock).toEqual({ 'store-1': 14, warehouse: 30 });
        expect(w.movements).toEqual([
          { location: 'warehouse', delta: -10, ref: 'r1' },
          { location: 'store-1', delta: 10, ref: 'r1' },
          { location: 'store-1', delta: -1, ref: 'discrepancy r1' },
        ]);
        expect(w.shrinkage).toEqual([{ units: -1, ref: 'r1' }]);
        expect(w.requests.get('r1')).toMatchObject({
          status: 'fulfilled',
          receipt: { received: 9, difference: -1, reason: 'one broken' },
        });
        expect(w.markers.size).toBe(0);
        expect(w.claims.size).toBe(0);
      }),
    );
  });

  it('refuses another count once one is confirmed, and a receipt before the units left', async () => {
    const w = world({ store: 5, warehouse: 40 });
    await requestReplenishment(w.deps, {
      id: 'r1',
      storeId: 'store-1',
      productId: 'coffee',
      quantity: 10,
      requestedBy: 'u',
    });
    await expect(confirmReceipt(w.deps, 'r1', { received: 10 }, headOffice)).rejects.toThrow(/in transit/);
    await fulfil(w.deps, 'r1');
    await confirmReceipt(w.deps, 'r1', { received: 10 }, headOffice);
    await expect(confirmReceipt(w.deps, 'r1', { received: 8, reason: 'x' }, headOffice)).rejects.toThrow(
      /already confirmed/,
    );
    expect(w.stock['store-1']).toBe(15);
  });

  it('rejects when the warehouse is short, whatever call fails, and moves nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 8 }), fc.boolean(), async (failAt, after) => {
        const w = world({ store: 5, warehouse: 4 });
        await requestReplenishment(w.deps, {
          id: 'r2',
          storeId: 'store-1',
          productId: 'coffee',
          quantity: 10,
          requestedBy: 'u',
        });
        w.failOnce(failAt, after);
        await deliverUntilDone(() => fulfil(w.deps, 'r2'));
        expect(w.stock).toEqual({ 'store-1': 5, warehouse: 4 });
        expect(w.movements).toEqual([]);
        expect(w.requests.get('r2')).toMatchObject({
          status: 'rejected',
          reason: 'The warehouse has 4 available, 10 requested',
        });
        expect(w.claims.size).toBe(0);
      }),
    );
  });

  it('runs twice without moving anything more', async () => {
    const w = world({ store: 5, warehouse: 40 });
    await requestReplenishment(w.deps, {
      id: 'r3',
      storeId: 'store-1',
      productId: 'coffee',
      quantity: 10,
      requestedBy: 'u',
    });
    await fulfil(w.deps, 'r3');
    await fulfil(w.deps, 'r3');
    await confirmReceipt(w.deps, 'r3', { received: 10 }, headOffice);
    await fulfil(w.deps, 'r3');
    expect(w.stock).toEqual({ 'store-1': 15, warehouse: 30 });
    expect(w.movements).toHaveLength(2);
  });
});

describe('requestReplenishment', () => {
  const input = { storeId: 'store-1', productId: 'coffee', quantity: 10, requestedBy: 'u' };

  it('returns the open request to a second request for the same store and product', async () => {
    const w = world({ store: 5, warehouse: 40 });
    const first = await requestReplenishment(w.deps, { ...input, id: 'a' });
    const second = await requestReplenishment(w.deps, { ...input, id: 'b', quantity: 3 });
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ created: false, replenishment: { id: 'a', quantity: 10 } });
    expect(w.published.map((e) => e.detailType)).toEqual(['ReplenishmentRequested']);
  });

  it('a retry with the same id after a crash anywhere stores one request and publishes it', async () => {
    for (let failAt = 0; failAt < 4; failAt++)
      for (const after of [false, true]) {
        const w = world({ store: 5, warehouse: 40 });
        w.failOnce(failAt, after);
        await deliverUntilDone(() => requestReplenishment(w.deps, { ...input, id: 'a' }));
        expect([...w.requests.keys()]).toEqual(['a']);
        expect(w.published.some((e) => e.detailType === 'ReplenishmentRequested')).toBe(true);
      }
  });
});
