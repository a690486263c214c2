import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLedger } from '#domain/inventory/ledger-check.ts';
import {
  apply,
  availableOf,
  deltaOf,
  isValidLevel,
  movementIdOf,
  type Levels,
  type Movement,
  type MovementKind,
} from '#domain/inventory/movement.ts';
import { checkRule, reorderQuantity, ruleOf, type ReorderRule } from '#domain/inventory/reorder.ts';
import { isOpen, type Replenishment, type ReplenishmentStatus } from '#domain/inventory/replenishment.ts';
import type { StockLevel } from '#domain/inventory/stock.ts';
import type {
  Claim,
  ReplenishmentRepository,
} from '#functions/inventory/adapters/replenishment-repository.ts';
import type { StockMover, TakeOutcome } from '#functions/inventory/adapters/stock-mover.ts';
import { applyReorderRule, type ReorderDeps } from '#functions/inventory/reorder-service.ts';
import {
  confirmReceipt,
  fulfil,
  type ReplenishmentDeps,
} from '#functions/inventory/replenishment-service.ts';
import { isOnOrder, type PurchaseOrder } from '#domain/inventory/purchasing.ts';
import type {
  PurchaseClaim,
  PurchasingRepository,
} from '#functions/inventory/adapters/purchasing-repository.ts';
import {
  receivePurchaseOrder,
  sendPurchaseOrder,
  suggestPurchase,
  type PurchasingDeps,
} from '#functions/inventory/purchasing-service.ts';

const now = '2026-11-25T12:00:00.000Z';
const rule = (over: Partial<ReorderRule> = {}): ReorderRule => ({
  reorderPoint: 25,
  orderUpTo: 60,
  multiple: 1,
  minimum: 1,
  ...over,
});

describe('reorderQuantity: what a rule orders for a projected stock', () => {
  it('orders up to the target below the point, nothing at or above it', () => {
    expect(reorderQuantity(rule(), 24, now)).toBe(36);
    expect(reorderQuantity(rule(), 0, now)).toBe(60);
    expect(reorderQuantity(rule(), -3, now)).toBe(63);
    expect(reorderQuantity(rule(), 25, now)).toBe(0);
    expect(reorderQuantity(rule(), 70, now)).toBe(0);
  });

  it('orders whole cases, rounded down so as never to pass the target, and at least the minimum', () => {
    expect(reorderQuantity(rule({ multiple: 12 }), 20, now)).toBe(36); // 40 → 3 cases
    expect(reorderQuantity(rule({ multiple: 12, minimum: 48 }), 20, now)).toBe(0); // 36 < 48
    expect(reorderQuantity(rule({ minimum: 10 }), 24, now)).toBe(36);
  });

  it('orders nothing while snoozed, and again once the snooze is over', () => {
    const snoozed = rule({ snoozedUntil: '2026-11-26T00:00:00.000Z' });
    expect(reorderQuantity(snoozed, 10, now)).toBe(0);
    expect(reorderQuantity(snoozed, 10, '2026-11-26T00:00:00.001Z')).toBe(50);
  });

  it('never brings the projected stock above the target (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 24 }),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: -20, max: 400 }),
        (point, room, multiple, minimum, projected) => {
          const r = rule({ reorderPoint: point, orderUpTo: point + room, multiple, minimum });
          const q = reorderQuantity(r, projected, now);
          expect(q % multiple).toBe(0);
          if (q > 0) {
            expect(projected).toBeLessThan(point);
            expect(projected + q).toBeLessThanOrEqual(r.orderUpTo);
            expect(q).toBeGreaterThanOrEqual(minimum);
          }
        },
      ),
    );
  });

  it('takes its point from the reorder threshold, and refuses a target that leaves no room', () => {
    const r = ruleOf({ low: 15, reorder: 25, over: 65 }, { orderUpTo: 60, multiple: 6, minimum: 1 });
    expect(r.reorderPoint).toBe(25);
    expect(() => checkRule(r)).not.toThrow();
    expect(() => checkRule({ ...r, orderUpTo: 20 })).toThrow(expect.objectContaining({ field: 'orderUpTo' }));
    expect(() => checkRule({ ...r, multiple: 0 })).toThrow(expect.objectContaining({ field: 'multiple' }));
  });
});

/** Who confirms the transfers in these tests: a manager (any store). */
const headOffice = { userId: 'u-m', username: 'manager', role: 'manager' as const };
/**
 * The rule's use case (functions/inventory/reorder-service.ts) and the fulfilment against in-memory
 * ports that behave like the DynamoDB adapters (conditional claim, markers, a ledger per stock
 * item), under random sales, returns, receipts at the warehouse, counts, transfers and rule
 * triggers — several of them at once, interleaved at every await as concurrent Lambdas would be.
 */
