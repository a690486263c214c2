import { stringify } from 'csv-stringify/sync';
import type { SalesFigures, TaxFigures, TenderMethod } from '#domain/reporting/figures.ts';
import type { PeriodFigures, SalesReport } from '#domain/reporting/report.ts';

/**
 * The export files of a sales report.
 * - CSV (csv-stringify): UTF-8 with a byte-order mark, so that spreadsheet programs read accents
 *   (« Café », « Crème brûlée ») correctly; one header row; one table whose `section` column says
 *   what a row is (location, product, day, total, tax class, tender, earlier periods), so it sorts
 *   and filters cleanly; amounts in dollars with two decimals computed on integers, never
 *   floating-point artefacts. The locale, chosen per export, sets what a spreadsheet of that
 *   language expects: fr-CA `;` between fields, a decimal comma (`1234,50`) and French headers;
 *   en-CA `,` and a decimal point (`1234.50`) with English headers. No thousands separator.
 * - JSON: the report exactly as `GET /reports/sales` returns it (amounts in cents).
 */
export type ExportFormat = 'csv' | 'json';
export const exportLocales = ['fr-CA', 'en-CA'] as const;
export type ExportLocale = (typeof exportLocales)[number];
/** French first: the locale of an export that names none, and of the scheduled one. */
export const defaultExportLocale: ExportLocale = 'fr-CA';

export const contentTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** Cents as dollars with two decimals, computed on integers: 123456 → "1234.56", -5 → "-0.05" ("1234,56" in fr-CA). */
export function dollars(cents: number, locale: ExportLocale = 'en-CA'): string {
  const abs = Math.abs(cents);
  const point = locale === 'fr-CA' ? ',' : '.';
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}${point}${String(abs % 100).padStart(2, '0')}`;
}

/** Column keys (the en-CA headers) and their fr-CA headers. */
const columns = {
  section: 'section',
  id: 'id',
  name: 'nom',
  from: 'du',
  to: 'au',
  orders: 'commandes',
  returns: 'retours',
  units_sold: 'unites_vendues',
  units_returned: 'unites_retournees',
  units: 'unites_nettes',
  gross_revenue: 'ventes_brutes',
  refunded: 'rembourse',
  revenue: 'ventes_nettes',
  discounts: 'rabais',
  gst: 'tps',
  qst: 'tvq',
  gross_revenue_with_taxes: 'ventes_brutes_taxes_incluses',
  refunded_with_taxes: 'rembourse_taxes_incluses',
  revenue_with_taxes: 'ventes_nettes_taxes_incluses',
} as const;
type Column = keyof typeof columns;
export const csvColumns = Object.keys(columns) as Column[];

/** Values of the `section` column (en-CA, fr-CA). */
const sections = {
  location: ['location', 'lieu'],
  product: ['product', 'produit'],
  day: ['day', 'jour'],
  total: ['total', 'total'],
  tax: ['tax', 'taxe'],
  tender: ['tender', 'paiement'],
  previous: ['previous_period', 'periode_precedente'],
  yearEarlier: ['year_earlier', 'annee_precedente'],
} as const;

const tenderNames: Record<TenderMethod, readonly [string, string]> = {
  cash: ['cash', 'comptant'],
  card: ['card', 'carte'],
  unknown: ['unknown', 'inconnu'],
};

type Row = Partial<Record<Column, string | number>>;

export function renderCsv(report: SalesReport, locale: ExportLocale = defaultExportLocale): Buffer {
  const fr = locale === 'fr-CA' ? 1 : 0;
  const money = (cents: number) => dollars(cents, locale);
  const sales = (f: SalesFigures): Row => ({
    orders: f.orders,
    returns: f.returns,
    units_sold: f.unitsSold,
    units_returned: f.unitsReturned,
    units: f.units,
    gross_revenue: money(f.grossRevenueCents),
    refunded: money(f.refundedCents),
    revenue: money(f.revenueCents),
    gross_revenue_with_taxes: money(f.grossRevenueWithTaxesCents),
    refunded_with_taxes: money(f.refundedWithTaxesCents),
    revenue_with_taxes: money(f.revenueWithTaxesCents),
  });
  const period = (f: PeriodFigures): Row => ({
    ...sales(f),
    discounts: money(f.discountCents),
    gst: money(f.gstCents),
    qst: money(f.qstCents),
  });
  const taxes = (t: TaxFigures): Row => ({
    gross_revenue: money(t.salesCents),
    refunded: money(t.refundsCents),
    revenue: money(t.netSalesCents),
    gst: money(t.gstCents),
    qst: money(t.qstCents),
  });
  const { from, to } = report.period;
  const row = (section: keyof typeof sections, id: string, name: string, values: Row, at = { from, to }) => ({
    section: sections[section][fr],
    id,
    name,
    ...at,
    ...values,
  });
  const rows: Row[] = [
    ...report.locations.map((l) => row('location', l.locationId, '', period(l))),
    ...report.products.map((p) => row('product', p.productId, p.name, sales(p))),
    ...report.days.map((d) => row('day', d.day, '', period(d))),
    row('total', '', '', period(report.totals)),
    ...report.taxes.locations.flatMap((l) =>
      l.classes.map((c) => row('tax', l.locationId, c.taxClass, taxes(c))),
    ),
    ...report.taxes.classes.map((c) => row('tax', '', c.taxClass, taxes(c))),
    ...[
      ...report.tenders.locations.flatMap((l) => l.methods.map((m) => ({ id: l.locationId, m }))),
      ...report.tenders.methods.map((m) => ({ id: '', m })),
    ].map(({ id, m }) =>
      row('tender', id, tenderNames[m.method][fr], {
        orders: m.orders,
        returns: m.returns,
        gross_revenue_with_taxes: money(m.amountCents),
        refunded_with_taxes: money(m.refundedCents),
        revenue_with_taxes: money(m.netCents),
      }),
    ),
    ...(['previous', 'yearEarlier'] as const).map((which) => {
      const earlier = report.comparison[which];
      return row(which, '', '', period(earlier.totals), earlier.period);
    }),
  ];
  const header = Object.fromEntries(csvColumns.map((c) => [c, fr ? columns[c] : c]));
  return Buffer.from(
    stringify(rows, {
      header: true,
      columns: csvColumns.map((key) => ({ key, header: header[key] })),
      delimiter: fr ? ';' : ',',
      bom: true,
    }),
    'utf8',
  );
}

export const renderJson = (report: SalesReport): Buffer =>
  Buffer.from(JSON.stringify(report, null, 2), 'utf8');

export const renderExport = (report: SalesReport, format: ExportFormat, locale: ExportLocale): Buffer =>
  format === 'csv' ? renderCsv(report, locale) : renderJson(report);
