import { describe, expect, it } from 'vitest';
import {
  canMove,
  isOpen,
  moved,
  newReplenishment,
  nextStep,
  receiptOf,
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

describe('replenishment status machine: requested → in-transit → receiving → fulfilled | rejected', () => {
  it.each<[ReplenishmentStatus, ReplenishmentStatus, boolean]>([
    ['requested', 'in-transit', true],
    ['requested', 'rejected', true],
    ['requested', 'fulfilled', false],
    ['in-transit', 'fulfilled', false],
    ['in-transit', 'receiving', true],
    ['receiving', 'fulfilled', true],
    ['in-transit', 'rejected', false],
    ['in-transit', 'requested', false],
    ['fulfilled', 'in-transit', false],
    ['rejected', 'in-transit', false],
  ])('%s → %s allowed: %s', (from, to, ok) => {
    expect(canMove(from, to)).toBe(ok);
  });

  it('resumes from the status: take from the warehouse, wait for the store, receive, then nothing', () => {
    expect(nextStep('requested')).toBe('take-from-warehouse');
    expect(nextStep('in-transit')).toBe('await-store');
    expect(nextStep('receiving')).toBe('receive-at-store');
    expect(nextStep('fulfilled')).toBe('none');
    expect(nextStep('rejected')).toBe('none');
  });

  it('is open while requested, in transit or being received', () => {
    expect(
      ['requested', 'in-transit', 'receiving', 'fulfilled', 'rejected'].map((s) =>
        isOpen(s as ReplenishmentStatus),
      ),
    ).toEqual([true, true, true, false, false]);
  });

  it('keeps every status it went through, in order', () => {
    const r = moved(moved(moved(request(), 'in-transit', 't2'), 'receiving', 't3'), 'fulfilled', 't4');
    expect(r.history.map((h) => h.status)).toEqual(['requested', 'in-transit', 'receiving', 'fulfilled']);
    expect(r.updatedAt).toBe('t4');
  });

  it('a store receipt: at most what was shipped, a shortfall needs its reason', () => {
    const r = request();
    const at = { confirmedBy: 'u', at: 't' };
    expect(receiptOf(r, { received: 10, ...at })).toMatchObject({ received: 10, difference: 0 });
    expect(receiptOf(r, { received: 9, reason: ' broken ', ...at })).toMatchObject({
      difference: -1,
      reason: 'broken',
    });
    expect(() => receiptOf(r, { received: 9, ...at })).toThrow(RuleViolation);
    expect(() => receiptOf(r, { received: 11, ...at })).toThrow(RuleViolation);
    expect(() => moved(r, 'fulfilled', 't2')).toThrow(ConflictError);
  });

  it('records why a request was rejected, and refuses to move a closed one', () => {
    const r = moved(request(), 'rejected', 't2', { reason: shortageReason(3, 10) });
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
