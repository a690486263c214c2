import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWholeMonths, previousPeriod, yearEarlier } from '#domain/reporting/days.ts';
import { buildReport } from '#domain/reporting/report.ts';
import {
  returnContribution,
  saleContribution,
  type OrderReturn,
  type SoldOrder,
  type TaxLine,
} from '#domain/reporting/sales.ts';
import { RuleViolation } from '#domain/shared/errors.ts';
import { project } from './project.ts';

/**
 * Taxes per class (the remittance), sales by tender and the periods a report compares with: the
 * aggregates' rules, applied through the same updates the projection writes.
 */
const sale = (over: Partial<SoldOrder> = {}): SoldOrder => ({
  orderId: 'o1',
  locationId: 'store-1',
  channel: 'pos',
  createdAt: '2026-03-10T15:00:00.000Z',
  lines: [
    { productId: 'muffin', name: 'Muffin', quantity: 2, unitPriceCents: 300, lineTotalCents: 600 },
    { productId: 'lait', name: 'Lait 2 % 2 L', quantity: 1, unitPriceCents: 500, lineTotalCents: 500 },
  ],
  subtotalCents: 1100,
  gstCents: 30,
  qstCents: 60,
  totalCents: 1190,
  paymentMethod: 'card',
  taxLines: [
    { taxClass: 'standard', taxableCents: 600, gstCents: 30, qstCents: 60 },
    { taxClass: 'zero-rated', taxableCents: 500, gstCents: 0, qstCents: 0 },
  ],
  ...over,
});

const noPeriod = { period: { from: '2000-01-01', to: '2000-01-01' }, locationRows: [] };
const reportOf = (data: ReturnType<typeof project>, from: string, to: string, locationIds: string[]) =>
  buildReport({
    period: { from, to },
    locationIds,
    locationRows: data.locations,
    productRows: data.chain,
    previous: noPeriod,
    yearEarlier: noPeriod,
  });

describe('taxes of a sale and of a return', () => {
  it("counts each class's base, GST and QST from the event's tax lines", () => {
    const c = saleContribution(sale());
    expect(c.taxes).toEqual([
      { taxClass: 'standard', counters: { salesCents: 600, gstCents: 30, qstCents: 60 } },
      { taxClass: 'zero-rated', counters: { salesCents: 500, gstCents: 0, qstCents: 0 } },
    ]);
  });

  it('falls back to the order GST and QST under standard when the event has no tax lines', () => {
    const c = saleContribution(sale({ taxLines: undefined, gstCents: 55, qstCents: 110, totalCents: 1265 }));
    expect(c.taxes).toEqual([
      { taxClass: 'standard', counters: { salesCents: 1100, gstCents: 55, qstCents: 110 } },
    ]);
  });

  it('takes revenue after a basket discount from the tax bases, split between products to the cent', () => {
    // A 10 % basket discount: the subtotal of the lines is 1100, the taxable bases add up to 990.
    const c = saleContribution(
      sale({
        discountCents: 110,
        taxLines: [
          { taxClass: 'standard', taxableCents: 540, gstCents: 27, qstCents: 54 },
          { taxClass: 'zero-rated', taxableCents: 450, gstCents: 0, qstCents: 0 },
        ],
        totalCents: 1071,
      }),
    );
    expect(c.location).toMatchObject({ salesCents: 990, salesWithTaxesCents: 1071 });
    expect(c.discountCents).toBe(110);
    expect(c.products.map((p) => p.counters.salesCents)).toEqual([540, 450]);
  });

  it("refunds the return's own tax lines, or GST and QST on its pre-tax amount when it has none", () => {
    const base: OrderReturn = {
      returnId: 'r1',
      orderId: 'o1',
      locationId: 'store-1',
      returnedAt: '2026-03-11T15:00:00.000Z',
      lines: [{ productId: 'muffin', quantity: 1, unitPriceCents: 300 }],
      amountCents: 345,
    };
    expect(
      returnContribution({
        ...base,
        taxLines: [{ taxClass: 'bakery-single', taxableCents: 300, gstCents: 15, qstCents: 30 }],
      }).taxes,
    ).toEqual([
      {
        taxClass: 'bakery-single',
        counters: { refundsCents: 300, refundedGstCents: 15, refundedQstCents: 30 },
      },
    ]);
    // 5 % of 300 = 15; 9.975 % of 300 = 29.925 → 30 (half up, as the sales context computes a refund).
    expect(returnContribution(base).taxes).toEqual([
      { taxClass: 'standard', counters: { refundsCents: 300, refundedGstCents: 15, refundedQstCents: 30 } },
    ]);
  });

  it('refuses a tax class that cannot be a key', () => {
    expect(() =>
      saleContribution(
        sale({ taxLines: [{ taxClass: 'std#x', taxableCents: 1, gstCents: 0, qstCents: 0 }] }),
      ),
    ).toThrow(RuleViolation);
  });
});

