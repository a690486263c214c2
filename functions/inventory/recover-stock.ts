import type { Context } from 'aws-lambda';
import { newCorrelationId, withCorrelation } from '#functions/shared/correlation.ts';
import { staleMs } from './adapters/ledger.ts';
import { replenishmentDeps } from './replenishment-deps.ts';
import { recoverCounts } from './count-service.ts';
import { withUnblock } from './purchasing-deps.ts';
import { recoverPurchases } from './purchasing-service.ts';
import { recoverReplenishments } from './replenishment-service.ts';

/**
 * Target of the `inventory-recovery` schedule (every minute; locally also once at start): records
 * the stock movements whose writer died before recording them (the pending-outbox index), drives
 * the replenishment requests stuck past their deadline (not those in transit: the store confirms
 * them), and finishes purchase receipts and counts whose request died half-way. Idempotent, like the steps it repeats.
 */
const deps = replenishmentDeps();

export interface RecoverStockEvent {
  readonly schedule?: string;
  /** ISO-8601: the local runtime restarted then; every outbox written before it is orphaned. */
  readonly orphanedBefore?: string;
}

export const handler = async (event: RecoverStockEvent, _context?: Context) =>
  withCorrelation(newCorrelationId(), async () => {
    const before = new Date(
      Math.max(deps.now().getTime() - staleMs, event.orphanedBefore ? Date.parse(event.orphanedBefore) : 0),
    );
    const movements = await deps.ledger.sweep(before);
    const replenishments = await recoverReplenishments(deps);
    const purchases = await recoverPurchases(withUnblock(deps));
    const counts = await recoverCounts(deps.countDeps);
    return { movements, replenishments, purchases, counts };
  });
