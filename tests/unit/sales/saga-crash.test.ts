import { readFileSync } from 'node:fs';
import { StateMachine } from 'aws-local-stepfunctions';
type JSONValue = Parameters<StateMachine['run']>[0];
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LineToReserve } from '#domain/inventory/reservation.ts';
import type { Cart } from '#domain/sales/cart.ts';
import { pendingReturns, type Lease, type Order } from '#domain/sales/order.ts';
import type { CatalogFacts } from '#domain/sales/pricing.ts';
import type { ShortLine } from '#domain/sales/saga.ts';
import { ConflictError, DomainError, TryLater } from '#domain/shared/errors.ts';
import type { DomainEvent } from '#functions/adapters/event-publisher.ts';
import type { ReserveOutcome, StockWriter } from '#functions/inventory/adapters/stock-writer.ts';
import * as inventorySteps from '#functions/inventory/saga/steps.ts';
import type { CheckoutSaga } from '#functions/sales/adapters/checkout-saga.ts';
import type { CartRepository, OrderRepository, Outcome } from '#functions/sales/adapters/order-repository.ts';
import type { ReceiptBook } from '#functions/sales/adapters/receipt-book.ts';
import type { Capture, CaptureRequest, PaymentGateway } from '#functions/sales/adapters/payment-gateway.ts';
import { testCards } from '#functions/sales/adapters/simulated-payment-provider.ts';
import * as salesSteps from '#functions/sales/saga/steps.ts';
import {
  checkoutCart,
  placeOrder,
  recoverOrders,
  returnOrder,
  type SellingDeps,
} from '#functions/sales/sales-service.ts';
import { fingerprintOf, idFromKey, type Idempotency } from '#functions/shared/idempotency.ts';
import { sagaTask, type SagaResult, type SagaState } from '#functions/shared/saga-task.ts';
import { checkoutBudget, stateMachineByName } from '#infra/spec/state-machines.ts';
import { localDefinition } from '#local/stepfunctions.ts';
import { SagaError } from '#domain/sales/saga.ts';

/**
 * Crash injection over the sale, the web checkout, the return and every saga task (as
 * tests/unit/inventory/fulfil-replenishment.test.ts does for replenishments): the use cases run
 * against in-memory ports that behave like the DynamoDB adapters (conditional writes, fenced
 * finishes, keyed captures, holds and tombstones), and the REAL state machine
 * (state-machines/checkout.asl.json, run by aws-local-stepfunctions). At one call of any port the
 * whole process dies — before or after the call's effect — and nothing runs after it; then the
 * leases run out, the recovery runs and the client retries with the same key, in either order.
 * Whatever the call, money and units are neither lost nor created, and each key has one order.
 */
const spec = stateMachineByName('checkout');
const { definition, handlerOfState } = localDefinition(spec, readFileSync(spec.file, 'utf8'));
/** Built (and validated) once: each world runs it with its own task handlers. */
const machine = new StateMachine(definition as never);

class Crash extends Error {
  constructor(m: string) {
    super(m);
    this.name = 'Crash';
  }
}

const clone = <T>(v: T): T => (v === undefined ? v : structuredClone(v));

interface StockItem {
  onHand: number;
  reserved: number;
  holds: Map<string, number>;
  done: Map<string, 'committed' | 'released'>;
}

interface PspRecord {
  amountCents: number;
  refunds: Map<string, number>;
  voided: boolean;
  reversed: boolean;
}

const catalog: CatalogFacts[] = [
  { productId: 'coffee', name: 'Café', priceCents: 199 },
  { productId: 'donut', name: 'Beigne', priceCents: 125 },
];

