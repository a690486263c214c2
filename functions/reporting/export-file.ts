import { stringify } from 'csv-stringify/sync';
import type { SalesFigures } from '#domain/reporting/figures.ts';
import type { SalesReport } from '#domain/reporting/report.ts';

/**
 * The export files of a sales report.
 * - CSV (csv-stringify): UTF-8 with a byte-order mark, so that spreadsheet programs read accents
 *   (« Café », « Crème brûlée ») correctly; one header row; one table whose `section` column says
 *   what a row is (`location`, `product`, `day`, `total`), so it sorts and filters cleanly; amounts
 *   in dollars with two decimals and a dot (`1234.50`), never floating-point artefacts.
 * - JSON: the report exactly as `GET /reports/sales` returns it (amounts in cents).
 */
export type ExportFormat = 'csv' | 'json';

export const contentTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** Cents as dollars with two decimals, computed on integers: 123456 → "1234.56", -5 → "-0.05". */
export function dollars(cents: number): string {
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export const csvColumns = [
  'section',
  'id',
  'name',
  'from',
  'to',
  'orders',
  'returns',
  'units_sold',
  'units_returned',
  'units',
  'gross_revenue',
  'refunded',
  'revenue',
  'revenue_with_taxes',
] as const;

export function renderCsv(report: SalesReport): Buffer {
  const { from, to } = report.period;
  const row = (section: string, id: string, name: string, f: SalesFigures) => [
    section,
    id,
    name,
    from,
    to,
    f.orders,
    f.returns,
    f.unitsSold,
    f.unitsReturned,
    f.units,
    dollars(f.grossRevenueCents),
    dollars(f.refundedCents),
    dollars(f.revenueCents),
    dollars(f.revenueWithTaxesCents),
  ];
  const rows = [
    ...report.locations.map((l) => row('location', l.locationId, '', l)),
    ...report.products.map((p) => row('product', p.productId, p.name, p)),
    ...report.days.map((d) => row('day', d.day, '', d)),
    row('total', '', '', report.totals),
  ];
  return Buffer.from(stringify(rows, { header: true, columns: [...csvColumns], bom: true }), 'utf8');
}

export const renderJson = (report: SalesReport): Buffer =>
  Buffer.from(JSON.stringify(report, null, 2), 'utf8');

export const renderExport = (report: SalesReport, format: ExportFormat): Buffer =>
  format === 'csv' ? renderCsv(report) : renderJson(report);
