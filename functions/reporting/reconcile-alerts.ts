import type { Context } from 'aws-lambda';
import { alertRepairs } from '#domain/reporting/alerts.ts';
import { log, newCorrelationId, withCorrelation } from '#functions/shared/correlation.ts';
import { DynamoReportingRepository, type ReportingRepository } from './adapters/reporting-repository.ts';
import { DynamoStockSnapshot, type StockSnapshot } from './adapters/stock-snapshot.ts';

/**
 * Target of the `reporting-alerts-reconciliation` schedule (every 15 minutes; locally also once at
 * start, so the demo's stock is in the alerts from the first minute; `npm run rebuild:read-models`
 * runs it on demand): the current-alerts read model made equal to the stock — entries missing
 * (stock loaded without events) or drifted (an announcement lost) are written from the stock
 * items, stamped with their last movement so the events keep winning from then on. Idempotent.
 */
export interface ReconcileDeps {
  readonly stock: StockSnapshot;
  readonly reporting: Pick<ReportingRepository, 'alertEntries' | 'changeAlert'>;
  readonly now: () => Date;
}

export async function reconcileAlerts(deps: ReconcileDeps): Promise<{ lines: number; repaired: number }> {
  const [lines, entries] = await Promise.all([deps.stock.lines(), deps.reporting.alertEntries()]);
  const repairs = alertRepairs(lines, entries, deps.now().toISOString());
  let repaired = 0;
  for (let i = 0; i < repairs.length; i += 16)
    repaired += (
      await Promise.all(repairs.slice(i, i + 16).map((c) => deps.reporting.changeAlert(c)))
    ).filter(Boolean).length;
  return { lines: lines.length, repaired };
}

const deps: ReconcileDeps = {
  stock: new DynamoStockSnapshot(),
  reporting: new DynamoReportingRepository(),
  now: () => new Date(),
};

export const handler = async (_event: { readonly schedule?: string }, _context?: Context) =>
  withCorrelation(newCorrelationId(), async () => {
    const out = await reconcileAlerts(deps);
    if (out.repaired > 0) log.info('alerts reconciled with the stock', out);
    return out;
  });
