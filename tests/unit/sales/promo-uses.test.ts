import { describe, expect, it } from 'vitest';
import type { PromoCode, UseState } from '#domain/sales/promo.ts';
import type { DomainError } from '#domain/shared/errors.ts';
import type { Order } from '#domain/sales/order.ts';
import type { CartRepository, OrderRepository, Outcome } from '#functions/sales/adapters/order-repository.ts';
import type { PaymentGateway } from '#functions/sales/adapters/payment-gateway.ts';
import { countUse, giveBackUse, type PromoStore } from '#functions/sales/promo-service.ts';
import { failOrder, type SalesSagaDeps } from '#functions/sales/saga/steps.ts';
import type { SagaState } from '#functions/shared/saga-task.ts';
import { Crash, crashSwitch } from '../../support/crash.ts';

/**
 * The exactly-once counting of promo uses against an in-memory store that behaves like the DynamoDB
 * adapter (conditional single-item writes, the `counting`/`returning` sets on the code's item) and can
 * fail at any call, before or after its effect, as a Lambda can die at any point: counting, then
 * giving back, resumed by retries, never counts a use twice nor loses one.
 */
function world(usageLimit?: number) {
  const promo = { uses: 0, counting: new Set<string>(), returning: new Set<string>() };
  const claims = new Map<string, UseState>();
  const crash = crashSwitch();
  const { step } = crash;
  const store: PromoStore = {
    get: () => Promise.reject(new Error('not used')),
    create: () => Promise.reject(new Error('not used')),
    update: () => Promise.reject(new Error('not used')),
    list: () => Promise.reject(new Error('not used')),
    claim: (_c, runId, _o, state) =>
      step(() => {
        const had = claims.get(runId);
        if (had === undefined) claims.set(runId, state);
        return had;
      }),
    moveClaim: (_c, runId, from, to) =>
      step(() => {
        if (claims.get(runId) !== from) return false;
        claims.set(runId, to);
        return true;
      }),
    count: (_c, runId) =>
      step(() => {
        if (promo.counting.has(runId)) return 'already' as const;
        if (usageLimit !== undefined && promo.uses >= usageLimit) return 'exhausted' as const;
        promo.uses++;
        promo.counting.add(runId);
        return 'counted' as const;
      }),
    uncount: (_c, runId) =>
      step(() => {
        if (promo.returning.has(runId)) return;
        promo.uses--;
        promo.returning.add(runId);
      }),
    forget: (_c, runId) =>
      step(() => {
        promo.counting.delete(runId);
        promo.returning.delete(runId);
      }),
  };
  return {
    store,
    promo,
    claims,
    calls: crash.calls,
    failOnce: crash.crashAt,
    noFailure: crash.noCrash,
  };
}

const code: Pick<PromoCode, 'code' | 'usageLimit'> = { code: 'HIVER10', usageLimit: 5 };
const now = () => '2026-12-15T15:00:00.000Z';

/** Runs `run` again after each crash, as a retry with the same key (or the recovery) does. */
async function untilDone(run: () => Promise<unknown>): Promise<void> {
  for (let attempt = 1; attempt <= 5; attempt++) {
    try {
      await run();
      return;
    } catch (e) {
      if (!(e instanceof Crash)) throw e;
    }
  }
  throw new Error('never finished');
}

// The calls of a clean count (claim, count, moveClaim, forget) and of a clean give-back
// (claim, moveClaim, uncount, moveClaim, forget).
const countCalls = 4;
const giveBackCalls = 5;

describe('promo uses: counted once per order attempt, whatever call crashes', () => {
  for (const after of [false, true])
    for (let n = 0; n < countCalls; n++)
      it(`count: a crash ${after ? 'after' : 'before'} call ${n}, then the retry → one use`, async () => {
        const w = world(code.usageLimit);
        w.failOnce(n, after);
        await untilDone(() => countUse(w.store, code, 'run-1', 'ord-1', now));
        expect(w.promo.uses).toBe(1);
        expect(w.claims.get('run-1')).toBe('counted');
        expect(w.promo.counting.size).toBe(0);
        // A later retry of the same attempt counts nothing more.
        await countUse(w.store, code, 'run-1', 'ord-1', now);
        expect(w.promo.uses).toBe(1);
      });

  for (const after of [false, true])
    for (let n = 0; n < giveBackCalls; n++)
      it(`give back: a crash ${after ? 'after' : 'before'} call ${n}, then the retry → no use left`, async () => {
        const w = world(code.usageLimit);
        await countUse(w.store, code, 'run-1', 'ord-1', now);
        w.failOnce(n, after);
        await untilDone(() => giveBackUse(w.store, code.code, 'run-1', 'ord-1', now));
        expect(w.promo.uses).toBe(0);
        expect(w.claims.get('run-1')).toBe('returned');
        expect([w.promo.counting.size, w.promo.returning.size]).toEqual([0, 0]);
        await giveBackUse(w.store, code.code, 'run-1', 'ord-1', now);
        expect(w.promo.uses).toBe(0);
      });

  for (const after of [false, true])
    for (let n = 0; n < countCalls; n++)
      it(`a count that crashed ${after ? 'after' : 'before'} call ${n}, given back by the recovery → no use left, and it cannot count later`, async () => {
        const w = world(code.usageLimit);
        w.failOnce(n, after);
        await countUse(w.store, code, 'run-1', 'ord-1', now).catch((e: unknown) => {
          if (!(e instanceof Crash)) throw e;
        });
        w.noFailure();
        await giveBackUse(w.store, code.code, 'run-1', 'ord-1', now);
        expect(w.promo.uses).toBe(0);
        expect(w.claims.get('run-1')).toBe('returned');
        // The dead run's late retry: refused (interrupted), still nothing counted.
        await expect(countUse(w.store, code, 'run-1', 'ord-1', now)).rejects.toMatchObject({
          code: 'interrupted',
        });
        expect(w.promo.uses).toBe(0);
      });
});