const stores = ['store-1', 'store-2'] as const;
const product = 'croissant';

function world(
  start: Record<string, number>,
  settings: { orderUpTo: number; multiple: number; minimum: number },
) {
  const levels: Record<string, Levels> = {};
  const seqs: Record<string, number> = {};
  for (const [loc, n] of Object.entries(start)) {
    levels[loc] = { onHand: n, reserved: 0 };
    seqs[loc] = 0;
  }
  const initial = structuredClone(levels);
  const ledger: Movement[] = [];
  const markers = new Set<string>();
  const requests = new Map<string, Replenishment>();
  const claims = new Map<string, { id: string; at: string }>();
  const violations: string[] = [];
  let clock = Date.parse(now);
  const tick = () => new Date((clock += 1000));
  /** Every port call yields, so that concurrent runs interleave at each of them. */
  const step = async <T>(effect: () => T): Promise<T> => {
    await Promise.resolve();
    return effect();
  };
  const move = (loc: string, kind: MovementKind, q: number, ref: string): boolean => {
    const after = apply(levels[loc]!, deltaOf(kind, q));
    if (!isValidLevel(after)) return false;
    levels[loc] = after;
    seqs[loc]! += 1;
    ledger.push({
      locationId: loc,
      productId: product,
      seq: seqs[loc]!,
      movementId: movementIdOf(kind, ref),
      kind,
      quantity: q,
      delta: deltaOf(kind, q),
      ...after,
      available: availableOf(after),
      reference: ref,
      correlationId: 'c',
      at: now,
    });
    return true;
  };
  const thresholds = { low: 15, reorder: 25, over: 65 };
  const line = (locationId: string): StockLevel => ({
    locationId,
    productId: product,
    name: product,
    ...levels[locationId]!,
    thresholds,
    ...(locationId === 'warehouse' ? {} : { reorderRule: { ...settings, updatedAt: now, updatedBy: 'm' } }),
  });
  const replenishments: ReplenishmentRepository = {
    claimOpen: (storeId, productId, id, at) =>
      step((): Claim => {
        const k = `${storeId}#${productId}`;
        const c = claims.get(k);
        if (!c || c.id === id) {
          claims.set(k, { id, at });
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
        const open = [...requests.values()].filter(
          (o) => o.storeId === r.storeId && o.productId === r.productId && isOpen(o.status),
        );
        if (open.length > 0) violations.push(`${r.id}: a second open request for ${r.storeId}`);
        const projected = availableOf(levels[r.storeId]!);
        if (projected + r.quantity > settings.orderUpTo)
          violations.push(`${r.id}: ${projected} + ${r.quantity} above the target ${settings.orderUpTo}`);
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
    stuck: async () => [...requests.values()].filter((r) => isOpen(r.status) && r.status !== 'in-transit'),
    waitingFor: (productId) =>
      step(() => [...requests.values()].filter((r) => r.status === 'waiting' && r.productId === productId)),
  };
  // Purchase orders: one supplier for the product, in cases of 6; the warehouse's default rule (25 → 65).
  const orders = new Map<string, PurchaseOrder & { revision: number }>();
  const purchaseClaims = new Map<string, PurchaseClaim>();
  const owed = () =>
    [...requests.values()].filter((r) => r.status === 'waiting').reduce((n, r) => n + r.quantity, 0);
  const purchasing: PurchasingRepository = {
    putSupplier: async () => {},
    getSupplier: async (supplierId) => ({
      supplierId,
      name: 'S',
      leadTimeDays: 2,
      createdAt: now,
      updatedAt: now,
    }),
    listSuppliers: async () => [],
    putOffer: async () => {},
    offerOf: (productId) => step(() => ({ supplierId: 's1', productId, costCents: 50, caseSize: 6 })),
    claimOf: (supplierId, productId) => step(() => purchaseClaims.get(`${supplierId}#${productId}`)),
    claimNext: (supplierId, productId, previous, next) =>
      step(() => {
        const k = `${supplierId}#${productId}`;
        if ((purchaseClaims.get(k)?.generation ?? 0) !== previous) return false;
        purchaseClaims.set(k, next);
        return true;
      }),
    create: (po) =>
      step(() => {
        if (orders.has(po.purchaseOrderId)) return false;
        if ([...orders.values()].some((o) => isOnOrder(o.status)))
          violations.push(`${po.purchaseOrderId}: a second open purchase order`);
        const projected = availableOf(levels.warehouse!) - owed();
        const q = po.lines[0]!.quantity;
        if (projected + q > thresholds.over)
          violations.push(`${po.purchaseOrderId}: ${projected} + ${q} above the warehouse's target`);
        orders.set(po.purchaseOrderId, structuredClone(po));
        return true;
      }),
    get: (id) => step(() => structuredClone(orders.get(id))),
    save: (next, revision) =>
      step(() => {
        if (orders.get(next.purchaseOrderId)?.revision !== revision) return false;
        orders.set(next.purchaseOrderId, { ...structuredClone(next), revision: revision + 1 });
        return true;
      }),
    list: async () => ({ items: [...orders.values()] }),
    unposted: async () => [],
  };
  const mover: StockMover = {
    takeFromWarehouse: (id, _p, q) =>
      step((): TakeOutcome => {
        if (markers.has(`warehouse#${id}`)) return { ok: true };
        const units = availableOf(levels.warehouse!);
        if (units < q) return { ok: false, available: units };
        move('warehouse', 'replenishment-out', q, id);
        markers.add(`warehouse#${id}`);
        return { ok: true };
      }),
    receiveAtStore: (id, storeId, _p, q) =>
      step(() => {
        if (markers.has(`${storeId}#${id}`)) return;
        move(storeId, 'replenishment-in', q, id);
        markers.add(`${storeId}#${id}`);
      }),
    postDiscrepancy: (id, storeId, _p, missing) =>
      step(() => {
        if (markers.has(`${storeId}#disc#${id}`)) return true;
        if (!move(storeId, 'discrepancy', -missing, id)) return false;
        markers.add(`${storeId}#disc#${id}`);
        return true;
      }),
    receivePurchase: (receiptId, _p, q) =>
      step(() => {
        if (markers.has(`warehouse#rcpt#${receiptId}`)) return;
        move('warehouse', 'receipt', q, receiptId);
        markers.add(`warehouse#rcpt#${receiptId}`);
      }),
    clearMarker: (locationId, _p, name) => step(() => void markers.delete(`${locationId}#${name}`)),
    countTo: () => Promise.reject(new Error('not used')),
    clearReplenishmentMarker: (id, locationId) => step(() => void markers.delete(`${locationId}#${id}`)),
    adjust: () => Promise.reject(new Error('not used')),
  };
  const purchasingDeps: PurchasingDeps = {
    purchasing,
    stock: { stockLine: (locationId) => step(() => line(locationId)) },
    replenishments,
    mover,
    now: tick,
    unblock: async (productId) => {
      for (const r of await replenishments.waitingFor(productId)) await fulfil(deps, r.id);
    },
  };
  const deps: ReorderDeps & ReplenishmentDeps = {
    onWaiting: async (r) => void (await suggestPurchase(purchasingDeps, r.productId, `waiting ${r.id}`)),
    stock: {
      getLocation: async (id) => ({ id, name: id, kind: id === 'warehouse' ? 'warehouse' : 'store' }),
      stockLine: (locationId) => step(() => line(locationId)),
      setReorderRule: () => Promise.reject(new Error('not used')),
    },
    replenishments,
    mover,
    events: { publish: async () => {} },
    now: tick,
  };
  return { deps, purchasingDeps, orders, levels, initial, seqs, ledger, requests, violations, move };
}

type Op =
  | { t: 'sale'; store: number; q: number }
  | { t: 'return'; store: number; q: number }
  | { t: 'receipt'; q: number }
  | { t: 'confirm'; missing: number }
  | { t: 'count'; store: number; counted: number }
  | { t: 'transfer' }
  | { t: 'triggers'; store: number; delays: number[]; withTransfer: boolean };

const storeIx = fc.integer({ min: 0, max: 1 });
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('sale' as const),
      store: storeIx,
      q: fc.integer({ min: 1, max: 15 }),
    }),
  },
  fc.record({ t: fc.constant('return' as const), store: storeIx, q: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ t: fc.constant('receipt' as const), q: fc.integer({ min: 1, max: 80 }) }),
  fc.record({ t: fc.constant('count' as const), store: storeIx, counted: fc.integer({ min: 0, max: 70 }) }),
  fc.record({ t: fc.constant('transfer' as const) }),
  fc.record({ t: fc.constant('confirm' as const), missing: fc.integer({ min: 0, max: 2 }) }),
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('triggers' as const),
      store: storeIx,
      /** Each trigger starts after this many turns of the others (a Lambda starting later). */
      delays: fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 3 }),
      withTransfer: fc.boolean(),
    }),
  },
);

