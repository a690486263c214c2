import { describe, expect, it } from 'vitest';
import {
  addCounters,
  cashMovement,
  closeSession,
  expectedCash,
  openSession,
  saleDelta,
  zReport,
  zeroCounters,
  type RegisterSession,
} from '#domain/sales/register.ts';
import { RuleViolation } from '#domain/shared/errors.ts';

const at = '2026-12-01T14:00:00.000Z';
const open = (floatCents = 20_000): RegisterSession =>
  openSession({ sessionId: 'ses_1', storeId: 'store-1', registerId: 'till-1', floatCents, at, by: 'u1' });

const sale = (
  method: 'cash' | 'card',
  totalCents: number,
  status: 'confirmed' | 'failed' | 'returned' = 'confirmed',
) => ({
  status,
  payment: { method, status: 'captured' as const, amountCents: totalCents, refundedCents: 0 },
  subtotalCents: totalCents - 100,
  gstCents: 40,
  qstCents: 60,
  roundingCents: method === 'cash' ? 0 : 0,
  totalCents,
});

function withSales(s: RegisterSession, ...sales: ReturnType<typeof sale>[]): RegisterSession {
  let counters = s.counters;
  for (const x of sales) counters = addCounters(counters, saleDelta(x) ?? {});
  return { ...s, counters };
}

describe('register sessions (domain/sales/register.ts)', () => {
  it('opens with a counted float and nothing sold', () => {
    const s = open(15_000);
    expect(s).toMatchObject({ status: 'open', floatCents: 15_000, counters: zeroCounters, revision: 0 });
    expect(expectedCash(s)).toBe(15_000);
  });

  it('refuses a float that is not a whole, non-negative number of cents', () => {
    expect(() => open(-1)).toThrow(RuleViolation);
    expect(() => open(10.5)).toThrow(RuleViolation);
    expect(() => open(20_000_000)).toThrow(RuleViolation);
  });

  it('counts a confirmed sale by its tender, a returned sale as sold, and a failed one not at all', () => {
    expect(saleDelta(sale('cash', 1150))).toMatchObject({
      salesCount: 1,
      cashSalesCount: 1,
      cashSalesCents: 1150,
    });
    expect(saleDelta(sale('card', 2299))).toMatchObject({
      salesCount: 1,
      cardSalesCount: 1,
      cardSalesCents: 2299,
    });
    expect(saleDelta(sale('card', 2299, 'returned'))).toMatchObject({ cardSalesCents: 2299 });
    expect(saleDelta(sale('cash', 1150, 'failed'))).toBeUndefined();
  });

  it('expects float + cash sales + cash in − cash out in the drawer; card sales stay out of it', () => {
    let s = withSales(open(20_000), sale('cash', 1150), sale('card', 2299), sale('cash', 500));
    const cashIn = cashMovement({
      id: 'c1',
      direction: 'in',
      amountCents: 5000,
      reason: 'monnaie',
      at,
      by: 'u1',
    });
    const cashOut = cashMovement({
      id: 'c2',
      direction: 'out',
      amountCents: 10_000,
      reason: 'coffre',
      at,
      by: 'u1',
    });
    s = { ...s, counters: addCounters(addCounters(s.counters, cashIn.delta), cashOut.delta) };
    expect(expectedCash(s)).toBe(20_000 + 1150 + 500 + 5000 - 10_000);
  });

  it('refuses a cash movement without a reason or amount', () => {
    expect(() =>
      cashMovement({ id: 'c', direction: 'in', amountCents: 100, reason: '  ', at, by: 'u' }),
    ).toThrow(RuleViolation);
    expect(() =>
      cashMovement({ id: 'c', direction: 'out', amountCents: 0, reason: 'x', at, by: 'u' }),
    ).toThrow(RuleViolation);
  });

  it('closes with expected vs counted: over is positive, short negative', () => {
    const s = withSales(open(20_000), sale('cash', 1150));
    expect(closeSession(s, { countedCents: 21_100, at, by: 'u2' })).toMatchObject({
      status: 'closed',
      expectedCashCents: 21_150,
      countedCents: 21_100,
      overShortCents: -50,
      closedBy: 'u2',
    });
    expect(closeSession(s, { countedCents: 21_200, at, by: 'u2' }).overShortCents).toBe(50);
  });

  it('never closes while a sale of the session is in flight, nor twice', () => {
    const s = open();
    expect(() => closeSession({ ...s, pendingSaleIds: ['ord_1'] }, { countedCents: 0, at, by: 'u' })).toThrow(
      /in progress/,
    );
    const closed = closeSession(s, { countedCents: 20_000, at, by: 'u' });
    expect(() => closeSession(closed, { countedCents: 20_000, at, by: 'u' })).toThrow(/already closed/);
  });

  it('Z-report: sales by tender, taxes and the first and last sale of the session', () => {
    const s = {
      ...withSales(open(10_000), sale('cash', 1150), sale('card', 2299), sale('card', 1001)),
      saleIds: ['ord_a', 'ord_b', 'ord_c'],
    };
    const z = zReport(closeSession(s, { countedCents: 11_150, at, by: 'u' }));
    expect(z).toMatchObject({
      salesCount: 3,
      sales: {
        cash: { count: 1, amountCents: 1150 },
        card: { count: 2, amountCents: 3300 },
        totalCents: 4450,
      },
      subtotalCents: 4450 - 300,
      gstCents: 120,
      qstCents: 180,
      expectedCashCents: 11_150,
      overShortCents: 0,
      firstSaleId: 'ord_a',
      lastSaleId: 'ord_c',
    });
  });
});
