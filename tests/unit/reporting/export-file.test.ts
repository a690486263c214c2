import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { buildReport } from '#domain/reporting/report.ts';
import { returnContribution, saleContribution, type SoldOrder } from '#domain/reporting/sales.ts';
import { csvColumns, dollars, renderCsv, renderJson } from '#functions/reporting/export-file.ts';
import { project } from './project.ts';

const creme: SoldOrder = {
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
    { productId: 'lait', name: 'Lait; 2 %', quantity: 1, unitPriceCents: 100_000, lineTotalCents: 100_000 },
  ],
  subtotalCents: 100_900,
  gstCents: 45,
  qstCents: 90,
  totalCents: 101_035,
  paymentMethod: 'card',
  taxLines: [
    { taxClass: 'standard', taxableCents: 900, gstCents: 45, qstCents: 90 },
    { taxClass: 'zero-rated', taxableCents: 100_000, gstCents: 0, qstCents: 0 },
  ],
};

const data = project([
  saleContribution(creme),
  saleContribution({ ...creme, orderId: 'o0', createdAt: '2026-03-09T15:00:00.000Z' }),
  returnContribution(
    {
      returnId: 'r1',
      orderId: 'o1',
      locationId: 'store-1',
      returnedAt: '2026-03-10T16:00:00.000Z',
      lines: [{ productId: 'creme', quantity: 1, unitPriceCents: 450 }],
      amountCents: 518,
    },
    creme,
  ),
]);
const report = buildReport({
  period: { from: '2026-03-10', to: '2026-03-10' },
  locationIds: ['store-1', 'store-2'],
  locationRows: data.locations,
  productRows: data.chain,
  previous: { period: { from: '2026-03-09', to: '2026-03-09' }, locationRows: data.locations },
  yearEarlier: { period: { from: '2025-03-10', to: '2025-03-10' }, locationRows: data.locations },
});

describe('export files', () => {
  it('writes amounts as dollars with two decimals, computed on integers, with the locale’s decimal mark', () => {
    expect([dollars(0), dollars(5), dollars(123456), dollars(-5), dollars(-1999)]).toEqual([
      '0.00',
      '0.05',
      '1234.56',
      '-0.05',
      '-19.99',
    ]);
    expect([dollars(123456, 'fr-CA'), dollars(-5, 'fr-CA')]).toEqual(['1234,56', '-0,05']);
  });

  it('writes an en-CA CSV: BOM, commas, decimal points, one row per location, product, day, total, tax class, tender and earlier period', () => {
    const csv = renderCsv(report, 'en-CA');
    expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.toString('utf8').split('\n')[0]).toBe(`\uFEFF${csvColumns.join(',')}`);
    const rows = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.section)).toEqual([
      'location',
      'location',
      'product',
      'product',
      'day',
      'total',
      'tax',
      'tax',
      'tax',
      'tax',
      'tender',
      'tender',
      'tender',
      'tender',
      'tender',
      'tender',
      'previous_period',
      'year_earlier',
    ]);
    expect(rows.find((r) => r.id === 'creme')).toMatchObject({
      name: 'Crème brûlée, « maison »',
      units: '1',
      revenue: '4.50',
    });
    expect(rows.find((r) => r.section === 'total')).toMatchObject({
      orders: '1',
      returns: '1',
      revenue: '1004.50',
      gst: '0.22',
      qst: '0.45',
      revenue_with_taxes: '1005.17',
    });
    // GST and QST per class: the remittance lines; a return without tax lines refunds standard taxes.
    expect(rows.filter((r) => r.section === 'tax' && r.id === '').map((r) => [r.name, r.gst, r.qst])).toEqual(
      [
        ['standard', '0.22', '0.45'],
        ['zero-rated', '0.00', '0.00'],
      ],
    );
    expect(rows.find((r) => r.section === 'tender' && r.id === '' && r.name === 'card')).toMatchObject({
      orders: '1',
      gross_revenue_with_taxes: '1010.35',
      refunded_with_taxes: '5.18',
      revenue_with_taxes: '1005.17',
    });
    expect(rows.at(-2)).toMatchObject({
      from: '2026-03-09',
      to: '2026-03-09',
      orders: '1',
      revenue: '1009.00',
    });
  });

  it('writes an fr-CA CSV: semicolons, decimal commas and French headers, that a French spreadsheet opens cleanly', () => {
    const csv = renderCsv(report, 'fr-CA');
    expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const text = csv.toString('utf8');
    expect(text.split('\n')[0]).toMatch(/^\uFEFFsection;id;nom;du;au;commandes;retours;/);
    const rows = parse(csv, { bom: true, columns: true, delimiter: ';' }) as Record<string, string>[];
    expect(rows[0]).toMatchObject({ section: 'lieu', id: 'store-1' });
    expect(rows.find((r) => r.section === 'total')).toMatchObject({
      ventes_nettes: '1004,50',
      tps: '0,22',
      tvq: '0,45',
    });
    // A name with a semicolon is quoted; one with a comma needs no quotes in this locale.
    expect(text).toContain('"Lait; 2 %"');
    expect(text).toContain(';Crème brûlée, « maison »;');
    expect(rows.filter((r) => r.section === 'paiement').map((r) => r.nom)).toContain('comptant');
    expect(rows.at(-1)!.section).toBe('annee_precedente');
  });

  it('writes the JSON export as the report itself', () => {
    expect(JSON.parse(renderJson(report).toString('utf8'))).toEqual(report);
  });
});
