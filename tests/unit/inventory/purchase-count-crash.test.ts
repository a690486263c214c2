import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CountSheet, ShrinkageEntry } from '#domain/inventory/count.ts';
import { newPurchaseOrder, sent, type PurchaseOrder } from '#domain/inventory/purchasing.ts';
import type { CountRepository } from '#functions/inventory/adapters/count-repository.ts';
import type { PurchasingRepository } from '#functions/inventory/adapters/purchasing-repository.ts';
import { postCount, type CountDeps } from '#functions/inventory/count-service.ts';
import { receivePurchaseOrder, type PurchasingDeps } from '#functions/inventory/purchasing-service.ts';
import { Crash, crashSwitch } from '../../support/crash.ts';

/**
 * The new stock writes — a purchase receipt at the warehouse, a count at a store — against in-memory
 * ports that behave like the DynamoDB adapters (conditional writes, markers on stock items) and can
 * fail at any call, before or after its effect, as a Lambda can die anywhere: the client's retry
 * (same Idempotency-Key, so the same receipt or count id) applies each movement exactly once.
 */
function world(start: Record<string, number>) {
  const stock = { ...start };
  const markers = new Map<string, number>();
  const movements: { location: string; kind: string; delta: number; ref: string }[] = [];
  const shrinkage: ShrinkageEntry[] = [];
  const crash = crashSwitch();
  const { step } = crash;
  const orders = new Map<string, PurchaseOrder & { revision: number }>();
  const counts = new Map<string, CountSheet>();
  const supplier = {
    supplierId: 's1',
    name: 'Minoterie',
    leadTimeDays: 2,
    createdAt: 't',
    updatedAt: 't',
  };
  const purchasing: PurchasingRepository = {
    putSupplier: async () => {},
    getSupplier: (id) => step(() => (id === 's1' ? supplier : undefined)),
    listSuppliers: async () => [],
    putOffer: async () => {},
    offerOf: (productId) => step(() => ({ supplierId: 's1', productId, costCents: 80, caseSize: 6 })),
    claimOf: async () => undefined,
    claimNext: async () => true,
    create: async () => true,
    get: (id) => step(() => structuredClone(orders.get(id))),
    save: (next, revision) =>
      step(() => {
        if (orders.get(next.purchaseOrderId)?.revision !== revision) return false;
        orders.set(next.purchaseOrderId, { ...structuredClone(next), revision: revision + 1 });
        return true;
      }),
    list: async () => ({ items: [] }),
    unposted: async () => [],
  };
  const mover = {
    receivePurchase: (receiptId: string, productId: string, q: number) =>
      step(() => {
        const k = `warehouse#${productId}#rcpt#${receiptId}`;
        if (markers.has(k)) return;
        stock[`warehouse#${productId}`]! += q;
        markers.set(k, q);
        movements.push({ location: 'warehouse', kind: 'receipt', delta: q, ref: receiptId });
      }),
    countTo: (countId: string, locationId: string, productId: string, counted: number) =>
      step(() => {
        const k = `${locationId}#${productId}#cnt#${countId}`;
        const key = `${locationId}#${productId}`;
        const done = markers.get(k);
        if (done !== undefined) return { variance: done, onHandBefore: stock[key]! - done };
        const before = stock[key]!;
        const variance = counted - before;
        if (variance === 0) return { variance: 0, onHandBefore: before };
        stock[key] = counted;
        markers.set(k, variance);
        movements.push({ location: locationId, kind: 'count', delta: variance, ref: countId });
        return { variance, onHandBefore: before };
      }),
    clearMarker: (locationId: string, productId: string, name: string) =>
      step(() => void markers.delete(`${locationId}#${productId}#${name}`)),
  };
  const countRepo: CountRepository = {
    get: (id) => step(() => structuredClone(counts.get(id))),
    create: (sheet) =>
      step(() => {
        if (counts.has(sheet.countId)) return false;
        counts.set(sheet.countId, structuredClone(sheet));
        return true;
      }),
    save: (sheet) =>
      step(() => {
        if (counts.get(sheet.countId)?.status === 'posting')
          counts.set(sheet.countId, structuredClone(sheet));
      }),
    posting: async () => [],
    putShrinkage: (e) =>
      step(() => {
        if (!shrinkage.some((x) => x.reference === e.reference && x.productId === e.productId))
          shrinkage.push(e);
      }),
    shrinkage: async () => shrinkage,
  };
  const now = () => new Date('2026-11-25T15:00:00.000Z');
  const stockLine = async (locationId: string, productId: string) =>
    stock[`${locationId}#${productId}`] === undefined
      ? undefined
      : {
          locationId,
          productId,
          name: productId,
          onHand: stock[`${locationId}#${productId}`]!,
          reserved: 0,
          thresholds: { low: 15, reorder: 25, over: 65 },
        };
  const purchasingDeps: PurchasingDeps = {
    purchasing,
    stock: { stockLine },
    replenishments: { waitingFor: async () => [] },
    mover,
    now,
  };
  const countDeps: CountDeps = {
    counts: countRepo,
    stock: {
      getLocation: async (id) => ({ id, name: id, kind: 'store' }),
      stockLine,
      listLocations: async () => [],
    },
    purchasing,
    mover,
    now,
  };
  return {
    stock,
    markers,
    movements,
    shrinkage,
    orders,
    counts,
    purchasingDeps,
    countDeps,
    supplier,
    failOnce: crash.crashAt,
  };
}

