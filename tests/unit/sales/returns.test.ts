import { describe, expect, it } from 'vitest';
import { ConflictError, DomainError, RuleViolation } from '#domain/shared/errors.ts';
import type { Order } from '#domain/sales/order.ts';
import {
  priceBasket,
  type BasketDiscount,
  type BasketLine,
  type CatalogFacts,
} from '#domain/sales/pricing.ts';
import { completeReturn, planReturn, refundedSoFar } from '#domain/sales/returns.ts';

const shelf: CatalogFacts[] = [
  { productId: 'baguette', name: 'Baguette', priceCents: 333 },
  { productId: 'beurre', name: 'Beurre', priceCents: 599 },
  { productId: 'muffin', name: 'Muffin', priceCents: 275, taxClass: 'bakery-single' },
  { productId: 'coffee', name: 'Café', priceCents: 199, taxClass: 'standard' },
  { productId: 'beans', name: 'Café en grains', priceCents: 1499, taxClass: 'zero-rated' },
];

function confirmed(
  method: 'cash' | 'card',
  basket: BasketLine[] = [
    { productId: 'baguette', quantity: 3 },
    { productId: 'beurre', quantity: 1 },
  ],
  basketDiscount?: BasketDiscount,
): Order {
  const priced = priceBasket({ lines: basket, catalog: shelf, method, basketDiscount });
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

  describe("a refund's taxes follow what the sale charged", () => {
    it('returning 1 of 6 muffins that were zero-rated together refunds no tax', () => {
      const sale = confirmed('card', [{ productId: 'muffin', quantity: 6 }]);
      expect(sale).toMatchObject({ totalCents: 1650, gstCents: 0 });
      const { orderReturn } = planReturn(sale, [{ productId: 'muffin', quantity: 1 }], 'r1', at);
      expect(orderReturn.amountCents).toBe(275);
      expect(orderReturn.taxLines).toEqual([
        { taxClass: 'bakery-single', taxableCents: 275, gstCents: 0, qstCents: 0 },
      ]);
    });

    it('returning 1 of 5 muffins that bore GST refunds its GST', () => {
      const sale = confirmed('card', [{ productId: 'muffin', quantity: 5 }]);
      // 1375 + GST 68.75 → 69
      expect(sale.totalCents).toBe(1444);
      const { orderReturn } = planReturn(sale, [{ productId: 'muffin', quantity: 1 }], 'r1', at);
      // 275 + GST 13.75 → 14
      expect(orderReturn.amountCents).toBe(289);
      expect(orderReturn.taxLines).toEqual([
        { taxClass: 'bakery-single', taxableCents: 275, gstCents: 14, qstCents: 0 },
      ]);
    });

    it('refunds the discounted price, and the last return exactly what is left per class', () => {
      let order = confirmed('card', [
        {
          productId: 'coffee',
          quantity: 2,
          discount: { kind: 'percent', percent: 10, reason: 'Client fidèle' },
        },
      ]);
      // 398 − 40 = 358 + GST 18 + QST 36
      expect(order.totalCents).toBe(412);
      const first = planReturn(order, [{ productId: 'coffee', quantity: 1 }], 'r1', at);
      // half of 358 = 179 + GST 8.95 → 9 + QST 17.86 → 18
      expect(first.orderReturn.amountCents).toBe(206);
      order = completeReturn(first.order, 'r1', at);
      const last = planReturn(order, [{ productId: 'coffee', quantity: 1 }], 'r2', at);
      expect(last.orderReturn.amountCents).toBe(206);
      expect(last.orderReturn.taxLines).toEqual([
        { taxClass: 'standard', taxableCents: 179, gstCents: 9, qstCents: 18 },
      ]);
    });

    it('a mixed basket with a basket discount: returning the beans refunds their discounted price, tax-free', () => {
      const sale = confirmed(
        'card',
        [
          { productId: 'coffee', quantity: 1 },
          { productId: 'beans', quantity: 1 },
        ],
        { kind: 'amount', amountCents: 500, reason: 'Code promo', code: 'AUTOMNE5' },
      );
      expect(sale.totalCents).toBe(1219);
      const { orderReturn } = planReturn(sale, [{ productId: 'beans', quantity: 1 }], 'r1', at);
      expect(orderReturn.amountCents).toBe(1058);
      expect(orderReturn.taxLines).toEqual([
        { taxClass: 'zero-rated', taxableCents: 1058, gstCents: 0, qstCents: 0 },
      ]);
    });
  });
});
