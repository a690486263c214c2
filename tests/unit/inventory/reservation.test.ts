import { describe, expect, it } from 'vitest';
import { canMove, maxReservedBefore, statesAllowing } from '#domain/inventory/reservation.ts';

describe('reservation lines', () => {
  it('go held → committed or held → released, and retries are allowed', () => {
    expect(canMove(undefined, 'held')).toBe(true);
    expect(canMove('held', 'held')).toBe(true);
    expect(canMove('held', 'committed')).toBe(true);
    expect(canMove('held', 'released')).toBe(true);
    expect(canMove('committed', 'committed')).toBe(true);
  });

  it('never come back from released or committed', () => {
    expect(canMove('released', 'held')).toBe(false);
    expect(canMove('released', 'committed')).toBe(false);
    expect(canMove('committed', 'released')).toBe(false);
    expect(canMove(undefined, 'committed')).toBe(false);
    expect(canMove(undefined, 'released')).toBe(true);
    expect(statesAllowing('held')).toEqual(['held']);
    expect(statesAllowing('released')).toEqual(['held', 'released']);
  });

  it('reserve q of onHand only while reserved ≤ onHand − q', () => {
    expect(maxReservedBefore(10, 1)).toBe(9);
    expect(maxReservedBefore(1, 2)).toBe(-1);
  });
});
