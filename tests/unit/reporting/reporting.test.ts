import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, checkPeriod, dayOf, daysOf, isDay } from '#domain/reporting/days.ts';
import { figuresOf, sumCounters, zeroCounters, type Counters } from '#domain/reporting/figures.ts';
import { allocate, returnContribution, saleContribution, type SoldOrder } from '#domain/reporting/sales.ts';
import {
  buildDashboard,
  buildReport,
  dashboardProducts,
  fingerprintOf,
  settledTopDays,
  sumProductDays,
  type LocationDay,
} from '#domain/reporting/report.ts';
import { sinceOf, supersedes } from '#domain/reporting/alerts.ts';
import { RuleViolation } from '#domain/shared/errors.ts';
import { project } from './project.ts';

const order = (over: Partial<SoldOrder> = {}): SoldOrder => ({
  orderId: 'o1',
  locationId: 'store-1',
  channel: 'pos',
  createdAt: '2026-03-10T15:00:00.000Z',
  lines: [
    { productId: 'croissant', name: 'Croissant', quantity: 3, unitPriceCents: 275, lineTotalCents: 825 },
    { productId: 'cafe', name: 'Café filtre', quantity: 1, unitPriceCents: 1299, lineTotalCents: 1299 },
  ],
  subtotalCents: 2124,
  gstCents: 106,
  qstCents: 212,
  totalCents: 2442,
  paymentMethod: 'card',
  ...over,
});

const cafeReturn = {
  returnId: 'r',
  orderId: 'o1',
  locationId: 'store-1',
  returnedAt: '2026-03-11T16:00:00.000Z',
  lines: [{ productId: 'cafe', quantity: 1, unitPriceCents: 1299 }],
  amountCents: 1494,
};

/** A report of the period over every location's rows, without earlier periods to compare with. */
const reportOf = (
  period: { from: string; to: string },
  locationIds: string[],
  data: ReturnType<typeof project>,
  locationId?: string,
) =>
  buildReport({
    period,
    locationIds,
    locationRows: data.locations,
    productRows: locationId ? data.products.filter((p) => p.locationId === locationId) : data.chain,
    locationId,
    previous: { period: { from: '2000-01-01', to: '2000-01-01' }, locationRows: [] },
    yearEarlier: { period: { from: '2000-01-01', to: '2000-01-01' }, locationRows: [] },
  });

describe('reporting days (America/Montreal)', () => {
  it('puts an evening sale in Montréal on the local day, not the UTC one', () => {
    // Prepare: 02:30 UTC on 11 March is 22:30 on 10 March in Montréal (EDT, UTC−4)
    // Act / Assess
    expect(dayOf('2026-03-11T02:30:00.000Z')).toBe('2026-03-10');
    expect(dayOf('2026-01-15T04:59:59.000Z')).toBe('2026-01-14'); // EST, UTC−5
    expect(dayOf('2026-01-15T05:00:00.000Z')).toBe('2026-01-15');
  });

  it('walks calendar days across month ends and leap days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysOf('2026-12-30', '2027-01-02')).toEqual([
      '2026-12-30',
      '2026-12-31',
      '2027-01-01',
      '2027-01-02',
    ]);
  });

  it('rejects impossible days, reversed periods and periods longer than a quarter', () => {
    expect(isDay('2026-02-30')).toBe(false);
    expect(() => checkPeriod({ from: '2026-03-02', to: '2026-03-01' })).toThrow(RuleViolation);
    expect(() => checkPeriod({ from: '2026-01-01', to: '2026-04-03' })).toThrow(/at most/);
    expect(checkPeriod({ from: '2026-03-01', to: '2026-03-01' })).toEqual({
      from: '2026-03-01',
      to: '2026-03-01',
    });
  });
});

