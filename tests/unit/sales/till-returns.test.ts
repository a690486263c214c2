import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConflictError } from '#domain/shared/errors.ts';
import type { Order } from '#domain/sales/order.ts';
import { priceBasket, type BasketLine, type CatalogFacts } from '#domain/sales/pricing.ts';
import {
  addCounters,
  assertVoidable,
  openSession,
  returnDelta,
  saleDelta,
  zReport,
  type RegisterSession,
  type SessionCounters,
} from '#domain/sales/register.ts';
import { completeReturn, planReturn, refundPartsOf } from '#domain/sales/returns.ts';
import type { RegisterRepository } from '#functions/sales/adapters/register-repository.ts';
import type { RegisterDeps } from '#functions/sales/register-service.ts';
import { closeRegister, returnAtTill } from '#functions/sales/register-service.ts';
import { Crash, crashSwitch } from '../../support/crash.ts';

/**
 * Returns and voids at a till (issue 12): refunded to the original tender, counted in the till's
 * open session once — the rules (pure), then the flow against in-memory ports that behave like the
 * DynamoDB adapters (conditional single-item writes) and can die before or after any call.
 */
const shelf: CatalogFacts[] = [
  { productId: 'baguette', name: 'Baguette', priceCents: 333 },
  { productId: 'beurre', name: 'Beurre', priceCents: 599 },
];
const at = '2026-01-06T10:00:00.000Z';