describe('tenders', () => {
  it('counts a split payment under each tender, and the whole total under paymentMethod without tenders', () => {
    const split = saleContribution(
      sale({
        tenders: [
          { method: 'cash', amountCents: 500 },
          { method: 'card', amountCents: 600 },
          { method: 'card', amountCents: 90 },
        ],
      }),
    );
    expect(split.tenders).toEqual([
      { method: 'cash', counters: { orders: 1, amountCents: 500 } },
      { method: 'card', counters: { orders: 1, amountCents: 690 } },
    ]);
    expect(saleContribution(sale({ paymentMethod: 'cash', totalCents: 1190 })).tenders).toEqual([
      { method: 'cash', counters: { orders: 1, amountCents: 1190 } },
    ]);
  });

  it("refunds to the return's tenders, else to the sale's in proportion, else under unknown", () => {
    const ret: OrderReturn = {
      returnId: 'r1',
      orderId: 'o1',
      locationId: 'store-1',
      returnedAt: '2026-03-11T15:00:00.000Z',
      lines: [{ productId: 'lait', quantity: 1, unitPriceCents: 500 }],
      amountCents: 500,
    };
    const splitSale = sale({
      tenders: [
        { method: 'cash', amountCents: 300 },
        { method: 'card', amountCents: 890 },
      ],
    });
    expect(
      returnContribution({ ...ret, tenders: [{ method: 'cash', amountCents: 500 }] }, splitSale).tenders,
    ).toEqual([{ method: 'cash', counters: { returns: 1, refundedCents: 500 } }]);
    const proportional = returnContribution(ret, splitSale).tenders;
    expect(proportional.map((t) => [t.method, t.counters.refundedCents])).toEqual([
      ['cash', 126],
      ['card', 374],
    ]);
    expect(returnContribution(ret).tenders).toEqual([
      { method: 'unknown', counters: { returns: 1, refundedCents: 500 } },
    ]);
  });

  it('lists cash and card in every report, unknown only when a refund went there', () => {
    const data = project([saleContribution(sale())]);
    const report = reportOf(data, '2026-03-10', '2026-03-10', ['store-1', 'store-2']);
    expect(report.tenders.methods).toEqual([
      { method: 'cash', orders: 0, amountCents: 0, returns: 0, refundedCents: 0, netCents: 0 },
      { method: 'card', orders: 1, amountCents: 1190, returns: 0, refundedCents: 0, netCents: 1190 },
    ]);
    expect(report.tenders.locations[1]!.methods.every((m) => m.amountCents === 0)).toBe(true);
  });
});

/** Generated baskets: per-class bases with taxes computed loosely; the rule under test is the adding up. */
const taxLine = fc.record({
  taxClass: fc.constantFrom('standard', 'zero-rated', 'bakery-single'),
  taxableCents: fc.integer({ min: 0, max: 50_000 }),
  gstCents: fc.integer({ min: 0, max: 2_500 }),
  qstCents: fc.integer({ min: 0, max: 5_000 }),
});
const generatedSale = fc.record({
  locationId: fc.constantFrom('store-1', 'store-2', 'warehouse'),
  day: fc.integer({ min: 1, max: 27 }),
  taxLines: fc.option(fc.array(taxLine, { minLength: 1, maxLength: 3 }), { nil: undefined }),
  gstCents: fc.integer({ min: 0, max: 2_500 }),
  qstCents: fc.integer({ min: 0, max: 5_000 }),
  subtotalCents: fc.integer({ min: 1, max: 50_000 }),
  method: fc.constantFrom('cash' as const, 'card' as const),
  returned: fc.option(fc.array(taxLine, { minLength: 1, maxLength: 2 }), { nil: undefined }),
});

