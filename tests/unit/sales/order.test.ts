import { describe, expect, it } from 'vitest';
import { NotFoundError, RuleViolation } from '#domain/shared/errors.ts';
import { mergeLines, priceLines, totalsOfLines } from '#domain/sales/order.ts';

describe('order lines', () => {
  it('merges lines of the same product', () => {
    expect(
      mergeLines([
        { productId: 'a', quantity: 1 },
        { productId: 'b', quantity: 2 },
        { productId: 'a', quantity: 3 },
      ]),
    ).toEqual([
      { productId: 'a', quantity: 4 },
      { productId: 'b', quantity: 2 },
    ]);
  });

  it('rejects empty baskets, zero quantities and too many units', () => {
    expect(() => mergeLines([])).toThrow(RuleViolation);
    expect(() => mergeLines([{ productId: 'a', quantity: 0 }])).toThrow(RuleViolation);
    expect(() =>
      mergeLines([
        { productId: 'a', quantity: 600 },
        { productId: 'a', quantity: 600 },
      ]),
    ).toThrow(/at most 999/);
  });

  it('prices from the catalog only and names a missing product', () => {
    const lines = priceLines(
      [{ productId: 'croissant', quantity: 3 }],
      [{ productId: 'croissant', name: 'Croissant', priceCents: 275 }],
    );
    expect(lines).toEqual([
      {
        productId: 'croissant',
        name: 'Croissant',
        quantity: 3,
        unitPriceCents: 275,
        lineTotalCents: 825,
        returnedQuantity: 0,
      },
    ]);
    expect(totalsOfLines(lines, 'card')).toMatchObject({ subtotalCents: 825, gstCents: 41, qstCents: 82 });
    expect(() => priceLines([{ productId: 'ghost', quantity: 1 }], [])).toThrow(NotFoundError);
  });
});
