import { describe, expect, it } from 'vitest';
import {
  canMove,
  isOpen,
  moved,
  newReplenishment,
  nextStep,
  shortageReason,
  type ReplenishmentStatus,
} from '#domain/inventory/replenishment.ts';
import { ConflictError, RuleViolation } from '#domain/shared/errors.ts';

const request = (over: Partial<Parameters<typeof newReplenishment>[0]> = {}) =>
  newReplenishment({
    id: 'r1',
    storeId: 'store-1',
    storeKind: 'store',
    productId: 'coffee',
    quantity: 10,
    requestedBy: 'u1',
    correlationId: 'c1',
    now: '2026-11-25T12:00:00.000Z',
    ...over,
  });

describe('replenishment status machine: requested → in-transit → fulfilled | rejected', () => {
  it.each<[ReplenishmentStatus, ReplenishmentStatus, boolean]>([
    ['requested', 'in-transit', true],
    ['requested', 'rejected', true],
    ['requested', 'fulfilled', false],
    ['in-transit', 'fulfilled', true],
    ['in-transit', 'rejected', false],
    ['in-transit', 'requested', false],
    ['fulfilled', 'in-transit', false],
    ['rejected', 'in-transit', false],
  ])('%s → %s allowed: %s', (from, to, ok) => {
    expect(canMove(from, to)).toBe(ok);
  });

  it('resumes from the status: take from the warehouse, then receive at the store, then nothing', () => {
    expect(nextStep('requested')).toBe('take-from-warehouse');
    expect(nextStep('in-transit')).toBe('receive-at-store');
    expect(nextStep('fulfilled')).toBe('none');
    expect(nextStep('rejected')).toBe('none');
  });

  it('is open while requested or in transit', () => {
    expect(
      ['requested', 'in-transit', 'fulfilled', 'rejected'].map((s) => isOpen(s as ReplenishmentStatus)),
    ).toEqual([true, true, false, false]);
  });

  it('keeps every status it went through, in order', () => {
    const r = moved(moved(request(), 'in-transit', 't2'), 'fulfilled', 't3');
    expect(r.history.map((h) => h.status)).toEqual(['requested', 'in-transit', 'fulfilled']);
    expect(r.updatedAt).toBe('t3');
  });

  it('records why a request was rejected, and refuses to move a closed one', () => {
    const r = moved(request(), 'rejected', 't2', shortageReason(3, 10));
    expect(r.reason).toBe('The warehouse has 3 available, 10 requested');
    expect(() => moved(r, 'in-transit', 't3')).toThrow(ConflictError);
  });
});

describe('newReplenishment', () => {
  it('replenishes stores only', () => {
    expect(() => request({ storeId: 'warehouse', storeKind: 'warehouse' })).toThrow(RuleViolation);
  });

  it.each([0, -1, 1.5, 1001])('refuses a quantity of %d', (quantity) => {
    expect(() => request({ quantity })).toThrow(RuleViolation);
  });

  it('starts requested', () => {
    expect(request()).toMatchObject({ status: 'requested', quantity: 10, storeId: 'store-1' });
  });
});