describe('the remittance', () => {
  it('equals the taxes of the sales minus those of the returns, per class, per location and in total', () => {
    fc.assert(
      fc.property(fc.array(generatedSale, { minLength: 1, maxLength: 30 }), (sales) => {
        // Prepare: each sale (with or without tax lines), some partly returned the next day
        const contributions = [];
        const expected = new Map<string, { gst: number; qst: number }>();
        const count = (key: string, gst: number, qst: number) => {
          const seen = expected.get(key) ?? { gst: 0, qst: 0 };
          expected.set(key, { gst: seen.gst + gst, qst: seen.qst + qst });
        };
        for (const [n, s] of sales.entries()) {
          const order = sale({
            orderId: `o${n}`,
            locationId: s.locationId,
            createdAt: `2026-02-${String(s.day).padStart(2, '0')}T15:00:00.000Z`,
            subtotalCents: s.subtotalCents,
            gstCents: s.gstCents,
            qstCents: s.qstCents,
            totalCents: s.subtotalCents + s.gstCents + s.qstCents,
            paymentMethod: s.method,
            taxLines: s.taxLines,
          });
          contributions.push(saleContribution(order));
          const lines: TaxLine[] = s.taxLines ?? [
            {
              taxClass: 'standard',
              taxableCents: s.subtotalCents,
              gstCents: s.gstCents,
              qstCents: s.qstCents,
            },
          ];
          for (const l of lines) count(`${s.locationId}|${l.taxClass}`, l.gstCents, l.qstCents);
          if (s.returned) {
            contributions.push(
              returnContribution(
                {
                  returnId: 'r',
                  orderId: order.orderId,
                  locationId: s.locationId,
                  returnedAt: `2026-02-${String(s.day + 1).padStart(2, '0')}T15:00:00.000Z`,
                  lines: [{ productId: 'muffin', quantity: 1, unitPriceCents: 300 }],
                  amountCents: 345,
                  taxLines: s.returned,
                },
                order,
              ),
            );
            for (const l of s.returned) count(`${s.locationId}|${l.taxClass}`, -l.gstCents, -l.qstCents);
          }
        }
        // Act
        const report = reportOf(project(contributions), '2026-02-01', '2026-02-28', [
          'store-1',
          'store-2',
          'warehouse',
        ]);
        // Assess
        for (const l of report.taxes.locations)
          for (const c of l.classes)
            expect([c.gstCents, c.qstCents]).toEqual([
              expected.get(`${l.locationId}|${c.taxClass}`)?.gst,
              expected.get(`${l.locationId}|${c.taxClass}`)?.qst,
            ]);
        const all = [...expected.values()].reduce((a, e) => ({ gst: a.gst + e.gst, qst: a.qst + e.qst }), {
          gst: 0,
          qst: 0,
        });
        expect([report.taxes.totals.gstCents, report.taxes.totals.qstCents]).toEqual([all.gst, all.qst]);
        expect([report.totals.gstCents, report.totals.qstCents]).toEqual([all.gst, all.qst]);
        const byClass = report.taxes.classes.reduce((a, c) => a + c.gstCents, 0);
        const byLocation = report.taxes.locations.reduce((a, l) => a + l.totals.gstCents, 0);
        const byDay = report.days.reduce((a, d) => a + d.gstCents, 0);
        expect([byClass, byLocation, byDay]).toEqual([all.gst, all.gst, all.gst]);
      }),
      { numRuns: 50 },
    );
  });

  it('shows collected, refunded and net per class, known classes first', () => {
    const data = project([
      saleContribution(sale()),
      returnContribution(
        {
          returnId: 'r1',
          orderId: 'o1',
          locationId: 'store-1',
          returnedAt: '2026-03-10T16:00:00.000Z',
          lines: [{ productId: 'muffin', quantity: 1, unitPriceCents: 300 }],
          amountCents: 345,
          taxLines: [{ taxClass: 'standard', taxableCents: 300, gstCents: 15, qstCents: 30 }],
        },
        sale(),
      ),
    ]);
    const report = reportOf(data, '2026-03-10', '2026-03-10', ['store-1']);
    expect(report.taxes.classes).toEqual([
      {
        taxClass: 'standard',
        salesCents: 600,
        refundsCents: 300,
        netSalesCents: 300,
        gstCollectedCents: 30,
        gstRefundedCents: 15,
        gstCents: 15,
        qstCollectedCents: 60,
        qstRefundedCents: 30,
        qstCents: 30,
      },
      {
        taxClass: 'zero-rated',
        salesCents: 500,
        refundsCents: 0,
        netSalesCents: 500,
        gstCollectedCents: 0,
        gstRefundedCents: 0,
        gstCents: 0,
        qstCollectedCents: 0,
        qstRefundedCents: 0,
        qstCents: 0,
      },
    ]);
    expect(report.totals).toMatchObject({ revenueCents: 800, gstCents: 15, qstCents: 30 });
  });
});

