import { describe, expect, it } from 'vitest';
import { defaultDiscountLimit, discountLimitFrom, needsApproval } from '#domain/sales/discounts.ts';

describe("the till's discount limit", () => {
  it.each([
    ['no discount', 0, 10_000, false],
    ['10 $ off 100 $ (10 %, at the amount limit)', 1000, 10_000, false],
    ['10.01 $ off 100 $: above 10 $', 1001, 10_000, true],
    ['20 % exactly of 25 $ (5 $)', 500, 2500, false],
    ['one cent above 20 % of 25 $', 501, 2500, true],
    ['2 $ off 5 $ (40 %), under 10 $ but above 20 %', 200, 500, true],
  ])('%s', (_what, discountCents, subtotalCents, expected) => {
    expect(needsApproval({ discountCents, subtotalCents }, defaultDiscountLimit)).toBe(expected);
  });

  it('is configurable per install, keeping the default for an unreadable setting', () => {
    expect(discountLimitFrom({ percent: '15', cents: '500' })).toEqual({ percent: 15, amountCents: 500 });
    expect(discountLimitFrom({ percent: 'abc', cents: '-1' })).toEqual(defaultDiscountLimit);
    expect(discountLimitFrom({})).toEqual({ percent: 20, amountCents: 1000 });
    expect(
      needsApproval({ discountCents: 600, subtotalCents: 10_000 }, { percent: 15, amountCents: 500 }),
    ).toBe(true);
  });
});
