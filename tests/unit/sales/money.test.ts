import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gstRate, qstRate, roundCash, taxOn, totalsOf } from '#domain/sales/money.ts';

describe('Québec taxes in cents', () => {
  it('computes GST 5 % and QST 9.975 % each on the pre-tax subtotal', () => {
    expect(totalsOf(10_000, 'card')).toEqual({
      subtotalCents: 10_000,
      gstCents: 500,
      qstCents: 998, // 997.5 ¢ → 998 ¢
      roundingCents: 0,
      totalCents: 11_498,
    });
  });

  it('rounds each tax half up to the cent, at the boundaries', () => {
    expect(taxOn(10, gstRate)).toBe(1); // 0.5 ¢ → 1
    expect(taxOn(9, gstRate)).toBe(0); // 0.45 ¢ → 0
    expect(taxOn(30, gstRate)).toBe(2); // 1.5 ¢ → 2
    expect(taxOn(5, qstRate)).toBe(0); // 0.49875 ¢ → 0
    expect(taxOn(6, qstRate)).toBe(1); // 0.5985 ¢ → 1
    expect(taxOn(200, qstRate)).toBe(20); // 19.95 ¢ → 20
    expect(taxOn(2000, qstRate)).toBe(200); // 199.5 ¢ → 200 (exactly half: up)
    expect(taxOn(0, qstRate)).toBe(0);
  });

  it('never loses precision on large amounts', () => {
    expect(taxOn(9_007_199_254_740_991, gstRate)).toBe(450_359_962_737_050);
  });

  it('stays within half a cent of the exact tax (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), (cents) => {
        for (const [rate, exact] of [
          [gstRate, (cents * 5) / 100],
          [qstRate, (cents * 9975) / 100_000],
        ] as const) {
          const t = taxOn(cents, rate);
          expect(Math.abs(t - exact)).toBeLessThanOrEqual(0.5 + 1e-9);
          expect(t - exact === -0.5).toBe(false); // a half is always rounded up
        }
      }),
    );
  });

  it('rejects negative or fractional amounts', () => {
    expect(() => taxOn(-1, gstRate)).toThrow(RangeError);
    expect(() => taxOn(1.5, gstRate)).toThrow(RangeError);
  });
});

describe('cash rounding to the nearest 5 ¢', () => {
  it.each([
    [100, 100],
    [101, 100],
    [102, 100],
    [103, 105],
    [104, 105],
    [105, 105],
    [106, 105],
    [107, 105],
    [108, 110],
    [109, 110],
    [0, 0],
    [1, 0],
    [3, 5],
  ])('%i ¢ → %i ¢', (cents, rounded) => {
    expect(roundCash(cents)).toBe(rounded);
  });

  it('rounds cash totals but never card totals, and never the taxes', () => {
    const cash = totalsOf(333, 'cash');
    expect(cash).toEqual({
      subtotalCents: 333,
      gstCents: 17,
      qstCents: 33,
      roundingCents: 2,
      totalCents: 385,
    });
    expect(totalsOf(333, 'card').totalCents).toBe(383);
    const down = totalsOf(100, 'cash'); // 100 + 5 + 10 = 115, already a multiple of 5
    expect(down).toMatchObject({ roundingCents: 0, totalCents: 115 });
    expect(totalsOf(1, 'cash')).toMatchObject({ gstCents: 0, qstCents: 0, totalCents: 0, roundingCents: -1 });
  });

  it('moves a cash total by at most 2 ¢ to a multiple of 5 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (subtotal) => {
        const t = totalsOf(subtotal, 'cash');
        expect(t.totalCents % 5).toBe(0);
        expect(Math.abs(t.roundingCents)).toBeLessThanOrEqual(2);
        expect(t.totalCents).toBe(t.subtotalCents + t.gstCents + t.qstCents + t.roundingCents);
      }),
    );
  });
});
