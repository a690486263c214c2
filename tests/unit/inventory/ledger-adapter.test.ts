import { describe, expect, it } from 'vitest';
import type { Movement } from '#domain/inventory/movement.ts';
import { defaultThresholds } from '#domain/inventory/stock.ts';
import { combine, updateInput } from '#functions/adapters/update-parts.ts';
import { eventsOf, pendingOf, StockLedger } from '#functions/inventory/adapters/ledger.ts';

const ledger = new StockLedger(
  'inventory-table',
  { publish: async () => {} },
  () => new Date('2026-11-25T12:00:00.000Z'),
);

describe('StockLedger.movementParts: the outbox rides on the stock write', () => {
  it("adds seq, the outbox, the pending mark and its guard to the caller's update, built from parts", () => {
    const input = updateInput(
      't',
      { pk: 'LOCATION#store-1', sk: 'STOCK#coffee' },
      combine(
        {
          set: ['onHand = onHand - :q', 'reserved = reserved - :q'],
          remove: ['#hold'],
          conditions: ['#hold.q = :q'],
          names: { '#hold': 'hold#o1' },
          values: { ':q': 2 },
        },
        ledger.movementParts(
          { kind: 'sale', quantity: 2, reference: 'o1' },
          '2026-11-25T12:00:00.000Z',
          true,
        ),
      ),
      'ALL_NEW',
    );
    expect(input.UpdateExpression).toMatch(
      /^SET onHand = onHand - :q, reserved = reserved - :q, #mvSeq = if_not_exists\(#mvSeq, :mvZero\) \+ :mvOne, .*#mvPk = :mvPending, #mvSk = if_not_exists\(#mvSk, :mvAt\) REMOVE #hold$/,
    );
    expect(input.ConditionExpression).toBe(
      '(#hold.q = :q) AND (attribute_not_exists(#mvM)) AND (attribute_not_exists(#mvAt) OR #mvAt < :mvAt)',
    );
    expect(input.ExpressionAttributeNames).toMatchObject({
      '#hold': 'hold#o1',
      '#mvM': 'mv#sale#o1',
      '#mvS': 'mvs#sale#o1',
      '#mvPk': 'gsi2pk',
    });
    expect(input.ExpressionAttributeValues).toMatchObject({
      ':q': 2,
      ':mvDO': -2,
      ':mvDR': -2,
      ':mvPending': 'PENDING#OUTBOX',
      ':mvM': {
        movementId: 'sale#o1',
        kind: 'sale',
        quantity: 2,
        reference: 'o1',
        deferred: true,
        at: '2026-11-25T12:00:00.000Z',
      },
    });
    expect(input.ReturnValues).toBe('ALL_NEW');
  });

  it('refuses parts that give one expression name two meanings', () => {
    expect(() =>
      combine({ set: ['#a = :x'], names: { '#a': 'one' } }, { set: ['#a = :y'], names: { '#a': 'two' } }),
    ).toThrow(/disagree/);
  });
});

describe('pendingOf: outboxes a stock item still carries', () => {
  it('rebuilds the movements, in seq order, with their resulting levels', () => {
    const item = {
      locationId: 'store-1',
      productId: 'coffee',
      'mv#reserve#o1': {
        movementId: 'reserve#o1',
        kind: 'reserve',
        quantity: 2,
        delta: { onHand: 0, reserved: 2 },
        reference: 'o1',
        correlationId: 'c',
        at: 't',
      },
      'mvs#reserve#o1': 8,
      'mvo#reserve#o1': 20,
      'mvr#reserve#o1': 2,
      'mv#return#r1': {
        movementId: 'return#r1',
        kind: 'return',
        quantity: 1,
        delta: { onHand: 1, reserved: 0 },
        reference: 'r1',
        correlationId: 'c',
        at: 't',
      },
      'mvs#return#r1': 7,
      'mvo#return#r1': 20,
      'mvr#return#r1': 0,
    };
    expect(pendingOf(item).map((m) => [m.seq, m.kind, m.available])).toEqual([
      [7, 'return', 20],
      [8, 'reserve', 18],
    ]);
  });
});

describe('eventsOf: what a recorded movement announces', () => {
  const movement = (available: number, deltaAvailable: number): Movement => ({
    locationId: 'store-1',
    productId: 'coffee',
    seq: 3,
    movementId: 'reserve#o1',
    kind: 'reserve',
    quantity: -deltaAvailable,
    delta: { onHand: 0, reserved: -deltaAvailable },
    onHand: 40,
    reserved: 40 - available,
    available,
    reference: 'o1',
    correlationId: 'c1',
    at: '2026-11-25T12:00:00.000Z',
  });

  it('a reservation from 15 to 14 announces StockLevelChanged and StockLow, with the correlation id', () => {
    const events = eventsOf(movement(14, -1), 'Café', defaultThresholds);
    expect(events.map((e) => e.detailType)).toEqual(['StockLevelChanged', 'StockLow']);
    expect(events[1]!.detail).toMatchObject({
      level: 14,
      previousStatus: 'reorder',
      status: 'low',
      correlationId: 'c1',
      name: 'Café',
    });
    expect(events[0]!.detail).toMatchObject({
      previousLevel: 15,
      level: 14,
      seq: 3,
      movementKind: 'reserve',
      reference: 'o1',
    });
  });

  it('a reservation from 14 to 13 announces nothing', () => {
    expect(eventsOf(movement(13, -1), 'Café', defaultThresholds)).toEqual([]);
  });

  it('a thresholds change rates the same level with the old then the new thresholds', () => {
    const raised = { low: 30, reorder: 30, over: 65 };
    const change: Movement = {
      ...movement(20, 0),
      movementId: 'thresholds#thr-1',
      kind: 'thresholds',
      quantity: 0,
      delta: { onHand: 0, reserved: 0 },
      reference: 'thr-1',
      previousThresholds: defaultThresholds,
      thresholds: raised,
    };
    // The item's thresholds when recorded may be newer still: the movement's own win.
    const events = eventsOf(change, 'Café', { low: 1, reorder: 2, over: 3 });
    expect(events.map((e) => e.detailType)).toEqual(['StockLevelChanged', 'StockLow']);
    expect(events[0]!.detail).toMatchObject({
      previousLevel: 20,
      level: 20,
      previousStatus: 'reorder',
      status: 'low',
      thresholds: raised,
      movementKind: 'thresholds',
    });
    const back: Movement = { ...change, previousThresholds: raised, thresholds: defaultThresholds };
    expect(eventsOf(back, 'Café', defaultThresholds).map((e) => e.detailType)).toEqual([
      'StockLevelChanged',
      'StockBackToNormal',
    ]);
  });
});
