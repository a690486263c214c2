import { describe, expect, it } from 'vitest';
import { RuleViolation } from '#domain/shared/errors.ts';
import { parkBasket } from '#domain/sales/parked.ts';
import { defaultReturnLimitCents, returnLimitFrom, returnNeedsApproval } from '#domain/sales/returns.ts';

describe("the till's return limit", () => {
  it('is 50 $ unless the install sets a whole number of cents', () => {
    expect(defaultReturnLimitCents).toBe(5000);
    expect(returnLimitFrom(undefined)).toBe(5000);
    expect(returnLimitFrom('')).toBe(5000);
    expect(returnLimitFrom('abc')).toBe(5000);
    expect(returnLimitFrom('-1')).toBe(5000);
    expect(returnLimitFrom('12.5')).toBe(5000);
    expect(returnLimitFrom('0')).toBe(0);
    expect(returnLimitFrom('2500')).toBe(2500);
  });

  it('asks for an approval only above the limit', () => {
    expect(returnNeedsApproval({ amountCents: 5000 }, 5000)).toBe(false);
    expect(returnNeedsApproval({ amountCents: 5001 }, 5000)).toBe(true);
    expect(returnNeedsApproval({ amountCents: 1 }, 0)).toBe(true);
  });
});

describe('a parked basket', () => {
  const base = {
    id: 'pb_1',
    storeId: 'store-1',
    lines: [{ productId: 'muffin', quantity: 2 }],
    parkedAt: '2026-12-01T12:00:00.000Z',
    parkedBy: 'cashier1',
  };

  it('keeps its label trimmed', () => {
    expect(parkBasket({ ...base, label: '  Client au manteau rouge ' }).label).toBe(
      'Client au manteau rouge',
    );
  });

  it('needs a label of 1 to 60 characters', () => {
    expect(() => parkBasket({ ...base, label: '   ' })).toThrow(RuleViolation);
    expect(() => parkBasket({ ...base, label: 'x'.repeat(61) })).toThrow(RuleViolation);
    expect(parkBasket({ ...base, label: 'x'.repeat(60) }).label).toHaveLength(60);
  });
});