function world(start: { coffee: number; donut: number }) {
  let nowMs = Date.parse('2026-12-01T15:00:00.000Z');
  let calls = 0;
  let failAt = -1;
  let late = false;
  let dead = false;
  let transientFrom = -1;
  let transientCount = 0;
  let onCrash: (() => void) | undefined;
  const step = async <T>(effect: () => T | Promise<T>): Promise<T> => {
    if (dead) throw new Crash('the process is dead');
    const n = calls++;
    nowMs += 1;
    const die = (when: string) => {
      dead = true;
      onCrash?.();
      throw new Crash(`crash ${when} call ${n}`);
    };
    if (n >= transientFrom && n < transientFrom + transientCount)
      throw new Error(`ProvisionedThroughputExceeded at call ${n}`);
    if (n === failAt && !late) die('before');
    const out = await effect();
    if (n === failAt && late) die('after');
    return out;
  };
  const now = () => new Date(nowMs).toISOString();

  // ---- sales table ----
  // Sales here name no till: they get no receipt number (tests/unit/sales/receipt-numbers.test.ts numbers them).
  const receipts: ReceiptBook = {
    counter: async () => ({ n: 0 }),
    advance: async () => false,
    record: async () => {},
    find: async () => undefined,
  };
  const orders = new Map<string, Order>();
  const carts = new Map<string, Cart>();
  const due = (o: Order): string | undefined => {
    if (o.status === 'pending') return o.lease?.until ?? o.createdAt;
    if (o.announced === false) return new Date(Date.parse(o.updatedAt) + 10_000).toISOString();
    const r = pendingReturns(o)[0];
    return r ? new Date(Date.parse(r.at) + 10_000).toISOString() : undefined;
  };
  const orderRepo: OrderRepository & CartRepository = {
    get: (id) => step(() => clone(orders.get(id))),
    create: (o) =>
      step(() => {
        const existing = orders.get(o.id);
        if (existing) return { created: false as const, existing: clone(existing) };
        orders.set(o.id, clone(o));
        return { created: true as const };
      }),
    finish: (id, attempt, leaseUntil, outcome: Outcome) =>
      step(() => {
        const cur = orders.get(id)!;
        if (cur.status === 'pending' && cur.attempt === attempt && cur.lease?.until === leaseUntil) {
          const { lease: _lease, ...rest } = cur;
          const next: Order = {
            ...rest,
            status: outcome.status,
            payment: outcome.payment,
            steps: outcome.steps,
            ...(outcome.failure ? { failure: outcome.failure } : {}),
            updatedAt: outcome.at,
            announced: false,
            version: cur.version + 1,
          };
          orders.set(id, clone(next));
          return clone(next);
        }
        if (cur.attempt === attempt && cur.status === outcome.status) return clone(cur);
        throw new Error(
          `order ${id} is ${cur.status} (attempt ${cur.attempt}), cannot become ${outcome.status}`,
        );
      }),
    announced: (id) =>
      step(() => {
        const cur = orders.get(id)!;
        if (cur.announced === false) orders.set(id, { ...cur, announced: true });
      }),
    takeLease: (id, attempt, seen, lease: Lease) =>
      step(() => {
        const cur = orders.get(id)!;
        if (cur.status !== 'pending' || cur.attempt !== attempt || cur.lease?.until !== seen) return false;
        orders.set(id, { ...cur, lease });
        return true;
      }),
    reopen: (order, lease, at) =>
      step(() => {
        const cur = orders.get(order.id)!;
        if (cur.status !== 'failed' || cur.attempt !== order.attempt || !cur.failure?.retryable)
          return undefined;
        const { failure: _f, announced: _a, ...rest } = cur;
        const next: Order = {
          ...rest,
          status: 'pending',
          attempt: cur.attempt + 1,
          lease,
          payment: { ...cur.payment, status: 'pending', amountCents: 0, refundedCents: 0 },
          steps: cur.steps.filter((s) => s.name === 'price-order'),
          updatedAt: at,
          version: cur.version + 1,
        };
        orders.set(order.id, clone(next));
        return clone(next);
      }),
    setReceipt: (id, receiptNumber) =>
      step(() => {
        const cur = orders.get(id);
        if (cur && !cur.receiptNumber) orders.set(id, { ...cur, receiptNumber, version: cur.version + 1 });
        return clone(orders.get(id));
      }),
    replace: (o, expected) =>
      step(() => {
        if (orders.get(o.id)?.version !== expected) throw new ConflictError('concurrent-update', 'changed');
        orders.set(o.id, clone(o));
      }),
    unsettled: (before, limit) =>
      step(() =>
        [...orders.values()]
          .filter((o) => (due(o) ?? '9999') < before)
          .slice(0, limit)
          .map(clone),
      ),
    list: () => Promise.reject(new Error('not used')),
    getCart: (id) => step(() => clone(carts.get(id))),
    saveCart: (c, expected) =>
      step(() => {
        const cur = carts.get(c.id);
        if ((expected === undefined && cur) || (expected !== undefined && cur?.version !== expected))
          throw new ConflictError('concurrent-update', 'cart changed');
        carts.set(c.id, clone({ ...c, version: (expected ?? -1) + 1 }));
      }),
    settleCart: (cartId, orderId, outcome, at) =>
      step(() => {
        const cur = carts.get(cartId);
        if (cur?.orderId === orderId && cur.status === 'checking-out')
          carts.set(cartId, {
            ...cur,
            status: outcome === 'confirmed' ? 'checked-out' : 'open',
            updatedAt: at,
            version: cur.version + 1,
          });
      }),
  };

  // ---- payment provider ----
  const psp = new Map<string, PspRecord>();
  const attempts = new Map<string, number>();
  const payments: PaymentGateway = {
    tokenize: (card) =>
      step(() => ({
        token: `tok_${card === testCards.declined ? 'declined' : card === testCards.reversedAfterCapture ? 'reversed' : card === testCards.transient ? 'transient' : 'approved'}_${card.slice(-4)}`,
        last4: card.slice(-4),
      })),
    capture: (req: CaptureRequest) =>
      step((): Capture => {
        const behaviour = req.method === 'cash' ? 'approved' : (req.cardToken ?? '').split('_')[1];
        if (behaviour === 'declined') throw new SagaError('PaymentDeclined', 'declined');
        if (behaviour === 'transient') {
          const n = (attempts.get(req.idempotencyKey) ?? 0) + 1;
          attempts.set(req.idempotencyKey, n);
          if (n <= 2) throw new SagaError('PaymentTransient', 'try again');
        }
        let rec = psp.get(req.idempotencyKey);
        if (rec?.voided) throw new SagaError('PaymentVoided', 'voided');
        if (!rec) {
          rec = {
            amountCents: req.amountCents,
            refunds: new Map(),
            voided: false,
            reversed: behaviour === 'reversed',
          };
          psp.set(req.idempotencyKey, rec);
        }
        return {
          captureId: `cap_${req.idempotencyKey}`,
          idempotencyKey: req.idempotencyKey,
          method: req.method,
          amountCents: rec.amountCents,
          refundedCents: 0,
        };
      }),
    find: (key) =>
      step(() => {
        const rec = psp.get(key);
        if (!rec || rec.voided) return undefined;
        const refunded = [...rec.refunds.values()].reduce((a, b) => a + b, 0);
        return {
          captureId: `cap_${key}`,
          idempotencyKey: key,
          method: 'card' as const,
          amountCents: rec.amountCents,
          refundedCents: refunded,
        };
      }),
    verify: (key) => step(() => (psp.get(key)?.reversed ? ('reversed' as const) : ('ok' as const))),
    refund: (key, refundKey, amount) =>
      step(() => {
        const rec = psp.get(key);
        if (!rec || rec.voided) {
          psp.set(key, rec ?? { amountCents: 0, refunds: new Map(), voided: true, reversed: false });
          return { refundedCents: 0, captureFound: false };
        }
        const done = rec.refunds.get(refundKey);
        if (done !== undefined) return { refundedCents: done, captureFound: true };
        const left = rec.amountCents - [...rec.refunds.values()].reduce((a, b) => a + b, 0);
        const a = Math.min(amount ?? left, left);
        rec.refunds.set(refundKey, a);
        return { refundedCents: a, captureFound: true };
      }),
  };

  // ---- inventory table ----
  const stock = new Map<string, StockItem>(
    Object.entries(start).map(([p, q]) => [p, { onHand: q, reserved: 0, holds: new Map(), done: new Map() }]),
  );
  const movements: { productId: string; onHand: number; reserved: number }[] = [];
  const move = (productId: string, onHand: number, reserved: number) => {
    const item = stock.get(productId)!;
    item.onHand += onHand;
    item.reserved += reserved;
    movements.push({ productId, onHand, reserved });
  };
  const releaseLine = (run: string, l: LineToReserve) =>
    step(() => {
      const item = stock.get(l.productId)!;
      if (item.done.has(run)) return false;
      const held = item.holds.get(run);
      item.done.set(run, 'released');
      if (held === undefined) return false;
      item.holds.delete(run);
      move(l.productId, 0, -held);
      return true;
    });
  const writer: StockWriter = {
    async reserve(run, _loc, lines): Promise<ReserveOutcome> {
      await step(() => undefined); // the BatchGetItem
      const outcomes = await Promise.all(
        lines.map((l) =>
          step(() => {
            const item = stock.get(l.productId)!;
            const done = item.done.get(run);
            if (done) return done;
            if (item.holds.has(run)) return 'held' as const;
            const available = item.onHand - item.reserved;
            if (available < l.quantity) return { short: available };
            item.holds.set(run, l.quantity);
            move(l.productId, 0, l.quantity);
            return 'held' as const;
          }),
        ),
      );
      if (outcomes.includes('released')) return { ok: false, released: true };
      const short: ShortLine[] = [];
      outcomes.forEach((o, i) => {
        if (typeof o === 'object')
          short.push({ productId: lines[i]!.productId, requested: lines[i]!.quantity, available: o.short });
      });
      if (short.length > 0) {
        for (const l of lines) await releaseLine(run, l);
        return { ok: false, short };
      }
      return { ok: true };
    },
    async commit(run, _loc, lines) {
      const out = await Promise.all(
        lines.map((l) =>
          step(() => {
            const item = stock.get(l.productId)!;
            const held = item.holds.get(run);
            if (held !== undefined) {
              item.holds.delete(run);
              item.done.set(run, 'committed');
              move(l.productId, -held, -held);
              return 'committed' as const;
            }
            return item.done.get(run) === 'committed' ? ('committed' as const) : ('released' as const);
          }),
        ),
      );
      return out.includes('released') ? 'released' : 'committed';
    },
    async release(run, _loc, lines) {
      const given = [];
      for (const l of lines) if (await releaseLine(run, l)) given.push(l);
      return given;
    },
    restock: (movementId, _loc, line) =>
      step(() => {
        if (restocked.has(movementId + line.productId)) return false;
        restocked.add(movementId + line.productId);
        move(line.productId, line.quantity, 0);
        return true;
      }),
  };
  const restocked = new Set<string>();

  const published: DomainEvent[] = [];
  const events = { publish: (e: readonly DomainEvent[]) => step(() => void published.push(...clone(e))) };

  // ---- the real state machine, its tasks running the real step functions over these ports ----
  const salesDeps = { orders: orderRepo, carts: orderRepo, payments, events, receipts, now };
  const inventoryDeps = { stock: writer, events, now };
  const byHandler: Record<string, (s: SagaState) => Promise<unknown>> = {
    'inventory/saga/reserve-stock': (s) => inventorySteps.reserveStock(inventoryDeps, s),
    'inventory/saga/commit-stock': (s) => inventorySteps.commitStock(inventoryDeps, s),
    'inventory/saga/release-stock': (s) => inventorySteps.releaseStock(inventoryDeps, s),
    'sales/saga/take-payment': (s) => salesSteps.takePayment(salesDeps, s),
    'sales/saga/assess-order': (s) => salesSteps.assessOrder(salesDeps, s),
    'sales/saga/confirm-order': (s) => salesSteps.confirmOrder(salesDeps, s),
    'sales/saga/refund-payment': (s) => salesSteps.refundPayment(salesDeps, s),
    'sales/saga/fail-order': (s) => salesSteps.failOrder(salesDeps, s),
  };
  const handlers: Record<string, (input: JSONValue) => Promise<JSONValue>> = {};
  const noWait: Record<string, number> = {};
  const states = (definition as { States: Record<string, { Retry?: unknown[] }> }).States;
  for (const [name, handler] of Object.entries(handlerOfState)) {
    handlers[name] = sagaTask(handler, byHandler[handler]!) as unknown as (
      input: JSONValue,
    ) => Promise<JSONValue>;
    if (states[name]?.Retry) noWait[name] = 0;
  }
  const saga: CheckoutSaga = {
    async run(input: SagaState): Promise<SagaResult> {
      const execution = machine.run(JSON.parse(JSON.stringify(input)) as JSONValue, {
        overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides: noWait },
        noThrowOnAbort: true,
      });
      onCrash = () => execution.abort();
      const out = (await execution.result) as SagaResult | null;
      onCrash = undefined;
      if (dead) throw new Crash('the process died during the execution');
      return out!;
    },
  };
  const deps: SellingDeps = {
    orders: orderRepo,
    carts: orderRepo,
    payments,
    events,
    receipts,
    now,
    newId: (p) => `${p}_x`,
    sleep: async (ms) => void (nowMs += ms),
    saga,
    catalog: { facts: (ids) => step(() => catalog.filter((c) => ids.includes(c.productId))) },
  };
  return {
    deps,
    orders,
    carts,
    stock,
    psp,
    published,
    movements,
    failOnce(n: number, after: boolean) {
      calls = 0;
      failAt = n;
      late = after;
    },
    /** Calls n … n + count − 1 fail with an error the process survives (a throttled table, a network blip). */
    failTransiently(n: number, count: number) {
      calls = 0;
      transientFrom = n;
      transientCount = count;
    },
    /** The process comes back (after the crash, if any) once every lease taken before has run out. */
    restart() {
      dead = false;
      failAt = -1;
      transientFrom = -1;
      transientCount = 0;
      nowMs += (checkoutBudget.leaseSeconds + 1) * 1000;
    },
    calls: () => calls,
  };
}

