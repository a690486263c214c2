import type { Context } from 'aws-lambda';
import { newCorrelationId, withCorrelation } from '#functions/shared/correlation.ts';
import { recoverOrders } from './sales-service.ts';
import { sellingDeps } from './selling-deps.ts';

/**
 * Target of the `sales-recovery` schedule (every minute; locally also once at start with
 * `orphanedBefore`): finishes the orders and returns that a crash or a timeout left unfinished.
 * Safe to run twice or concurrently: it takes an order's lease before touching it.
 */
const deps = sellingDeps();

export interface RecoverOrdersEvent {
  readonly schedule?: string;
  /** ISO-8601: leases taken before this time are void (the local runtime restarted). */
  readonly orphanedBefore?: string;
}

export const handler = async (event: RecoverOrdersEvent, _context?: Context) => {
  const correlationId = newCorrelationId();
  return withCorrelation(correlationId, () =>
    recoverOrders(deps, { orphanedBefore: event.orphanedBefore, correlationId }),
  );
};