function sale(
  method: 'cash' | 'card',
  cashPartCents?: number,
  basket: BasketLine[] = [
    { productId: 'baguette', quantity: 3 },
    { productId: 'beurre', quantity: 1 },
  ],
): Order {
  const priced = priceBasket({ lines: basket, catalog: shelf, method });
  const { lines, ...totals } = priced;
  const tenders =
    cashPartCents === undefined
      ? undefined
      : [
          { method: 'cash' as const, amountCents: cashPartCents },
          { method: 'card' as const, amountCents: totals.totalCents - cashPartCents },
        ];
  return {
    id: 'ord_1',
    channel: 'pos',
    locationId: 'store-1',
    status: 'confirmed',
    lines: lines.map((l) => ({ ...l, returnedQuantity: 0 })),
    ...totals,
    ...(tenders ? { tenders } : {}),
    payment: {
      method,
      status: 'captured',
      amountCents: tenders ? tenders[1]!.amountCents : totals.totalCents,
      refundedCents: 0,
    },
    registerId: 'till-1',
    sessionId: 'ses_1',
    receiptNumber: 'store-1-till-1-1',
    steps: [],
    returns: [],
    attempt: 1,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

describe('refund to the original tender', () => {
  it('a split tender: the card first, up to what it paid, then cash; all returns add up to what was paid', () => {
    // 3 baguettes 9,99 + butter 5,99 = 15,98 + GST 0,80 + QST 1,59 = 18,37 $: 5,00 $ cash, 13,37 $ card.
    let order = sale('card', 500);
    expect(order.totalCents).toBe(1837);
    const first = planReturn(order, [{ productId: 'beurre', quantity: 1 }], 'r1', at);
    expect(first.orderReturn.tenders).toEqual([
      { method: 'cash', amountCents: 0 },
      { method: 'card', amountCents: first.orderReturn.amountCents },
    ]);
    order = completeReturn(first.order, 'r1', at);
    const rest = planReturn(order, [{ productId: 'baguette', quantity: 3 }], 'r2', at);
    const parts = refundPartsOf(order, rest.orderReturn);
    // The card had 13,37 − 6,89 left: that much to the card, the rest (the cash part) from the drawer.
    expect(parts.cardCents).toBe(1337 - first.orderReturn.amountCents);
    expect(parts.cashCents).toBe(500);
    order = completeReturn(rest.order, 'r2', at);
    expect(order.returns.reduce((s, r) => s + r.amountCents, 0)).toBe(1837);
    expect(order.payment).toMatchObject({ refundedCents: 1337, status: 'refunded' });
    expect(order.status).toBe('returned');
  });

  it('a cash sale refunds cash, a card sale the card; a return counts by its tender, its taxes and a void', () => {
    const cash = planReturn(sale('cash'), [{ productId: 'beurre', quantity: 1 }], 'r1', at, {
      reason: 'defective',
      till: { registerId: 'till-2', sessionId: 'ses_2' },
    }).orderReturn;
    expect(cash).toMatchObject({ reason: 'defective', registerId: 'till-2', sessionId: 'ses_2' });
    expect(cash.tenders).toBeUndefined();
    expect(returnDelta(sale('cash'), cash)).toBeUndefined(); // pending: not counted yet
    const done = { ...cash, status: 'completed' as const };
    // Butter 5,99 + GST 0,30 + QST 0,60 = 6,89 → 6,90 $ in cash.
    expect(returnDelta(sale('cash'), done)).toEqual({
      returnsCount: 1,
      voidsCount: 0,
      cashRefundsCents: 690,
      cardRefundsCents: 0,
      refundGstCents: 30,
      refundQstCents: 60,
    });
    expect(returnDelta(sale('card'), { ...done, amountCents: 689, reason: 'void' })).toMatchObject({
      voidsCount: 1,
      cashRefundsCents: 0,
      cardRefundsCents: 689,
    });
  });

  it('a void is the open session’s last sale only, with nothing returned yet', () => {
    const s = { ...openSession({ ...ids, floatCents: 0, at, by: 'c' }), saleIds: ['ord_0', 'ord_1'] };
    expect(() => assertVoidable(s, sale('cash'))).not.toThrow();
    for (const [session, order] of [
      [{ ...s, saleIds: ['ord_1', 'ord_2'] }, sale('cash')],
      [{ ...s, status: 'closed' as const }, sale('cash')],
      [{ ...s, sessionId: 'ses_2' }, sale('cash')],
      [undefined, sale('cash')],
      [s, { ...sale('cash'), returns: [{ id: 'r', lines: [], amountCents: 1, at }] }],
    ] as const)
      expect(() => assertVoidable(session, order)).toThrow(ConflictError);
  });

  it('the Z-report: sales and returns by tender, discounts, net, first and last receipt by number', () => {
    let counters: SessionCounters = openSession({ ...ids, floatCents: 0, at, by: 'c' }).counters;
    counters = addCounters(counters, saleDelta({ ...sale('cash'), discountCents: 100 })!);
    counters = addCounters(counters, saleDelta(sale('card', 500))!);
    counters = addCounters(counters, {
      returnsCount: 1,
      cashRefundsCents: 690,
      refundGstCents: 30,
      refundQstCents: 60,
    });
    const s: RegisterSession = {
      ...openSession({ ...ids, floatCents: 10_000, at, by: 'c' }),
      counters,
      receipts: ['store-1-till-1-10', 'store-1-till-1-9', 'store-1-till-1-11'],
    };
    expect(zReport(s)).toMatchObject({
      salesCount: 2,
      sales: { cash: { count: 2, amountCents: 1835 + 500 }, card: { count: 1, amountCents: 1337 } },
      returns: { count: 1, voids: 0, cash: { amountCents: 690 }, totalCents: 690, gstCents: 30 },
      netCents: 1835 + 1837 - 690,
      discountCents: 100,
      expectedCashCents: 10_000 + 1835 + 500 - 690,
      firstReceipt: 'store-1-till-1-9',
      lastReceipt: 'store-1-till-1-11',
    });
  });
});

const ids = { sessionId: 'ses_1', storeId: 'store-1', registerId: 'till-1' };

/** In-memory ports with the adapters' conditions; `step` can kill the process before or after a call. */
function world(order: Order) {
  const orders = new Map<string, Order>([[order.id, order]]);
  let till: RegisterSession & { done: Set<string> } = {
    ...openSession({ ...ids, floatCents: 10_000, at, by: 'c' }),
    saleIds: [order.id],
    done: new Set([order.id]),
  };
  const refunds = new Map<string, number>();
  const published: { type: string; returnId?: string }[] = [];
  const crash = crashSwitch();
  const { step } = crash;
  const copy = <T>(v: T): T => structuredClone(v);
  const view = (): RegisterSession => {
    const { done: _done, ...s } = copy(till);
    return s;
  };
  const registers: RegisterRepository = {
    current: () => step(() => view()),
    enter: (_s, _r, entry, sessionId) =>
      step(() => {
        if (till.status === 'open' && !till.done.has(entry) && (!sessionId || sessionId === till.sessionId)) {
          if (!till.pendingSaleIds.includes(entry))
            till = { ...till, pendingSaleIds: [...till.pendingSaleIds, entry], revision: till.revision + 1 };
          return till.sessionId;
        }
        return till.done.has(entry) && (!sessionId || sessionId === till.sessionId)
          ? till.sessionId
          : undefined;
      }),
    settle: (_s, _r, sessionId, entry, delta) =>
      step(() => {
        if (till.sessionId !== sessionId || !till.pendingSaleIds.includes(entry)) return;
        till = {
          ...till,
          pendingSaleIds: till.pendingSaleIds.filter((x) => x !== entry),
          revision: till.revision + 1,
          ...(delta
            ? {
                counters: addCounters(till.counters, delta),
                returnIds: [...till.returnIds, entry],
                done: new Set([...till.done, entry]),
              }
            : {}),
        };
      }),
    close: (closed, seen) =>
      step(() => {
        if (till.status !== 'open' || till.revision !== seen || till.pendingSaleIds.length > 0) return false;
        till = { ...closed, done: till.done, revision: seen + 1 };
        return true;
      }),
    archive: () => step(() => undefined),
    open: () => Promise.reject(new Error('not used')),
    move: () => Promise.reject(new Error('not used')),
    ofStore: () => Promise.reject(new Error('not used')),
  };
  let clock = Date.parse(at);
  const deps = {
    orders: {
      get: (id: string) => step(() => copy(orders.get(id))),
      replace: (next: Order, expected: number) =>
        step(() => {
          if (orders.get(next.id)?.version !== expected)
            throw new ConflictError('concurrent-update', 'moved');
          orders.set(next.id, copy(next));
        }),
    },
    payments: {
      refund: (_key: string, refundKey: string, amountCents: number) =>
        step(() => {
          if (!refunds.has(refundKey)) refunds.set(refundKey, amountCents);
          return { refundedCents: refunds.get(refundKey)!, captureFound: true };
        }),
    },
    events: {
      publish: (events: { 'detail-type'?: string; detailType?: string; detail?: { returnId?: string } }[]) =>
        step(() => {
          for (const e of events)
            published.push({ type: e['detail-type'] ?? e.detailType ?? '', returnId: e.detail?.returnId });
        }),
    },
    registers,
    // Each read of the clock is a second later: a close's wait for a sale that never came ends.
    now: () => new Date((clock += 1000)).toISOString(),
    sleep: () => Promise.resolve(),
  } as unknown as RegisterDeps;
  return {
    deps,
    orders,
    refunds,
    published,
    till: () => till,
    crashAt: crash.crashAt,
    noCrash: crash.noCrash,
  };
}

const cashier = { userId: 'c1', role: 'cashier', storeId: 'store-1' } as never;
const idempotency = { scope: 'cashier1', key: 'k-1', fingerprint: 'f' } as never;
const give = (w: ReturnType<typeof world>, reason?: 'void') =>
  returnAtTill(w.deps, cashier, {
    orderId: 'ord_1',
    registerId: 'till-1',
    lines: [
      { productId: 'baguette', quantity: 3 },
      { productId: 'beurre', quantity: 1 },
    ],
    reason,
    correlationId: 'c',
    idempotency,
    approval: { limitCents: 100_000 },
  });

describe('a return at the till, killed before or after any call', () => {
  it('retried with the same key, or left to the close: one refund per tender, counted once, or not at all', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(30),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom<'void' | undefined>('void', undefined),
        fc.constantFrom<number | undefined>(undefined, 500),
        async (n, after, retry, reason, cashPart) => {
          const order = sale(cashPart === undefined ? 'cash' : 'card', cashPart);
          const w = world(order);
          w.crashAt(n, after);
          let crashed = false;
          try {
            await give(w, reason);
          } catch (e) {
            if (!(e instanceof Crash)) throw e;
            crashed = true;
          }
          w.noCrash();
          if (crashed && retry) await give(w, reason);
          const closed = await closeRegister(w.deps, cashier, {
            ...ids,
            countedCents: 0,
            correlationId: 'c',
          });
          const final = w.orders.get('ord_1')!;
          const returns = final.returns;
          expect(returns.length).toBeLessThanOrEqual(1);
          const r = returns[0];
          const counted = closed.report.returns;
          if (!r) {
            // Never recorded: nothing refunded, nothing counted.
            expect(w.refunds.size).toBe(0);
            expect(counted.count).toBe(0);
            return;
          }
          // Recorded: finished (by the retry or by the close), refunded once, counted once.
          expect(r.status).toBe('completed');
          expect(final.status).toBe('returned');
          const parts = refundPartsOf(final, r);
          expect(parts.cashCents + parts.cardCents).toBe(order.totalCents);
          const toProvider = cashPart === undefined ? order.totalCents : parts.cardCents;
          expect([...w.refunds.values()]).toEqual([toProvider]);
          expect(counted).toMatchObject({
            count: 1,
            voids: reason === 'void' ? 1 : 0,
            cash: { amountCents: parts.cashCents },
            card: { amountCents: parts.cardCents },
          });
          expect(closed.report.expectedCashCents).toBe(10_000 - parts.cashCents);
          const announced = new Set(w.published.filter((e) => e.returnId).map((e) => e.returnId));
          expect([...announced]).toEqual([r.id]);
        },
      ),
      { numRuns: 400 },
    );
  });
});