type World = ReturnType<typeof world>;

const idem = (scope: string, key: string, request: unknown): Idempotency => ({
  scope,
  key,
  fingerprint: fingerprintOf(request),
});

/** Runs `attempt`; on a crash, a 500 or a "retry later" answer, restarts and retries (as the POS and the shop do). */
async function untilFinal<T>(w: World, attempt: () => Promise<T>, recoverFirst: boolean): Promise<T | Error> {
  for (let round = 0; round < 6; round++) {
    try {
      return await attempt();
    } catch (e) {
      // A crash, an internal error (a 500) or an answer that says "retry later": the client retries.
      const retry = !(e instanceof DomainError) || e instanceof TryLater;
      if (!retry) return e as Error;
      w.restart();
      if (recoverFirst) await recoverOrders(w.deps, { correlationId: 'recovery' });
    }
  }
  throw new Error('never final');
}

/** After the dust settles: the recovery has nothing left, every order is final and announced. */
async function settle(w: World) {
  w.restart();
  await recoverOrders(w.deps, { correlationId: 'recovery' });
  await recoverOrders(w.deps, { correlationId: 'recovery' });
  for (const o of w.orders.values()) {
    expect(o.status, o.id).not.toBe('pending');
    expect(o.announced, o.id).not.toBe(false);
    expect(pendingReturns(o), o.id).toEqual([]);
  }
  for (const [p, item] of w.stock) {
    expect(item.holds.size, p).toBe(0);
    expect(item.reserved, p).toBe(0);
  }
}