describe('aggregation of sales and returns', () => {
  it('splits the order total between products to the exact cent', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 20 }),
        (total, weights) => {
          expect(allocate(total, weights).reduce((a, b) => a + b, 0)).toBe(total);
        },
      ),
    );
  });

  it('counts a sale on its location and day, per product, before and after taxes', () => {
    const c = saleContribution(order());
    expect(c).toMatchObject({ day: '2026-03-10', locationId: 'store-1' });
    expect(c.location).toEqual({ orders: 1, unitsSold: 4, salesCents: 2124, salesWithTaxesCents: 2442 });
    expect(c.products.map((p) => [p.productId, p.counters.unitsSold, p.counters.salesCents])).toEqual([
      ['croissant', 3, 825],
      ['cafe', 1, 1299],
    ]);
    expect(c.products.reduce((a, p) => a + (p.counters.salesWithTaxesCents ?? 0), 0)).toBe(2442);
  });

  it('deducts a partial return on the day it happened, with the amounts refunded', () => {
    const ret = returnContribution(
      {
        returnId: 'r1',
        orderId: 'o1',
        locationId: 'store-1',
        returnedAt: '2026-03-12T14:00:00.000Z',
        lines: [{ productId: 'croissant', quantity: 3, unitPriceCents: 275 }],
        amountCents: 949,
      },
      order(),
    );
    expect(ret.day).toBe('2026-03-12');
    expect(ret.location).toEqual({
      returns: 1,
      unitsReturned: 3,
      refundsCents: 825,
      refundsWithTaxesCents: 949,
    });
    expect(ret.products[0]).toMatchObject({ name: 'Croissant', counters: { refundsWithTaxesCents: 949 } });
    const { locations } = project([saleContribution(order()), ret]);
    expect(ret.taxes).toEqual([
      // No taxLines on the return: GST and QST on its pre-tax amount (825 ¢), each half-up.
      { taxClass: 'standard', counters: { refundsCents: 825, refundedGstCents: 41, refundedQstCents: 82 } },
    ]);
    expect(ret.tenders).toEqual([{ method: 'card', counters: { returns: 1, refundedCents: 949 } }]);
    const total = figuresOf(sumCounters(locations.map((l) => l.counters)));
    expect(total).toMatchObject({ units: 1, revenueCents: 1299, revenueWithTaxesCents: 2442 - 949 });
  });

  it('gives the same aggregates whatever the order the contributions arrive in', () => {
    const sales = [
      saleContribution(order()),
      saleContribution(
        order({ orderId: 'o2', locationId: 'store-2', createdAt: '2026-03-11T15:00:00.000Z' }),
      ),
    ];
    const ret = returnContribution(cafeReturn);
    const a = project([...sales, ret]);
    const b = project([ret, sales[1]!, sales[0]!]);
    const key = (r: LocationDay) => `${r.locationId}${r.day}`;
    expect(a.chain.length).toBeGreaterThan(0);
    expect([...a.locations].sort((x, y) => key(x).localeCompare(key(y)))).toEqual(
      [...b.locations].sort((x, y) => key(x).localeCompare(key(y))),
    );
  });
});

describe('consolidated report', () => {
  const data = project([
    saleContribution(order()),
    saleContribution(order({ orderId: 'o2', createdAt: '2026-03-11T15:00:00.000Z' })),
    saleContribution(order({ orderId: 'o3', locationId: 'store-2', createdAt: '2026-03-11T15:00:00.000Z' })),
    returnContribution(cafeReturn),
    saleContribution(order({ orderId: 'late', createdAt: '2026-04-20T15:00:00.000Z' })),
  ]);
  const report = reportOf({ from: '2026-03-10', to: '2026-03-12' }, ['store-1', 'store-2', 'store-3'], data);

  it('has grand totals equal to the sum of the locations, of the days and of the products', () => {
    const sum = (rows: readonly { revenueCents: number; units: number }[]) => [
      rows.reduce((a, r) => a + r.revenueCents, 0),
      rows.reduce((a, r) => a + r.units, 0),
    ];
    expect(report.totals.revenueCents).toBe(3 * 2124 - 1299);
    expect(sum(report.locations)).toEqual([report.totals.revenueCents, report.totals.units]);
    expect(sum(report.days)).toEqual([report.totals.revenueCents, report.totals.units]);
    expect(sum(report.products)).toEqual([report.totals.revenueCents, report.totals.units]);
  });

  it('lists every location and day, with zeros where nothing was sold, and leaves out other periods', () => {
    expect(report.locations.find((l) => l.locationId === 'store-3')).toMatchObject({
      orders: 0,
      revenueCents: 0,
    });
    expect(report.days.map((d) => d.day)).toEqual(['2026-03-10', '2026-03-11', '2026-03-12']);
    expect(report.days[2]).toMatchObject({ orders: 0, revenueCents: 0 });
    expect(report.totals.orders).toBe(3);
    expect(report.products.map((p) => [p.productId, p.units, p.revenueCents])).toEqual([
      ['cafe', 2, 2598],
      ['croissant', 9, 3 * 825],
    ]);
  });

  it("gives a location's report its own products, the chain's products adding up over the locations", () => {
    const store1 = reportOf({ from: '2026-03-10', to: '2026-03-12' }, ['store-1'], data, 'store-1');
    const store2 = reportOf({ from: '2026-03-10', to: '2026-03-12' }, ['store-2'], data, 'store-2');
    expect(store1.products.map((p) => [p.productId, p.units])).toEqual([
      ['croissant', 6],
      ['cafe', 1],
    ]);
    for (const p of report.products) {
      const parts = [store1, store2].flatMap((r) => r.products.filter((q) => q.productId === p.productId));
      expect(parts.reduce((a, q) => a + q.revenueCents, 0)).toBe(p.revenueCents);
    }
  });
});

