import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Order } from '#domain/sales/order.ts';
import type { ReceiptCounter } from '#domain/sales/receipt.ts';
import type { OrderRepository } from '#functions/sales/adapters/order-repository.ts';
import type { ReceiptBook } from '#functions/sales/adapters/receipt-book.ts';
import { numberReceipt } from '#functions/sales/receipts.ts';
import { Crash, crashSwitch } from '../../support/crash.ts';

/**
 * Receipt numbers against in-memory ports that behave like the DynamoDB adapters (conditional
 * updates) and can fail at any call, before or after its effect, as a Lambda can die at any point:
 * retrying until it succeeds gives every sale exactly one number, 1…n per till with no gap, and the
 * lookup by number finds the sale.
 */
function world() {
  const orders = new Map<string, Order>();
  const counters = new Map<string, ReceiptCounter>();
  const receipts = new Map<string, string>();
  const crash = crashSwitch();
  const { step } = crash;
  const clone = <T>(v: T): T => (v === undefined ? v : structuredClone(v));
  const orderRepo = {
    get: (id: string) => step(() => clone(orders.get(id))),
    setReceipt: (id: string, receiptNumber: string) =>
      step(() => {
        const cur = orders.get(id);
        if (cur && !cur.receiptNumber) orders.set(id, { ...cur, receiptNumber, version: cur.version + 1 });
        return clone(orders.get(id));
      }),
  } as unknown as OrderRepository;
  const book: ReceiptBook = {
    counter: (s, r) => step(() => counters.get(`${s}#${r}`) ?? { n: 0 }),
    advance: (s, r, seen, orderId) =>
      step(() => {
        if ((counters.get(`${s}#${r}`)?.n ?? 0) !== seen.n) return false;
        counters.set(`${s}#${r}`, { n: seen.n + 1, orderId });
        return true;
      }),
    record: (no, orderId) => step(() => void receipts.set(no, orderId)),
    find: (no) => step(() => receipts.get(no)),
  };
  const sale = (id: string, registerId: string | undefined, status: Order['status'] = 'confirmed') => {
    const o = {
      id,
      channel: 'pos',
      locationId: 'store-1',
      status,
      ...(registerId ? { registerId, sessionId: 'ses_1' } : {}),
      version: 3,
    } as unknown as Order;
    orders.set(id, o);
    return o;
  };
  return {
    orders,
    receipts,
    deps: { orders: orderRepo, receipts: book },
    sale,
    crashAt: crash.crashAt,
    noCrash: crash.noCrash,
  };
}

/** Runs numberReceipt until it succeeds (each crash is a dead Lambda; the retry starts again from the order). */
async function untilDone(w: ReturnType<typeof world>, order: Order): Promise<Order> {
  for (let i = 0; ; i++) {
    try {
      return await numberReceipt(w.deps, order);
    } catch (e) {
      if (!(e instanceof Crash) || i > 20) throw e;
      w.noCrash();
    }
  }
}

describe('receipt numbers at a till', () => {
  it('number the sales of a till 1, 2, 3 as <store>-<register>-<n>; a retry keeps the number', async () => {
    const w = world();
    const first = w.sale('ord_a', 'till-1');
    const a = await numberReceipt(w.deps, first);
    const b = await numberReceipt(w.deps, w.sale('ord_b', 'till-1'));
    const c = await numberReceipt(w.deps, w.sale('ord_c', 'till-2'));
    expect([a.receiptNumber, b.receiptNumber, c.receiptNumber]).toEqual([
      'store-1-till-1-1',
      'store-1-till-1-2',
      'store-1-till-2-1',
    ]);
    // A retry holding the order as it was before it was numbered (a redelivered step) keeps its number.
    expect((await numberReceipt(w.deps, first)).receiptNumber).toBe('store-1-till-1-1');
    expect(w.orders.get('ord_c')?.receiptNumber).toBe('store-1-till-2-1');
    expect(w.receipts.get('store-1-till-1-2')).toBe('ord_b');
  });

  it('give no number to a sale naming no till, nor to a failed sale', async () => {
    const w = world();
    expect((await numberReceipt(w.deps, w.sale('ord_api', undefined))).receiptNumber).toBeUndefined();
    expect((await numberReceipt(w.deps, w.sale('ord_x', 'till-1', 'failed'))).receiptNumber).toBeUndefined();
    expect((await numberReceipt(w.deps, w.sale('ord_ok', 'till-1'))).receiptNumber).toBe('store-1-till-1-1');
  });

  it('a crash before or after any call of any sale: every sale one number, no gap, none twice', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ at: fc.nat(12), after: fc.boolean(), crash: fc.boolean() }), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.boolean(),
        async (sales, interleave) => {
          const w = world();
          const orders = sales.map((_, i) => w.sale(`ord_${i}`, 'till-1'));
          // A sale that dies may be retried only after the next sale ran (another sale takes the next number meanwhile).
          const retries: Order[] = [];
          for (const [i, s] of sales.entries()) {
            if (s.crash) w.crashAt(s.at, s.after);
            try {
              await numberReceipt(w.deps, orders[i]!);
            } catch (e) {
              if (!(e instanceof Crash)) throw e;
              if (interleave) retries.push(orders[i]!);
              else await untilDone(w, orders[i]!);
            }
            w.noCrash();
          }
          for (const o of retries) await untilDone(w, o);
          const numbers = [...w.orders.values()].map((o) => o.receiptNumber);
          expect(new Set(numbers).size).toBe(sales.length);
          expect(numbers.map((n) => Number(n?.split('-').at(-1))).sort((x, y) => x - y)).toEqual(
            sales.map((_, i) => i + 1),
          );
          for (const o of w.orders.values()) expect(w.receipts.get(o.receiptNumber!)).toBe(o.id);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('two sales numbered at once on one till get two numbers in a row', async () => {
    const w = world();
    const [a, b] = await Promise.all([
      numberReceipt(w.deps, w.sale('ord_a', 'till-1')),
      numberReceipt(w.deps, w.sale('ord_b', 'till-1')),
    ]);
    expect([a.receiptNumber, b.receiptNumber].sort()).toEqual(['store-1-till-1-1', 'store-1-till-1-2']);
  });
});
