import type { Alert, AlertType } from '#domain/reporting/report.ts';
import type { ReportingRepository } from './adapters/reporting-repository.ts';

const severity: Record<AlertType, number> = { out: 0, low: 1, over: 2 };

/**
 * Current stock alerts, most severe first (out, low, over), then by location and product. An alert
 * disappears once its product is back to normal (the read model keeps a hidden `normal` entry).
 */
export async function currentAlerts(
  deps: { reporting: Pick<ReportingRepository, 'currentAlerts'> },
  filter: { locationId?: string | undefined; type?: AlertType | undefined },
): Promise<{ items: Alert[] }> {
  const all = await deps.reporting.currentAlerts();
  const items = all
    .filter((a) => filter.locationId === undefined || a.locationId === filter.locationId)
    .filter((a) => filter.type === undefined || a.type === filter.type)
    .sort(
      (a, b) =>
        severity[a.type] - severity[b.type] ||
        a.locationId.localeCompare(b.locationId) ||
        a.productId.localeCompare(b.productId),
    );
  return { items };
}
