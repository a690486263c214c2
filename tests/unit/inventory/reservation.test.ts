import { describe, expect, it } from 'vitest';
import { maxReservedBefore } from '#domain/inventory/reservation.ts';

describe('reservation', () => {
  it('reserves q of onHand only while reserved ≤ onHand − q', () => {
    expect(maxReservedBefore(10, 1)).toBe(9);
    expect(maxReservedBefore(10, 10)).toBe(0);
    expect(maxReservedBefore(1, 2)).toBe(-1);
  });
});