/** Runs the request, and sends it again after each crash, as a till retrying with the same key does. */
async function retryUntilDone<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; attempt <= 5; attempt++) {
    try {
      return await run();
    } catch (e) {
      if (!(e instanceof Crash)) throw e;
    }
  }
  throw new Error('never finished');
}

describe('a purchase receipt, whatever call fails', () => {
  it('posts each line once as a receipt movement and leaves the order partially received', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 14 }), fc.boolean(), async (failAt, after) => {
        // Prepare: a sent order of 24 croissants and 12 baguettes
        const w = world({ 'warehouse#croissant': 5, 'warehouse#baguette': 0 });
        const po = sent(
          newPurchaseOrder({
            purchaseOrderId: 'po1',
            supplier: {
              ...w.supplier,
              products: [
                { productId: 'croissant', costCents: 80, caseSize: 6 },
                { productId: 'baguette', costCents: 90, caseSize: 6 },
              ],
            },
            locationId: 'warehouse',
            lines: [
              { productId: 'croissant', quantity: 24 },
              { productId: 'baguette', quantity: 12 },
            ],
            names: new Map(),
            createdBy: 'rule',
            now: 't0',
          }),
          { by: 'm', now: '2026-11-25T14:00:00.000Z', leadTimeDays: 2 },
        );
        w.orders.set('po1', { ...po, revision: 1 });
        // Act
        w.failOnce(failAt, after);
        const out = await retryUntilDone(() =>
          receivePurchaseOrder(w.purchasingDeps, {
            purchaseOrderId: 'po1',
            receiptId: 'rcpt-1',
            lines: [
              { productId: 'croissant', quantity: 12 },
              { productId: 'baguette', quantity: 12 },
            ],
            by: 'm',
          }),
        );
        // Assess
        expect(w.stock).toEqual({ 'warehouse#croissant': 17, 'warehouse#baguette': 12 });
        expect(w.movements).toEqual([
          { location: 'warehouse', kind: 'receipt', delta: 12, ref: 'rcpt-1' },
          { location: 'warehouse', kind: 'receipt', delta: 12, ref: 'rcpt-1' },
        ]);
        expect(out).toMatchObject({ status: 'partially-received', receipts: [{ posted: true }] });
        expect(w.orders.get('po1')!.lines.map((l) => l.received)).toEqual([12, 12]);
        expect(w.markers.size).toBe(0);
      }),
    );
  });
});

describe('a count, whatever call fails', () => {
  it('moves each counted line once to its counted figure, with its shrinkage entry', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 14 }), fc.boolean(), async (failAt, after) => {
        const w = world({ 'store-1#croissant': 20, 'store-1#baguette': 8, 'store-1#muffin': 5 });
        w.failOnce(failAt, after);
        const out = await retryUntilDone(() =>
          postCount(w.countDeps, {
            countId: 'cnt-1',
            locationId: 'store-1',
            lines: [
              { productId: 'croissant', counted: 17 },
              { productId: 'baguette', counted: 9 },
              { productId: 'muffin', counted: 5 },
            ],
            by: 'cashier1',
          }),
        );
        expect(w.stock).toEqual({ 'store-1#croissant': 17, 'store-1#baguette': 9, 'store-1#muffin': 5 });
        // The sheet's lines are in name order: baguette, croissant, muffin
        expect(w.movements).toEqual([
          { location: 'store-1', kind: 'count', delta: 1, ref: 'cnt-1' },
          { location: 'store-1', kind: 'count', delta: -3, ref: 'cnt-1' },
        ]);
        expect(out.status).toBe('posted');
        expect(w.counts.get('cnt-1')!.status).toBe('posted');
        const lines = Object.fromEntries(out.lines.map((l) => [l.productId, l]));
        expect(lines.croissant).toMatchObject({ onHandBefore: 20, variance: -3, valueCents: -240 });
        expect(lines.muffin).toMatchObject({ variance: 0 });
        expect(w.shrinkage.map((e) => [e.productId, e.units, e.valueCents])).toEqual([
          ['baguette', 1, 80],
          ['croissant', -3, -240],
        ]);
        expect(w.markers.size).toBe(0);
      }),
    );
  });
});