/** Net money kept from an order: captured minus refunded, over every key of its attempts. */
const netCharged = (w: World, orderId: string) =>
  [...w.psp.entries()]
    .filter(([k]) => k === `pay_${orderId}` || k.startsWith(`pay_${orderId}.`))
    .reduce(
      (sum, [, r]) =>
        sum + (r.voided ? 0 : r.amountCents - [...r.refunds.values()].reduce((a, b) => a + b, 0)),
      0,
    );

const basket = [
  { productId: 'coffee', quantity: 2 },
  { productId: 'donut', quantity: 3 },
];
const saleScope = 'POST /locations/{storeId}/sales|u1';

function sale(w: World, payment: { method: 'cash' } | { method: 'card'; cardNumber: string }) {
  const body = { lines: basket, payment };
  return placeOrder(w.deps, {
    channel: 'pos',
    locationId: 'store-1',
    lines: basket,
    payment,
    caller: { userId: 'u1', username: 'cashier1', role: 'cashier', storeId: 'store-1' },
    correlationId: 'c',
    idempotency: idem(saleScope, 'key-1', { params: { storeId: 'store-1' }, body }),
  });
}

describe('a sale survives a crash at any call, before or after its effect', () => {
  it('approved card or cash: one order, confirmed, charged once, units out once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 30 }),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom<'cash' | 'card'>('cash', 'card'),
        async (failAt, after, recoverFirst, method) => {
          const w = world({ coffee: 10, donut: 10 });
          const payment = method === 'cash' ? { method } : { method, cardNumber: testCards.approved };
          w.failOnce(failAt, after);
          const answer = await untilFinal(w, () => sale(w, payment), recoverFirst);
          expect(answer).not.toBeInstanceOf(Error);
          await settle(w);
          const id = idFromKey('ord', saleScope, 'key-1');
          expect([...w.orders.keys()]).toEqual([id]);
          const order = w.orders.get(id)!;
          expect(order.status).toBe('confirmed');
          expect(netCharged(w, id)).toBe(order.totalCents);
          expect(w.stock.get('coffee')).toMatchObject({ onHand: 8, reserved: 0 });
          expect(w.stock.get('donut')).toMatchObject({ onHand: 7, reserved: 0 });
          expect(w.published.some((e) => e.detailType === 'OrderConfirmed' && e.detail.orderId === id)).toBe(
            true,
          );
          // The same key again, later: the same order, nothing more charged or moved.
          const again = await sale(w, payment);
          expect(again).toMatchObject({ replayed: true, order: { id, status: 'confirmed' } });
          expect(netCharged(w, id)).toBe(order.totalCents);
          expect(w.stock.get('coffee')!.onHand).toBe(8);
        },
      ),
      { numRuns: 300 },
    );
  }, 120_000);

  it('declined or reversed card: failed for good, nothing kept, stock whole', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 26 }),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom(testCards.declined, testCards.reversedAfterCapture),
        async (failAt, after, recoverFirst, cardNumber) => {
          const w = world({ coffee: 10, donut: 10 });
          w.failOnce(failAt, after);
          const answer = await untilFinal(w, () => sale(w, { method: 'card', cardNumber }), recoverFirst);
          await settle(w);
          const id = idFromKey('ord', saleScope, 'key-1');
          const order = w.orders.get(id)!;
          // A crash before the payment was taken fails the order as interrupted (retryable): the retry
          // runs it again and gets the card's own answer. Either way nothing is kept.
          expect(order.status).toBe('failed');
          expect(netCharged(w, id)).toBe(0);
          expect(w.stock.get('coffee')).toMatchObject({ onHand: 10, reserved: 0 });
          expect(w.stock.get('donut')).toMatchObject({ onHand: 10, reserved: 0 });
          if (answer instanceof Error && 'code' in answer)
            expect(['payment-declined', 'payment-reversed']).toContain((answer as { code: string }).code);
        },
      ),
      { numRuns: 200 },
    );
  }, 120_000);

  it('short stock: failed for good, nothing held, nothing charged', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 16 }),
        fc.boolean(),
        fc.boolean(),
        async (failAt, after, rf) => {
          const w = world({ coffee: 10, donut: 2 });
          w.failOnce(failAt, after);
          const answer = await untilFinal(w, () => sale(w, { method: 'cash' }), rf);
          await settle(w);
          expect(answer).toMatchObject({ code: 'insufficient-stock' });
          expect(w.stock.get('coffee')).toMatchObject({ onHand: 10, reserved: 0 });
          expect(netCharged(w, idFromKey('ord', saleScope, 'key-1'))).toBe(0);
        },
      ),
      { numRuns: 100 },
    );
  }, 120_000);
});