describe('reorder rules under random trading (property)', () => {
  it('never two open requests per (store, product), never above the target, one open purchase order, and the ledger holds', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 5, maxLength: 40 }),
        fc.integer({ min: 0, max: 120 }),
        fc.constantFrom(1, 6, 12),
        fc.integer({ min: 30, max: 70 }),
        async (ops, warehouse, multiple, orderUpTo) => {
          const w = world({ 'store-1': 30, 'store-2': 20, warehouse }, { orderUpTo, multiple, minimum: 1 });
          const openDrive = () =>
            Promise.all(
              [...w.requests.values()].filter((r) => isOpen(r.status)).map((r) => fulfil(w.deps, r.id)),
            );
          let trigger = 0;
          let external = 0; // units that entered (+) or left (−) the chain
          for (const [i, o] of ops.entries()) {
            if (o.t === 'sale') {
              const loc = stores[o.store]!;
              if (w.move(loc, 'reserve', o.q, `o${i}`)) {
                w.move(loc, 'sale', o.q, `o${i}`);
                external -= o.q;
              }
            } else if (o.t === 'return') {
              w.move(stores[o.store]!, 'return', o.q, `ret${i}`);
              external += o.q;
            } else if (o.t === 'receipt') {
              // The open purchase order (suggested by a waiting request) is sent and received in part.
              for (const po of [...w.orders.values()].filter((x) => isOnOrder(x.status))) {
                if (po.status === 'suggested')
                  await sendPurchaseOrder(w.purchasingDeps, po.purchaseOrderId, 'm');
                const l = po.lines[0]!;
                const q = Math.min(o.q, l.quantity - l.received);
                if (q === 0) continue;
                await receivePurchaseOrder(w.purchasingDeps, {
                  purchaseOrderId: po.purchaseOrderId,
                  receiptId: `rcpt${i}`,
                  lines: [{ productId: l.productId, quantity: q }],
                  by: 'm',
                });
                external += q;
              }
            } else if (o.t === 'confirm') {
              // Each store confirms what arrived: `missing` units lost on the way (a discrepancy).
              for (const r of [...w.requests.values()].filter((x) => x.status === 'in-transit')) {
                const missing = Math.min(o.missing, r.quantity);
                await confirmReceipt(
                  w.deps,
                  r.id,
                  { received: r.quantity - missing, reason: missing > 0 ? 'broken' : undefined },
                  headOffice,
                );
                external -= missing;
              }
            } else if (o.t === 'count') {
              const loc = stores[o.store]!;
              const variance = o.counted - w.levels[loc]!.onHand;
              if (variance !== 0 && w.move(loc, 'count', variance, `cnt${i}`)) external += variance;
            } else if (o.t === 'transfer') {
              await openDrive();
            } else {
              const loc = stores[o.store]!;
              await Promise.all([
                ...o.delays.map(async (turns) => {
                  const name = `seq ${++trigger}`;
                  for (let k = 0; k < turns; k++) await Promise.resolve();
                  return applyReorderRule(w.deps, loc, product, name);
                }),
                ...(o.withTransfer ? [openDrive()] : []),
              ]);
            }
          }
          // Assess
          expect(w.violations).toEqual([]);
          for (const s of stores)
            expect(
              [...w.requests.values()].filter((r) => r.storeId === s && isOpen(r.status)).length,
            ).toBeLessThanOrEqual(1);
          for (const r of w.requests.values()) {
            expect(r.origin).toBe('rule');
            expect(r.raisedBy!.projected + r.quantity).toBeLessThanOrEqual(orderUpTo);
            expect(r.quantity % multiple).toBe(0);
            expect(r.status).not.toBe('rejected');
          }
          for (const loc of Object.keys(w.levels))
            expect(
              checkLedger(
                { ...w.initial[loc]!, seq: 0 },
                w.ledger.filter((m) => m.locationId === loc),
                w.levels[loc]!,
              ),
            ).toEqual([]);
          expect([...w.orders.values()].filter((po) => isOnOrder(po.status)).length).toBeLessThanOrEqual(1);
          for (const po of w.orders.values())
            for (const l of po.lines) expect(l.received).toBeLessThanOrEqual(l.quantity);
          const inTransit = [...w.requests.values()]
            .filter((r) => r.status === 'in-transit' || r.status === 'receiving')
            .reduce((n, r) => n + r.quantity, 0);
          const total = Object.values(w.levels).reduce((n, l) => n + l.onHand, 0);
          expect(total + inTransit).toBe(30 + 20 + warehouse + external);
        },
      ),
      { numRuns: 150 },
    );
  });
});