describe('promo uses: the limit', () => {
  it('never lets more attempts count than the limit; a use given back frees a place', async () => {
    const w = world(2);
    const limited = { code: 'HIVER10', usageLimit: 2 };
    const outcomes = await Promise.allSettled(
      ['a', 'b', 'c', 'd'].map((r) => countUse(w.store, limited, `run-${r}`, `ord-${r}`, now)),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(2);
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(refused.map((o) => ((o as PromiseRejectedResult).reason as DomainError).code)).toEqual([
      'promo-exhausted',
      'promo-exhausted',
    ]);
    expect(w.promo.uses).toBe(2);
    // A refused attempt counted nothing, and giving it back gives nothing back.
    await giveBackUse(w.store, 'HIVER10', 'run-c', 'ord-c', now);
    expect(w.promo.uses).toBe(2);
    await giveBackUse(w.store, 'HIVER10', 'run-a', 'ord-a', now);
    expect(w.promo.uses).toBe(1);
    await countUse(w.store, limited, 'run-e', 'ord-e', now);
    expect(w.promo.uses).toBe(2);
  });
  it('a give-back of an attempt that never counted leaves a tombstone a late count cannot pass', async () => {
    const w = world();
    await giveBackUse(w.store, 'HIVER10', 'run-1', 'ord-1', now);
    await expect(countUse(w.store, code, 'run-1', 'ord-1', now)).rejects.toMatchObject({
      code: 'interrupted',
    });
    expect(w.promo.uses).toBe(0);
  });
});

describe('FailOrder gives the attempt’s use back', () => {
  it('once, however often the saga or the recovery runs it', async () => {
    const w = world(code.usageLimit);
    await countUse(w.store, code, 'ord-1#1', 'ord-1', now);
    const finished: Order[] = [];
    const unused = () => Promise.reject(new Error('a failed order gets no receipt number'));
    const deps: SalesSagaDeps = {
      receipts: { counter: unused, advance: unused, record: unused, find: unused },
      orders: {
        finish: async (id: string, attempt: number, _lease: string, outcome: Outcome) => {
          const order = {
            id,
            attempt,
            channel: 'web',
            locationId: 'warehouse',
            status: outcome.status,
            failure: outcome.failure,
            payment: outcome.payment,
            lines: [],
            returns: [],
            steps: outcome.steps,
            createdAt: now(),
            updatedAt: outcome.at,
          } as unknown as Order;
          finished.push(order);
          return order;
        },
        announced: async () => {},
      } as unknown as OrderRepository,
      carts: { settleCart: async () => {} } as unknown as CartRepository,
      payments: {} as PaymentGateway,
      events: { publish: async () => {} },
      now,
      promos: w.store,
    };
    const state = {
      correlationId: 'c-1',
      mode: 'run',
      actor: 'saga',
      order: {
        id: 'ord-1',
        attempt: 1,
        runId: 'ord-1#1',
        channel: 'web',
        locationId: 'warehouse',
        lines: [],
        subtotalCents: 1000,
        gstCents: 0,
        qstCents: 0,
        roundingCents: 0,
        totalCents: 1000,
        taxLines: [],
        promoCode: 'HIVER10',
        payment: { method: 'card' },
        createdAt: now(),
        pricedAt: now(),
        leaseUntil: now(),
      },
      error: {
        Error: 'PaymentDeclined',
        Cause: JSON.stringify({ step: 'take-payment', at: now(), detail: 'no' }),
      },
    } satisfies SagaState;
    expect(w.promo.uses).toBe(1);
    await failOrder(deps, state);
    await failOrder(deps, state);
    expect(w.promo.uses).toBe(0);
    expect(w.claims.get('ord-1#1')).toBe('returned');
    expect(finished.map((o) => o.status)).toEqual(['failed', 'failed']);
  });
});
