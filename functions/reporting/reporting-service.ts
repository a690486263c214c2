import {
  addDays,
  checkPeriod,
  dayOf,
  previousPeriod,
  yearEarlier,
  type Period,
} from '#domain/reporting/days.ts';
import {
  buildDashboard,
  buildReport,
  dashboardProducts,
  fingerprintOf,
  settledTopDays,
  sumProductDays,
  dashboardWindow,
  salesLocations,
  type Dashboard,
  type SalesReport,
} from '#domain/reporting/report.ts';
import { dashboardOfflineSales } from '#domain/reporting/offline-sales.ts';
import { NotFoundError, RuleViolation } from '#domain/shared/errors.ts';
import type { ExportRecord, ReportingRepository } from './adapters/reporting-repository.ts';
import type { ReportFiles } from './adapters/report-files.ts';
import {
  contentTypes,
  defaultExportLocale,
  renderExport,
  type ExportFormat,
  type ExportLocale,
} from './export-file.ts';
import { m } from '#domain/shared/message.ts';

/**
 * Head-office use cases: the dashboard, the consolidated report and its exports. Every answer
 * reads the daily aggregates by key ranges (a few Queries per location), never the sales.
 */
export interface ReportingDeps {
  readonly reporting: ReportingRepository;
  readonly files: ReportFiles;
  readonly now: () => Date;
  readonly newId: () => string;
}

/** How long a download link stays valid. */
export const downloadLinkSeconds = 300;

export async function dashboard(deps: ReportingDeps): Promise<Dashboard> {
  const today = dayOf(deps.now().getTime());
  const w = dashboardWindow(today);
  const settled = settledTopDays(today);
  // 30 days of location-day counters, and per location the kept sums of the settled days of the
  // top-products window (kept by the projection) plus yesterday's and today's best sellers.
  const [days, recent, alerts, offlineSales] = await Promise.all([
    Promise.all(
      salesLocations.map((l) => deps.reporting.locationDays(l, w.from, today, { countersOnly: true })),
    ),
    Promise.all(salesLocations.map((l) => deps.reporting.recentTopProducts(l, settled.to, today))),
    deps.reporting.currentAlerts(),
    deps.reporting.latestOfflineSales(dashboardOfflineSales),
  ]);
  const products = (
    await Promise.all(
      salesLocations.map(async (l, i) => {
        const counts = days[i]!.map((d) => ({ day: d.day, ...d.counters }));
        const kept = recent[i]!.settled;
        if (kept && kept.fingerprint === fingerprintOf(counts, settled.from, settled.to))
          return [...kept.products, ...recent[i]!.products];
        // Not kept (no sale yet today), or they no longer match (an event is being counted): the days themselves.
        const again = await deps.reporting.topProductDays(l, settled.from, settled.to);
        return [...sumProductDays(again.products, l), ...recent[i]!.products];
      }),
    )
  ).flat();
  const names = await deps.reporting.productNames(dashboardProducts(today, salesLocations, products));
  return buildDashboard(today, salesLocations, days.flat(), products, alerts, names, offlineSales);
}

export interface ReportRequest extends Period {
  readonly locationId?: string | undefined;
}

export async function salesReport(deps: ReportingDeps, request: ReportRequest): Promise<SalesReport> {
  const period = checkPeriod({ from: request.from, to: request.to });
  if (request.locationId !== undefined && !salesLocations.includes(request.locationId))
    throw new RuleViolation(
      'locationId',
      m`${request.locationId} sells nothing: use one of ${salesLocations.join(', ')}`,
    );
  const locations = request.locationId ? [request.locationId] : salesLocations;
  const days = async (p: Period) =>
    (await Promise.all(locations.map((l) => deps.reporting.locationDays(l, p.from, p.to)))).flat();
  const previous = previousPeriod(period);
  const earlier = yearEarlier(period);
  // Products from the chain-wide product-days (one key range) or the location's own.
  const [locationRows, productRows, previousRows, earlierRows] = await Promise.all([
    days(period),
    request.locationId
      ? deps.reporting.productDays(request.locationId, period.from, period.to)
      : deps.reporting.chainProductDays(period.from, period.to),
    days(previous),
    days(earlier),
  ]);
  return buildReport({
    period,
    locationIds: locations,
    locationRows,
    productRows,
    locationId: request.locationId,
    previous: { period: previous, locationRows: previousRows },
    yearEarlier: { period: earlier, locationRows: earlierRows },
  });
}