describe('a web checkout survives a crash at any call: one cart, one order', () => {
  it('ends with the cart checked out by exactly one confirmed order, charged once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 34 }),
        fc.boolean(),
        fc.boolean(),
        async (failAt, after, rf) => {
          const w = world({ coffee: 10, donut: 10 });
          w.carts.set('cart-1', {
            id: 'cart-1',
            customerId: 'cust',
            status: 'open',
            lines: basket,
            createdAt: '2026-12-01T14:00:00.000Z',
            updatedAt: '2026-12-01T14:00:00.000Z',
            version: 0,
          });
          const scope = 'POST /carts/{cartId}/checkout|cust';
          const body = {
            payment: { method: 'card', cardNumber: testCards.approved },
            shippingAddress: '1 rue X',
          };
          const run = () =>
            checkoutCart(w.deps, { userId: 'cust', username: 'c', role: 'customer' }, 'cart-1', {
              cardNumber: testCards.approved,
              shippingAddress: '1 rue X',
              correlationId: 'c',
              idempotency: idem(scope, 'ck-1', { params: { cartId: 'cart-1' }, body }),
            });
          w.failOnce(failAt, after);
          const answer = await untilFinal(w, run, rf);
          expect(answer).not.toBeInstanceOf(Error);
          await settle(w);
          const id = idFromKey('ord', scope, 'ck-1');
          expect([...w.orders.keys()]).toEqual([id]);
          expect(w.orders.get(id)!.status).toBe('confirmed');
          expect(w.carts.get('cart-1')).toMatchObject({ status: 'checked-out', orderId: id });
          expect(netCharged(w, id)).toBe(w.orders.get(id)!.totalCents);
          // Another key on the checked-out cart never sells it again.
          const second = await checkoutCart(
            w.deps,
            { userId: 'cust', username: 'c', role: 'customer' },
            'cart-1',
            {
              cardNumber: testCards.approved,
              shippingAddress: '1 rue X',
              correlationId: 'c',
              idempotency: idem(scope, 'ck-2', { params: { cartId: 'cart-1' }, body }),
            },
          ).catch((e: Error) => e);
          expect(second).toMatchObject({ code: 'cart-closed' });
          expect(w.orders.size).toBe(1);
        },
      ),
      { numRuns: 250 },
    );
  }, 120_000);
});