describe('periods to compare with', () => {
  it.each([
    // whole months: the same number of whole months before
    ['2026-03-01', '2026-03-31', '2026-02-01', '2026-02-28'],
    ['2026-01-01', '2026-01-31', '2025-12-01', '2025-12-31'],
    ['2026-04-01', '2026-06-30', '2026-01-01', '2026-03-31'],
    // any other period: as many days right before
    ['2026-03-10', '2026-03-16', '2026-03-03', '2026-03-09'],
    ['2026-03-01', '2026-03-30', '2026-01-30', '2026-02-28'],
    ['2026-03-05', '2026-03-05', '2026-03-04', '2026-03-04'],
  ])('%s → %s: previous %s → %s', (from, to, pFrom, pTo) => {
    expect(previousPeriod({ from, to })).toEqual({ from: pFrom, to: pTo });
  });

  it.each([
    ['2026-03-10', '2026-03-16', '2025-03-10', '2025-03-16'],
    ['2024-02-01', '2024-02-29', '2023-02-01', '2023-02-28'],
    ['2025-02-01', '2025-02-28', '2024-02-01', '2024-02-29'],
    ['2024-02-29', '2024-03-05', '2023-02-28', '2023-03-05'],
    ['2025-02-10', '2025-02-28', '2024-02-10', '2024-02-28'],
  ])('%s → %s: a year earlier %s → %s', (from, to, yFrom, yTo) => {
    expect(yearEarlier({ from, to })).toEqual({ from: yFrom, to: yTo });
  });

  it('knows whole months', () => {
    expect(isWholeMonths({ from: '2026-02-01', to: '2026-02-28' })).toBe(true);
    expect(isWholeMonths({ from: '2026-02-01', to: '2026-02-27' })).toBe(false);
  });

  it('gives the earlier periods figures of their own, per location and in total', () => {
    const data = project([
      saleContribution(sale({ createdAt: '2026-03-10T15:00:00.000Z' })),
      saleContribution(sale({ orderId: 'o2', createdAt: '2026-03-03T15:00:00.000Z' })),
      saleContribution(sale({ orderId: 'o3', createdAt: '2025-03-10T15:00:00.000Z', locationId: 'store-2' })),
    ]);
    const period = { from: '2026-03-09', to: '2026-03-15' };
    const report = buildReport({
      period,
      locationIds: ['store-1', 'store-2'],
      locationRows: data.locations,
      productRows: data.chain,
      previous: { period: previousPeriod(period), locationRows: data.locations },
      yearEarlier: { period: yearEarlier(period), locationRows: data.locations },
    });
    expect(report.totals.revenueCents).toBe(1100);
    expect(report.comparison.previous).toMatchObject({
      period: { from: '2026-03-02', to: '2026-03-08' },
      totals: { orders: 1, revenueCents: 1100, gstCents: 30 },
    });
    expect(report.comparison.yearEarlier.period).toEqual({ from: '2025-03-09', to: '2025-03-15' });
    expect(report.comparison.yearEarlier.locations.map((l) => [l.locationId, l.orders])).toEqual([
      ['store-1', 0],
      ['store-2', 1],
    ]);
  });
});
