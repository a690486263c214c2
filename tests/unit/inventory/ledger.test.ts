import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLedger } from '#domain/inventory/ledger-check.ts';
import {
  apply,
  availableOf,
  deltaOf,
  isValidLevel,
  movementIdOf,
  type Levels,
  type Movement,
  type MovementKind,
} from '#domain/inventory/movement.ts';

describe('deltaOf: what each movement kind changes', () => {
  it.each<[MovementKind, number, Levels, number]>([
    ['reserve', 3, { onHand: 0, reserved: 3 }, -3],
    ['release', 3, { onHand: 0, reserved: -3 }, 3],
    ['sale', 3, { onHand: -3, reserved: -3 }, 0],
    ['return', 3, { onHand: 3, reserved: 0 }, 3],
    ['replenishment-out', 3, { onHand: -3, reserved: 0 }, -3],
    ['replenishment-in', 3, { onHand: 3, reserved: 0 }, 3],
    ['adjustment', -2, { onHand: -2, reserved: 0 }, -2],
    ['thresholds', 0, { onHand: 0, reserved: 0 }, 0],
  ])('%s of %i changes onHand/reserved by %j and the available level by %i', (kind, q, delta, avail) => {
    expect(deltaOf(kind, q)).toEqual(delta);
    expect(availableOf(delta)).toBe(avail);
  });
});

/**
 * A pure model of the stock writes: each operation is applied only when its conditional write
 * would succeed (0 ≤ reserved ≤ onHand), and each applied one is a movement.
 */
type Op =
  | { t: 'sale'; q: number; commit: boolean }
  | { t: 'return'; q: number }
  | { t: 'replenish'; q: number }
  | { t: 'adjust'; q: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ t: fc.constant('sale' as const), q: fc.integer({ min: 1, max: 12 }), commit: fc.boolean() }),
  fc.record({ t: fc.constant('return' as const), q: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ t: fc.constant('replenish' as const), q: fc.integer({ min: 1, max: 40 }) }),
  fc.record({
    t: fc.constant('adjust' as const),
    q: fc.integer({ min: -10, max: 10 }).filter((n) => n !== 0),
  }),
);

function simulate(start: Record<string, Levels>, ops: Op[]) {
  const levels = { ...start };
  const seqs: Record<string, number> = { store: 0, warehouse: 0 };
  const ledger: Movement[] = [];
  const move = (loc: string, kind: MovementKind, q: number, ref: string): boolean => {
    const after = apply(levels[loc]!, deltaOf(kind, q));
    if (!isValidLevel(after)) return false;
    levels[loc] = after;
    seqs[loc]! += 1;
    ledger.push({
      locationId: loc,
      productId: 'p',
      seq: seqs[loc]!,
      movementId: movementIdOf(kind, ref),
      kind,
      quantity: q,
      delta: deltaOf(kind, q),
      ...after,
      available: availableOf(after),
      reference: ref,
      correlationId: 'c',
      at: '2026-11-25T12:00:00.000Z',
    });
    return true;
  };
  ops.forEach((o, i) => {
    const ref = `r${i}`;
    if (o.t === 'sale') {
      if (move('store', 'reserve', o.q, ref)) move('store', o.commit ? 'sale' : 'release', o.q, ref);
    } else if (o.t === 'return') move('store', 'return', o.q, ref);
    else if (o.t === 'replenish') {
      if (move('warehouse', 'replenishment-out', o.q, ref)) move('store', 'replenishment-in', o.q, ref);
    } else move('store', 'adjustment', o.q, ref);
  });
  return { levels, ledger };
}

describe('checkLedger: initial stock + movements = current level', () => {
  const start = { store: { onHand: 20, reserved: 0 }, warehouse: { onHand: 200, reserved: 0 } };

  it('holds after any mix of sales, returns, replenishments and adjustments (property)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const { levels, ledger } = simulate(start, ops);
        for (const loc of ['store', 'warehouse']) {
          const mine = ledger.filter((m) => m.locationId === loc);
          expect(checkLedger({ ...start[loc as 'store']!, seq: 0 }, mine, levels[loc]!)).toEqual([]);
        }
        // Units are neither lost nor created: store + warehouse only change by sales, returns and adjustments.
        const external = ledger
          .filter((m) => m.kind === 'sale' || m.kind === 'return' || m.kind === 'adjustment')
          .reduce((n, m) => n + m.delta.onHand, 0);
        expect(levels.store!.onHand + levels.warehouse!.onHand).toBe(220 + external);
      }),
    );
  });

  it('finds a movement missing from the ledger, a wrong recorded level and a stock that drifted', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 5, maxLength: 40 }), (ops) => {
        const { levels, ledger } = simulate(start, ops);
        const mine = ledger.filter((m) => m.locationId === 'store');
        fc.pre(mine.length >= 2);
        const initial = { ...start.store, seq: 0 };
        expect(checkLedger(initial, mine.slice(1), levels.store!)).not.toEqual([]);
        const wrong = mine.map((m, i) => (i === 0 ? { ...m, onHand: m.onHand + 1 } : m));
        expect(checkLedger(initial, wrong, levels.store!)).not.toEqual([]);
        expect(
          checkLedger(initial, mine, { ...levels.store!, onHand: levels.store!.onHand + 1 }),
        ).not.toEqual([]);
      }),
    );
  });
});

describe('checkLedger: thresholds changes in the ledger', () => {
  const base = {
    locationId: 'store',
    productId: 'p',
    reference: 'r',
    correlationId: 'c',
    at: '2026-11-25T12:00:00.000Z',
  };
  const sale: Movement = {
    ...base,
    seq: 1,
    movementId: 'adjustment#a1',
    kind: 'adjustment',
    quantity: -5,
    delta: { onHand: -5, reserved: 0 },
    onHand: 15,
    reserved: 0,
    available: 15,
  };
  const change = (delta: Levels): Movement => ({
    ...base,
    seq: 2,
    movementId: 'thresholds#t1',
    kind: 'thresholds',
    quantity: 0,
    delta,
    onHand: 15 + delta.onHand,
    reserved: delta.reserved,
    available: 15 + delta.onHand - delta.reserved,
    previousThresholds: { low: 15, reorder: 25, over: 65 },
    thresholds: { low: 30, reorder: 30, over: 65 },
  });

  it('accepts a thresholds movement between stock movements: it changes no level', () => {
    expect(
      checkLedger({ onHand: 20, reserved: 0, seq: 0 }, [sale, change({ onHand: 0, reserved: 0 })], {
        onHand: 15,
        reserved: 0,
      }),
    ).toEqual([]);
  });

  it('flags a thresholds movement that claims to move units', () => {
    expect(
      checkLedger({ onHand: 20, reserved: 0, seq: 0 }, [sale, change({ onHand: 1, reserved: 0 })], {
        onHand: 16,
        reserved: 0,
      }),
    ).toEqual([{ seq: 2, problem: 'a thresholds change moves no unit' }]);
  });
});