describe('a return survives a crash at any call: refunded once, restocked once, or not at all', () => {
  it('completes exactly once, resumed by the retry or the recovery', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 12 }),
        fc.boolean(),
        fc.boolean(),
        async (failAt, after, rf) => {
          const w = world({ coffee: 10, donut: 10 });
          const sold = await sale(w, { method: 'card', cardNumber: testCards.approved });
          const orderId = sold.order.id;
          const scope = 'POST /orders/{orderId}/returns|u1';
          const lines = [{ productId: 'donut', quantity: 2 }];
          const caller = { userId: 'u1', username: 'cashier1', role: 'cashier' as const, storeId: 'store-1' };
          const run = () =>
            returnOrder(
              w.deps,
              caller,
              orderId,
              lines,
              'c',
              idem(scope, 'r-1', { params: { orderId }, body: { lines } }),
            );
          w.failOnce(failAt, after);
          const answer = await untilFinal(w, run, rf);
          expect(answer).not.toBeInstanceOf(Error);
          await settle(w);
          const order = w.orders.get(orderId)!;
          expect(order.status).toBe('partially-returned');
          expect(order.returns).toHaveLength(1);
          expect(order.returns[0]!.status).toBe('completed');
          const refund = order.returns[0]!.amountCents;
          expect(order.payment.refundedCents).toBe(refund);
          expect(netCharged(w, orderId)).toBe(order.totalCents - refund);
          const returned = w.published.filter((e) => e.detailType === 'OrderReturned');
          expect(returned.length).toBeGreaterThanOrEqual(1);
          expect(new Set(returned.map((e) => e.detail.returnId))).toEqual(new Set([order.returns[0]!.id]));
          // The same key again: the same return, no second refund.
          const again = await run();
          expect(again.replayed).toBe(true);
          expect(w.orders.get(orderId)!.returns).toHaveLength(1);
          expect(netCharged(w, orderId)).toBe(order.totalCents - refund);
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);
});

