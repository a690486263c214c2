import type { AlertChange } from '#domain/reporting/alerts.ts';
import { dayOf } from '#domain/reporting/days.ts';
import { fingerprintOf, settledTopDays, sumProductDays } from '#domain/reporting/report.ts';
import {
  returnContribution,
  saleContribution,
  type Contribution,
  type OrderReturn,
  type SoldOrder,
} from '#domain/reporting/sales.ts';
import { offlineSaleRow, type OfflineSaleFacts } from '#domain/reporting/offline-sales.ts';
import { log } from '#functions/shared/correlation.ts';
import type { ReportingRepository } from './adapters/reporting-repository.ts';

/**
 * The reporting projections: what a confirmed order, a return or a stock alert does to the read
 * models. Each sale and each return is counted once in every aggregate, whether its event comes
 * twice (same or new event id) or out of order (a return before its sale: a return carries its own
 * prices and refund, and counters only add up, so the order of arrival does not matter).
 */
export interface ProjectionDeps {
  readonly reporting: ReportingRepository;
  readonly now: () => Date;
}

export const saleTag = (orderId: string) => `c:${orderId}`;
export const returnTag = (orderId: string, returnId: string) => `r:${orderId}:${returnId}`;

async function countOnce(
  deps: ProjectionDeps,
  orderId: string,
  tag: string,
  applied: Readonly<Record<string, string>>,
  contribution: Contribution,
): Promise<void> {
  if (applied[tag]) {
    log.info('already counted', { tag });
    return;
  }
  const now = deps.now();
  const { firstOfDay } = await deps.reporting.addToAggregates(tag, contribution, now);
  await deps.reporting.markApplied(orderId, tag, now.toISOString());
  // The dashboard's kept sums of settled best sellers: made by the day's first sale at a location,
  // made again by an event that comes late for one of the settled days.
  const today = dayOf(now.getTime());
  const settled = settledTopDays(today);
  const late = contribution.day >= settled.from && contribution.day <= settled.to;
  if ((firstOfDay && contribution.day === today) || late)
    await keepSettledTopProducts(deps, contribution.locationId, today);
}

/** Sums a location's best sellers over the settled days of today's dashboard window, and keeps them. */
export async function keepSettledTopProducts(
  deps: ProjectionDeps,
  locationId: string,
  today: string,
): Promise<void> {
  const settled = settledTopDays(today);
  const days = await deps.reporting.topProductDays(locationId, settled.from, settled.to);
  await deps.reporting.keepSettledTopProducts(
    locationId,
    settled.to,
    sumProductDays(days.products, locationId),
    fingerprintOf(days.counts, settled.from, settled.to),
    deps.now(),
  );
}

export async function projectSale(deps: ProjectionDeps, order: SoldOrder): Promise<void> {
  const contribution = saleContribution(order);
  const state = await deps.reporting.recordSale(order);
  await countOnce(deps, order.orderId, saleTag(order.orderId), state.applied, contribution);
}

/**
 * A sale a till made offline: its row in the dashboard's offline sales, kept once (one conditional
 * put keyed by the order id: a second delivery, with the same or a new event id, changes nothing).
 */
export async function projectOfflineSale(deps: ProjectionDeps, sale: OfflineSaleFacts): Promise<void> {
  const kept = await deps.reporting.keepOfflineSale(offlineSaleRow(sale));
  if (!kept) log.info('offline sale already kept', { orderId: sale.orderId });
}

export async function projectReturn(deps: ProjectionDeps, ret: OrderReturn): Promise<void> {
  const state = await deps.reporting.orderState(ret.orderId);
  await countOnce(
    deps,
    ret.orderId,
    returnTag(ret.orderId, ret.returnId),
    state.applied,
    returnContribution(ret, state.sale),
  );
}

export async function projectAlert(deps: ProjectionDeps, change: AlertChange): Promise<void> {
  const changed = await deps.reporting.changeAlert(change);
  if (!changed)
    log.info('older stock alert ignored', { locationId: change.locationId, productId: change.productId });
}
