import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { buildReport } from '#domain/reporting/report.ts';
import { saleContribution } from '#domain/reporting/sales.ts';
import { zeroCounters, addCounters } from '#domain/reporting/figures.ts';
import { csvColumns, dollars, renderCsv, renderJson } from '#functions/reporting/export-file.ts';

describe('export files', () => {
  it('writes amounts as dollars with two decimals, computed on integers', () => {
    expect([dollars(0), dollars(5), dollars(123456), dollars(-5), dollars(-1999)]).toEqual([
      '0.00',
      '0.05',
      '1234.56',
      '-0.05',
      '-19.99',
    ]);
  });

  it('writes a CSV with a BOM, a header and one row per location, product, day and the total', () => {
    const c = saleContribution({
      orderId: 'o1',
      locationId: 'store-1',
      channel: 'pos',
      createdAt: '2026-03-10T15:00:00.000Z',
      lines: [
        {
          productId: 'creme',
          name: 'Crème brûlée, « maison »',
          quantity: 2,
          unitPriceCents: 450,
          lineTotalCents: 900,
        },
      ],
      subtotalCents: 900,
      totalCents: 1035,
    });
    const report = buildReport(
      { from: '2026-03-10', to: '2026-03-10' },
      ['store-1', 'store-2'],
      [{ locationId: 'store-1', day: c.day, counters: addCounters(zeroCounters, c.location) }],
      [
        {
          locationId: 'store-1',
          day: c.day,
          productId: 'creme',
          name: c.products[0]!.name,
          counters: addCounters(zeroCounters, c.products[0]!.counters),
        },
      ],
    );
    const csv = renderCsv(report);
    expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...csvColumns]);
    expect(rows.map((r) => r.section)).toEqual(['location', 'location', 'product', 'day', 'total']);
    expect(rows[2]).toMatchObject({
      name: 'Crème brûlée, « maison »',
      units: '2',
      revenue: '9.00',
      revenue_with_taxes: '10.35',
    });
    expect(rows[4]).toMatchObject({ orders: '1', revenue: '9.00' });
    expect(JSON.parse(renderJson(report).toString('utf8'))).toEqual(report);
  });
});
