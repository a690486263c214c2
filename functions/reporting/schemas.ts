import * as z from 'zod/mini';
import { isDay, maxReportDays, daysInPeriod } from '#domain/reporting/days.ts';
import { m } from '#domain/shared/message.ts';
import { tenderMethods } from '#domain/reporting/figures.ts';
import { exportLocales } from './export-file.ts';
import {
  Cents,
  Count,
  Cursor,
  Id,
  IsoDateTime,
  Limit,
  LocationId,
  defineRoutes,
} from '#functions/shared/schemas.ts';

/** A calendar day in America/Montreal, yyyy-mm-dd. */
export const Day = z.string().check(z.refine(isDay, 'must be a calendar day written yyyy-mm-dd'));

/** Its French text is found by the template (see fromZodError). */
const tooLong = m`a report covers at most ${maxReportDays} days`;

const periodChecks = <T extends { from: string; to: string }>(s: z.ZodMiniType<T>) =>
  s.check(
    z.refine((p) => !isDay(p.from) || !isDay(p.to) || p.from <= p.to, {
      message: 'must be the same day as from or later',
      path: ['to'],
    }),
    z.refine(
      (p) => !isDay(p.from) || !isDay(p.to) || p.from > p.to || daysInPeriod(p.from, p.to) <= maxReportDays,
      {
        message: tooLong.text,
        path: ['to'],
        params: { said: tooLong },
      },
    ),
  );

export const SalesReportQuery = periodChecks(
  z.strictObject({ from: Day, to: Day, locationId: z.optional(LocationId) }),
);

export const ExportFormat = z.enum(['csv', 'json']);
/** Language and number format of a CSV export: fr-CA (`;`, decimal comma; the default) or en-CA (`,`, decimal point). */
export const ExportLocale = z.enum(exportLocales);
export const CreateExportBody = periodChecks(
  z.strictObject({
    from: Day,
    to: Day,
    format: ExportFormat,
    locationId: z.optional(LocationId),
    locale: z.optional(ExportLocale),
  }),
);
export const ExportParams = z.strictObject({ exportId: Id });
export const ListExportsQuery = z.strictObject({ limit: Limit, cursor: z.optional(Cursor) });

const figures = {
  orders: Count,
  returns: Count,
  unitsSold: Count,
  unitsReturned: Count,
  units: z.int(),
  grossRevenueCents: Cents,
  refundedCents: Cents,
  revenueCents: Cents,
  grossRevenueWithTaxesCents: Cents,
  refundedWithTaxesCents: Cents,
  revenueWithTaxesCents: Cents,
};
/** Figures of a location, a day or a period: sales, discounts and net GST and QST. */
const periodFigures = {
  ...figures,
  averageBasketCents: Cents,
  discountCents: Cents,
  gstCents: Cents,
  qstCents: Cents,
};
const taxFigures = {
  salesCents: Cents,
  refundsCents: Cents,
  netSalesCents: Cents,
  gstCollectedCents: Cents,
  gstRefundedCents: Cents,
  gstCents: Cents,
  qstCollectedCents: Cents,
  qstRefundedCents: Cents,
  qstCents: Cents,
};
const TaxRow = z.object({ taxClass: z.string(), ...taxFigures });
const TenderRow = z.object({
  method: z.enum(tenderMethods),
  orders: Count,
  amountCents: Cents,
  returns: Count,
  refundedCents: Cents,
  netCents: Cents,
});
const LocationFigures = z.object({ locationId: LocationId, ...periodFigures });
const ComparedPeriod = z.object({
  period: z.object({ from: Day, to: Day }),
  locations: z.array(LocationFigures),
  totals: z.object(periodFigures),
});