describe('dashboard', () => {
  it('shows today, 7 and 30 days per location, zeros for a store without sales, and top products', () => {
    const data = project([
      saleContribution(order({ createdAt: '2026-03-10T15:00:00.000Z' })),
      saleContribution(order({ orderId: 'o2', createdAt: '2026-03-05T15:00:00.000Z' })),
      saleContribution(order({ orderId: 'o3', createdAt: '2026-02-20T15:00:00.000Z' })),
      saleContribution(order({ orderId: 'old', createdAt: '2026-01-01T15:00:00.000Z' })),
    ]);
    const d = buildDashboard(
      '2026-03-10',
      ['store-1', 'store-2', 'warehouse'],
      data.locations,
      data.top,
      [
        {
          type: 'out',
          locationId: 'store-2',
          productId: 'cafe',
          name: 'Café filtre',
          level: 0,
          since: '2026-03-09T10:00:00.000Z',
        },
      ],
      new Map([['cafe', 'Café filtre']]),
    );
    const s1 = d.locations[0]!;
    expect([s1.today.revenueCents, s1.last7Days.revenueCents, s1.last30Days.revenueCents]).toEqual([
      2124, 4248, 6372,
    ]);
    expect(s1.last30Days).toMatchObject({ orders: 3, averageBasketCents: 2124 });
    expect(s1.topProducts).toEqual([
      { productId: 'cafe', name: 'Café filtre', units: 2, revenueCents: 2598 },
      // A product whose name was not looked up shows its id.
      { productId: 'croissant', name: 'croissant', units: 6, revenueCents: 1650 },
    ]);
    expect(dashboardProducts('2026-03-10', ['store-1', 'store-2'], data.top)).toEqual(
      new Map([
        ['cafe', '2026-03-10'],
        ['croissant', '2026-03-10'],
      ]),
    );
    expect(d.locations[1]).toMatchObject({
      today: { revenueCents: 0, orders: 0, averageBasketCents: 0 },
      alerts: { out: 1, low: 0, over: 0 },
    });
    expect(d.locations[2]!.channel).toBe('web');
    expect(d.totals.last30Days.revenueCents).toBe(6372);
  });
});

describe('settled days of the top-products window', () => {
  it('are the window up to the day before yesterday, summed per product and dated by its last sale', () => {
    expect(settledTopDays('2026-03-10')).toEqual({ from: '2026-03-04', to: '2026-03-08' });
    const data = project([
      saleContribution(order({ createdAt: '2026-03-05T15:00:00.000Z' })),
      saleContribution(order({ orderId: 'o2', createdAt: '2026-03-07T15:00:00.000Z' })),
      returnContribution({ ...cafeReturn, returnedAt: '2026-03-07T16:00:00.000Z' }, order()),
    ]);
    const sums = sumProductDays(data.top, 'store-1');
    expect(sums.map((p) => [p.productId, p.day, figuresOf(p.counters).units])).toEqual([
      ['croissant', '2026-03-07', 6],
      ['cafe', '2026-03-07', 1],
    ]);
  });

  it('are kept with the orders and returns of each day, so that a late event shows', () => {
    const counts = [
      { day: '2026-03-05', orders: 2, returns: 0 },
      { day: '2026-03-07', orders: 1, returns: 1 },
    ];
    expect(fingerprintOf(counts, '2026-03-04', '2026-03-08')).toBe('0/0,2/0,0/0,1/1,0/0');
    expect(fingerprintOf([{ ...counts[0]!, orders: 3 }], '2026-03-04', '2026-03-08')).not.toBe(
      fingerprintOf(counts, '2026-03-04', '2026-03-08'),
    );
  });
});

describe('alerts read model', () => {
  it('keeps the newest state and the time it started', () => {
    expect(supersedes('2026-03-10T10:00:00Z', '2026-03-10T11:00:00Z')).toBe(false);
    expect(supersedes('2026-03-10T12:00:00Z', '2026-03-10T11:00:00Z')).toBe(true);
    const change = {
      locationId: 's',
      productId: 'p',
      name: 'P',
      level: 3,
      state: 'low' as const,
      occurredAt: '2026-03-10T12:00:00Z',
    };
    expect(sinceOf(change, { state: 'low', since: '2026-03-09T08:00:00Z' })).toBe('2026-03-09T08:00:00Z');
    expect(sinceOf(change, { state: 'out', since: '2026-03-09T08:00:00Z' })).toBe('2026-03-10T12:00:00Z');
  });
});

it('sums counters field by field', () => {
  const c: Counters = { ...zeroCounters, orders: 2, salesCents: 10 };
  expect(sumCounters([c, c])).toMatchObject({ orders: 4, salesCents: 20, returns: 0 });
});