/** What clients see of an export (the storage key stays inside). */
export type ExportView = Omit<ExportRecord, 'key' | 'contentType'>;
const viewOf = ({ key: _key, contentType: _type, ...view }: ExportRecord): ExportView => view;

export interface ExportRequest extends ReportRequest {
  readonly format: ExportFormat;
  /** Language and number format of a CSV (fr-CA when absent). */
  readonly locale?: ExportLocale | undefined;
}

export async function createExport(
  deps: ReportingDeps,
  request: ExportRequest,
  origin:
    | { trigger: 'manual'; createdBy?: string | undefined; exportId?: string | undefined }
    | { trigger: 'scheduled'; schedule: string },
): Promise<{ export: ExportView; created: boolean }> {
  const report = await salesReport(deps, request);
  const createdAt = deps.now().toISOString();
  const exportId =
    origin.trigger === 'scheduled'
      ? `${origin.schedule}-${report.period.from}`
      : (origin.exportId ?? deps.newId());
  const scope = request.locationId ?? 'all';
  const fileName = `comptoir-sales-${scope}-${report.period.from}_${report.period.to}.${request.format}`;
  const key = `exports/${createdAt.slice(0, 10)}/${exportId}/${fileName}`;
  const locale = request.locale ?? defaultExportLocale;
  const body = renderExport(report, request.format, locale);
  await deps.files.put(key, body, contentTypes[request.format]);
  const record: ExportRecord = {
    exportId,
    period: { from: report.period.from, to: report.period.to },
    ...(request.locationId ? { locationId: request.locationId } : {}),
    format: request.format,
    locale,
    trigger: origin.trigger,
    ...(origin.trigger === 'scheduled' ? { schedule: origin.schedule } : {}),
    ...(origin.trigger === 'manual' && origin.createdBy ? { createdBy: origin.createdBy } : {}),
    fileName,
    contentType: contentTypes[request.format],
    sizeBytes: body.length,
    key,
    createdAt,
  };
  const created = await deps.reporting.putExport(record);
  if (!created) {
    // A scheduled export runs at least once: a second run for the same day keeps the first record.
    const existing = await deps.reporting.getExport(exportId);
    return { export: viewOf(existing ?? record), created: false };
  }
  return { export: viewOf(record), created: true };
}

/** The input of a scheduled export, as written in infra/spec/schedules.ts. */
export interface ScheduledExportInput {
  readonly period: 'yesterday';
  readonly format: ExportFormat;
  readonly locale?: ExportLocale | undefined;
}

export async function scheduledExport(deps: ReportingDeps, input: ScheduledExportInput, schedule: string) {
  const yesterday = addDays(dayOf(deps.now().getTime()), -1);
  return createExport(
    deps,
    { from: yesterday, to: yesterday, format: input.format, locale: input.locale },
    { trigger: 'scheduled', schedule },
  );
}

export async function listExports(deps: ReportingDeps, limit: number, cursor?: string) {
  const page = await deps.reporting.listExports(limit, cursor);
  if (!page)
    throw new RuleViolation('query.cursor', 'The cursor does not belong to this list', 'invalid cursor');
  return { items: page.items.map(viewOf), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

export async function exportDownload(deps: ReportingDeps, exportId: string) {
  const record = await deps.reporting.getExport(exportId);
  if (!record) throw new NotFoundError('Export', exportId);
  const url = await deps.files.downloadUrl(record.key, record.fileName, downloadLinkSeconds);
  return {
    ...viewOf(record),
    downloadUrl: url,
    expiresAt: new Date(deps.now().getTime() + downloadLinkSeconds * 1000).toISOString(),
  };
}