export const SalesReport = z.object({
  period: z.object({ from: Day, to: Day, timeZone: z.string() }),
  locationId: z.optional(LocationId),
  locations: z.array(LocationFigures),
  products: z.array(z.object({ productId: Id, name: z.string(), ...figures })),
  days: z.array(z.object({ day: Day, ...periodFigures })),
  totals: z.object(periodFigures),
  /** Taxes per class and per location; `totals.gstCents` and `totals.qstCents` are the amounts to remit. */
  taxes: z.object({
    classes: z.array(TaxRow),
    locations: z.array(
      z.object({ locationId: LocationId, classes: z.array(TaxRow), totals: z.object(taxFigures) }),
    ),
    totals: z.object(taxFigures),
  }),
  /** Sales by tender (cash, card), taxes included. */
  tenders: z.object({
    methods: z.array(TenderRow),
    locations: z.array(z.object({ locationId: LocationId, methods: z.array(TenderRow) })),
  }),
  /** The previous period (same number of days, or of whole months) and the same period a year earlier. */
  comparison: z.object({ previous: ComparedPeriod, yearEarlier: ComparedPeriod }),
});

const Window = z.object({
  revenueCents: Cents,
  revenueWithTaxesCents: Cents,
  orders: Count,
  returns: Count,
  units: z.int(),
  averageBasketCents: Cents,
});
const TopProduct = z.object({ productId: Id, name: z.string(), units: z.int(), revenueCents: Cents });
const Alert = z.object({
  type: z.enum(['out', 'low', 'over']),
  locationId: LocationId,
  productId: Id,
  name: z.string(),
  level: z.int(),
  since: IsoDateTime,
});

const OfflineSale = z.object({
  locationId: LocationId,
  orderId: Id,
  receipt: z.string(),
  soldAt: IsoDateTime,
  syncedAt: IsoDateTime,
  delaySeconds: Count,
  totalCents: Cents,
  priceDifferences: z.array(
    z.object({
      productId: Id,
      name: z.string(),
      chargedCents: Cents,
      catalogCents: Cents,
      chargedTaxClass: z.string(),
      catalogTaxClass: z.string(),
    }),
  ),
});

export const Dashboard = z.object({
  today: Day,
  timeZone: z.string(),
  locations: z.array(
    z.object({
      locationId: LocationId,
      channel: z.enum(['pos', 'web']),
      today: Window,
      last7Days: Window,
      last30Days: Window,
      topProducts: z.array(TopProduct),
      alerts: z.object({ out: Count, low: Count, over: Count }),
    }),
  ),
  totals: z.object({ today: Window, last7Days: Window, last30Days: Window }),
  topProducts: z.array(TopProduct),
  alerts: z.array(Alert),
  /** The latest 20 sales made offline and synced late, the last synced first. */
  offlineSales: z.array(OfflineSale),
  /** Stock below zero: the `out` alerts at a negative level (an offline sale sold what was not there). */
  negativeStock: z.array(Alert),
});

export const Export = z.object({
  exportId: Id,
  period: z.object({ from: Day, to: Day }),
  locationId: z.optional(LocationId),
  format: ExportFormat,
  locale: z.optional(ExportLocale),
  trigger: z.enum(['manual', 'scheduled']),
  schedule: z.optional(z.string()),
  fileName: z.string(),
  sizeBytes: Count,
  createdAt: IsoDateTime,
  createdBy: z.optional(z.string()),
});

/** The reporting routes' contracts (functions/shared/contract.ts). */
export const reportingApi = defineRoutes({
  'GET /dashboard': { responses: { 200: Dashboard } },
  'GET /reports/sales': { query: SalesReportQuery, responses: { 200: SalesReport } },
  'POST /reports/exports': {
    body: CreateExportBody,
    responses: { 201: z.object({ exportId: Id, export: Export }) },
    idempotency: { table: 'reporting', required: false },
  },
  'GET /reports/exports': {
    query: ListExportsQuery,
    responses: { 200: z.object({ items: z.array(Export), nextCursor: z.optional(z.string()) }) },
  },
  'GET /reports/exports/{exportId}': {
    params: ExportParams,
    responses: { 200: z.extend(Export, { downloadUrl: z.string(), expiresAt: IsoDateTime }) },
    problems: [409],
  },
});
