import { describe, expect, it } from 'vitest';
import { ConflictError, DomainError, RuleViolation } from '#domain/shared/errors.ts';
import type { Order } from '#domain/sales/order.ts';
import { priceBasket } from '#domain/sales/pricing.ts';
import { completeReturn, planReturn, refundedSoFar } from '#domain/sales/returns.ts';

function confirmed(method: 'cash' | 'card'): Order {
  const priced = priceBasket({
    lines: [
      { productId: 'baguette', quantity: 3 },
      { productId: 'beurre', quantity: 1 },
    ],
    catalog: [
      { productId: 'baguette', name: 'Baguette', priceCents: 333 },
      { productId: 'beurre', name: 'Beurre', priceCents: 599 },
    ],
    method,
  });
  const lines = priced.lines.map((l) => ({ ...l, returnedQuantity: 0 }));
  const { lines: _lines, ...totals } = priced;
  return {
    id: 'ord_1',
    channel: 'pos',
    locationId: 'store-1',
    status: 'confirmed',
    lines,
    ...totals,
    payment: { method, status: 'captured', amountCents: totals.totalCents, refundedCents: 0 },
    steps: [],
    returns: [],
    attempt: 1,
    createdAt: '2026-01-05T13:00:00.000Z',
    updatedAt: '2026-01-05T13:00:00.000Z',
    version: 1,
  };
}

const at = '2026-01-06T10:00:00.000Z';

describe('returns', () => {
  it('refunds a partial return: units × price plus each tax half up', () => {
    const { order, orderReturn } = planReturn(
      confirmed('card'),
      [{ productId: 'baguette', quantity: 1 }],
      'r1',
      at,
    );
    // 3.33 $ + GST 0.17 $ (16.65 ¢ → 17) + QST 0.33 $ (33.2 ¢ → 33)
    expect(orderReturn.amountCents).toBe(383);
    // Recorded pending: its units are taken (no other return can take them), the order unchanged until completed.
    expect(orderReturn.status).toBe('pending');
    expect(order.status).toBe('confirmed');
    expect(order.lines[0]!.returnedQuantity).toBe(1);
    const done = completeReturn(order, 'r1', at);
    expect(done.status).toBe('partially-returned');
    expect(done.returns[0]!.status).toBe('completed');
    expect(done.payment).toMatchObject({ refundedCents: 383, status: 'partially-refunded' });
  });

  it('rounds partial cash refunds to 5 ¢ and refunds exactly the rest on the last return', () => {
    let order = confirmed('cash');
    const paid = order.payment.amountCents;
    expect(paid % 5).toBe(0);
    const first = planReturn(order, [{ productId: 'baguette', quantity: 1 }], 'r1', at);
    expect(first.orderReturn.amountCents).toBe(385);
    order = completeReturn(first.order, 'r1', at);
    const second = planReturn(order, [{ productId: 'baguette', quantity: 1 }], 'r2', at);
    order = completeReturn(second.order, 'r2', at);
    const last = planReturn(
      order,
      [
        { productId: 'baguette', quantity: 1 },
        { productId: 'beurre', quantity: 1 },
      ],
      'r3',
      at,
    );
    expect(last.order.status).toBe('partially-returned');
    const all = completeReturn(last.order, 'r3', at);
    expect(all.status).toBe('returned');
    expect(all.payment).toMatchObject({ refundedCents: paid, status: 'refunded' });
    expect(refundedSoFar(last.order)).toBe(paid);
  });

  it('never returns more than was sold, counting earlier returns', () => {
    const once = planReturn(confirmed('card'), [{ productId: 'baguette', quantity: 2 }], 'r1', at).order;
    expect(() => planReturn(once, [{ productId: 'baguette', quantity: 2 }], 'r2', at)).toThrow(DomainError);
    try {
      planReturn(once, [{ productId: 'baguette', quantity: 2 }], 'r2', at);
    } catch (e) {
      expect((e as DomainError).code).toBe('over-return');
      expect((e as DomainError).details.lines).toEqual([
        { productId: 'baguette', requested: 2, returnable: 1 },
      ]);
    }
    expect(() => planReturn(once, [{ productId: 'fromage', quantity: 1 }], 'r2', at)).toThrow(RuleViolation);
  });

  it('refuses returns on orders that are not confirmed', () => {
    const failed = { ...confirmed('card'), status: 'failed' as const };
    expect(() => planReturn(failed, [{ productId: 'baguette', quantity: 1 }], 'r1', at)).toThrow(
      ConflictError,
    );
    const all = completeReturn(
      planReturn(
        confirmed('card'),
        [
          { productId: 'baguette', quantity: 3 },
          { productId: 'beurre', quantity: 1 },
        ],
        'r1',
        at,
      ).order,
      'r1',
      at,
    );
    expect(all.status).toBe('returned');
    expect(() => planReturn(all, [{ productId: 'beurre', quantity: 1 }], 'r2', at)).toThrow(ConflictError);
  });
});
