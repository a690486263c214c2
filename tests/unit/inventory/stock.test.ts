import { describe, expect, it } from 'vitest';
import {
  available,
  checkThresholds,
  defaultThresholds,
  stockStatus,
  suggestedReorderQuantity,
  type Thresholds,
} from '#domain/inventory/stock.ts';

describe('stockStatus with the default thresholds (out 0, low < 15, reorder < 25, over > 65)', () => {
  it.each([
    [-3, 'out'],
    [0, 'out'],
    [1, 'low'],
    [14, 'low'],
    [15, 'reorder'],
    [24, 'reorder'],
    [25, 'ok'],
    [65, 'ok'],
    [66, 'over'],
    [1000, 'over'],
  ])('%i units is %s', (units, expected) => {
    expect(stockStatus(units)).toBe(expected);
    expect(stockStatus(units, defaultThresholds)).toBe(expected);
  });

  it('keeps the original thresholds', () => {
    expect(defaultThresholds).toEqual({ low: 15, reorder: 25, over: 65 });
  });
});

describe('stockStatus with thresholds set for one (location, product)', () => {
  const custom: Thresholds = { low: 5, reorder: 10, over: 40 };

  it.each([
    [0, 'out'],
    [1, 'low'],
    [4, 'low'],
    [5, 'reorder'],
    [9, 'reorder'],
    [10, 'ok'],
    [40, 'ok'],
    [41, 'over'],
  ])('%i units is %s', (units, expected) => {
    expect(stockStatus(units, custom)).toBe(expected);
  });

  it('skips a level whose band is empty', () => {
    // Prepare: no "low" band (low 1), reorder equal to over
    const t: Thresholds = { low: 1, reorder: 20, over: 20 };
    // Act / Assess
    expect([0, 1, 19, 20, 21].map((u) => stockStatus(u, t))).toEqual([
      'out',
      'reorder',
      'reorder',
      'ok',
      'over',
    ]);
  });
});

describe('available', () => {
  it('is on hand minus reserved', () => {
    expect(available({ onHand: 23, reserved: 5 })).toBe(18);
    expect(available({ onHand: 2, reserved: 2 })).toBe(0);
  });

  it('drives the status: reserved units are not for sale', () => {
    expect(stockStatus(available({ onHand: 30, reserved: 10 }))).toBe('reorder');
  });
});

describe('suggestedReorderQuantity', () => {
  it.each([
    [0, 65],
    [2, 63],
    [14, 51],
    [24, 41],
    [25, 0],
    [65, 0],
    [84, 0],
  ])('at %i units suggests %i (back up to the overstock threshold)', (units, expected) => {
    expect(suggestedReorderQuantity(units)).toBe(expected);
  });

  it('counts a negative level (more reserved than on hand) as empty', () => {
    expect(suggestedReorderQuantity(-4)).toBe(65);
  });

  it('follows custom thresholds', () => {
    const t: Thresholds = { low: 5, reorder: 10, over: 40 };
    expect(suggestedReorderQuantity(9, t)).toBe(31);
    expect(suggestedReorderQuantity(10, t)).toBe(0);
  });

  it('never suggests an order that would end in overstock', () => {
    for (let units = 0; units <= 100; units++) {
      const suggested = suggestedReorderQuantity(units);
      if (suggested > 0) expect(stockStatus(units + suggested)).toBe('ok');
    }
  });
});

describe('checkThresholds', () => {
  it('accepts the defaults and ordered whole numbers, equal ones included', () => {
    expect(checkThresholds(defaultThresholds)).toBeUndefined();
    expect(checkThresholds({ low: 0, reorder: 0, over: 0 })).toBeUndefined();
    expect(checkThresholds({ low: 10, reorder: 10, over: 10 })).toBeUndefined();
  });

  it.each([
    ['a negative threshold', { low: -1, reorder: 25, over: 65 }],
    ['a fractional threshold', { low: 15, reorder: 25.5, over: 65 }],
    ['a threshold that is not a number', { low: 15, reorder: 25, over: Number.NaN }],
  ])('refuses %s', (_what, t) => {
    expect(checkThresholds(t)).toMatch(/whole, non-negative/);
  });

  it.each([
    ['low above reorder', { low: 30, reorder: 25, over: 65 }],
    ['reorder above over', { low: 15, reorder: 70, over: 65 }],
  ])('refuses %s', (_what, t) => {
    expect(checkThresholds(t)).toMatch(/low ≤ reorder ≤ over/);
  });
});
