import { describe, expect, it } from 'vitest';
import { RuleViolation } from '#domain/shared/errors.ts';
import { mergeLines } from '#domain/sales/order.ts';

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
});
