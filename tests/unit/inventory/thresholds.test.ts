import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultThresholds, type Thresholds } from '#domain/inventory/stock.ts';
import { alertStateOf, crossing, type StockSignal } from '#domain/inventory/thresholds.ts';
import { stockStatus } from '#domain/inventory/stock.ts';

describe('crossing: what a change of available units announces (defaults out 0, low < 15, reorder < 25, over > 65)', () => {
  it.each<[number, number, StockSignal[]]>([
    [15, 14, ['StockLevelChanged', 'StockLow']],
    [14, 13, []],
    [14, 15, ['StockLevelChanged', 'StockBackToNormal']],
    [1, 0, ['StockLevelChanged', 'StockOut']],
    [0, 1, ['StockLevelChanged', 'StockLow']],
    [65, 66, ['StockLevelChanged', 'Overstock']],
    [66, 67, []],
    [66, 65, ['StockLevelChanged', 'StockBackToNormal']],
    [25, 24, ['StockLevelChanged']],
    [24, 25, ['StockLevelChanged']],
    [30, 20, ['StockLevelChanged']],
    [20, 30, ['StockLevelChanged']],
    [40, 0, ['StockLevelChanged', 'StockOut']],
    [3, 70, ['StockLevelChanged', 'Overstock']],
    [70, 5, ['StockLevelChanged', 'StockLow']],
    [40, 40, []],
  ])('%i → %i announces %j', (before, after, signals) => {
    expect(crossing(before, after, defaultThresholds).signals).toEqual(signals);
  });

  it('uses the thresholds of the (location, product)', () => {
    const t: Thresholds = { low: 5, reorder: 8, over: 20 };
    expect(crossing(5, 4, t).signals).toEqual(['StockLevelChanged', 'StockLow']);
    expect(crossing(15, 14, t).signals).toEqual([]);
    expect(crossing(20, 21, t).signals).toEqual(['StockLevelChanged', 'Overstock']);
  });

  it('names the statuses before and after', () => {
    expect(crossing(15, 14, defaultThresholds)).toMatchObject({ previousStatus: 'reorder', status: 'low' });
  });
});

describe('crossing when the thresholds change and no unit moves (a `thresholds` movement)', () => {
  const raisedLow: Thresholds = { low: 30, reorder: 30, over: 65 };

  it('20 units, low raised from 15 to 30: now low, StockLow announced once', () => {
    const c = crossing(20, 20, raisedLow, defaultThresholds);
    expect(c).toMatchObject({ previousStatus: 'reorder', status: 'low' });
    expect(c.signals).toEqual(['StockLevelChanged', 'StockLow']);
  });

  it('20 units, low back from 30 to 15: StockBackToNormal', () => {
    const c = crossing(20, 20, defaultThresholds, raisedLow);
    expect(c).toMatchObject({ previousStatus: 'low', status: 'reorder' });
    expect(c.signals).toEqual(['StockLevelChanged', 'StockBackToNormal']);
  });

  it('a change that keeps the status announces nothing', () => {
    expect(crossing(40, 40, { low: 10, reorder: 20, over: 80 }, defaultThresholds).signals).toEqual([]);
    expect(crossing(20, 20, { low: 12, reorder: 30, over: 65 }, defaultThresholds).signals).toEqual([]);
  });

  it('over lowered under the level: Overstock; the same thresholds again: nothing', () => {
    const lowOver: Thresholds = { low: 15, reorder: 25, over: 30 };
    expect(crossing(40, 40, lowOver, defaultThresholds).signals).toEqual(['StockLevelChanged', 'Overstock']);
    expect(crossing(40, 40, lowOver, lowOver).signals).toEqual([]);
  });

  it('a reorder-only change announces StockLevelChanged without an alert event', () => {
    expect(crossing(20, 20, { low: 15, reorder: 18, over: 65 }, defaultThresholds).signals).toEqual([
      'StockLevelChanged',
    ]);
  });
});

describe('crossing over any walk of levels (property)', () => {
  const walk = fc.tuple(
    fc.integer({ min: 0, max: 90 }),
    fc.array(fc.integer({ min: -30, max: 30 }), { maxLength: 60 }),
  );
  const levelsOf = ([start, steps]: [number, number[]]) =>
    steps.reduce((ls, d) => [...ls, Math.max(0, ls[ls.length - 1]! + d)], [start]);

  it('announces each change of alert state exactly once, and nothing while the state stays', () => {
    fc.assert(
      fc.property(walk, (w) => {
        const levels = levelsOf(w);
        const alerts: string[] = [];
        let changes = 0;
        for (let i = 1; i < levels.length; i++) {
          const signals = crossing(levels[i - 1]!, levels[i]!, defaultThresholds).signals;
          alerts.push(...signals.filter((s) => s !== 'StockLevelChanged'));
          const [a, b] = [levels[i - 1]!, levels[i]!].map((l) => alertStateOf(stockStatus(l)));
          if (a !== b) changes++;
          expect(signals.includes('StockLevelChanged')).toBe(
            stockStatus(levels[i - 1]!) !== stockStatus(levels[i]!),
          );
        }
        expect(alerts).toHaveLength(changes);
        // Two alert events in a row never say the same thing.
        for (let i = 1; i < alerts.length; i++) expect(alerts[i]).not.toBe(alerts[i - 1]);
      }),
    );
  });
});