describe('every saga task, interrupted at any of its calls', () => {
  it('a sale whose process dies during any task is finished by the recovery alone', async () => {
    // No client retry at all: the recovery must drive every order to a final state by itself.
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 3, max: 26 }),
        fc.boolean(),
        fc.constantFrom(testCards.approved, testCards.transient, testCards.reversedAfterCapture),
        async (failAt, after, cardNumber) => {
          const w = world({ coffee: 10, donut: 10 });
          w.failOnce(failAt, after);
          await sale(w, { method: 'card', cardNumber }).catch(() => undefined);
          await settle(w);
          const id = idFromKey('ord', saleScope, 'key-1');
          const order = w.orders.get(id);
          if (!order) return; // died before the order was written: nothing happened
          const units = w.stock.get('coffee')!.onHand;
          if (order.status === 'confirmed') {
            expect(netCharged(w, id)).toBe(order.totalCents);
            expect(units).toBe(8);
          } else {
            expect(netCharged(w, id)).toBe(0);
            expect(units).toBe(10);
          }
        },
      ),
      { numRuns: 300 },
    );
  }, 120_000);
});

describe('every saga task, failing transiently at any of its calls', () => {
  it('retries, compensates or leaves the order to the recovery; never loses or creates money or units', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 26 }),
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom<'cash' | 'card'>('cash', 'card'),
        async (from, count, method) => {
          const w = world({ coffee: 10, donut: 10 });
          const payment = method === 'cash' ? { method } : { method, cardNumber: testCards.approved };
          w.failTransiently(from, count);
          const first = await sale(w, payment).catch((e: Error) => e);
          const answer = first instanceof Error ? await untilFinal(w, () => sale(w, payment), true) : first;
          await settle(w);
          const id = idFromKey('ord', saleScope, 'key-1');
          const order = w.orders.get(id);
          if (!order) {
            // Failed before the order was written (pricing, tokenizing): nothing happened at all.
            expect(w.psp.size).toBe(0);
            return;
          }
          expect(answer).not.toBeInstanceOf(Error);
          expect(order.status).toBe('confirmed');
          expect(netCharged(w, id)).toBe(order.totalCents);
          expect(w.stock.get('coffee')).toMatchObject({ onHand: 8, reserved: 0 });
          expect(w.stock.get('donut')).toMatchObject({ onHand: 7, reserved: 0 });
        },
      ),
      { numRuns: 300 },
    );
  }, 120_000);
});
