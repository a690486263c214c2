import type { AlertType } from './report.ts';

/**
 * The current-alerts read model: one entry per (location, product), replaced by each newer stock
 * event and never by an older one (events may arrive out of order: the latest `occurredAt` wins).
 * `StockBackToNormal` leaves a `normal` entry rather than deleting, so that a late `StockLow` from
 * before it cannot bring the alert back.
 */
export type AlertState = AlertType | 'normal';

export const alertStateOfEvent: Record<string, AlertState> = {
  StockOut: 'out',
  StockLow: 'low',
  Overstock: 'over',
  StockBackToNormal: 'normal',
};

export interface AlertChange {
  readonly locationId: string;
  readonly productId: string;
  readonly name: string;
  readonly level: number;
  readonly state: AlertState;
  readonly occurredAt: string;
}

/**
 * When the alert started: kept from the entry being replaced while the state stays the same
 * (a product still low since yesterday is "low since yesterday"), the event's time otherwise.
 */
export function sinceOf(
  change: AlertChange,
  previous: { state: AlertState; since: string } | undefined,
): string {
  return previous && previous.state === change.state && previous.since <= change.occurredAt
    ? previous.since
    : change.occurredAt;
}

/** Whether an incoming change may replace the stored one: strictly newer wins. */
export const supersedes = (incomingAt: string, storedAt: string | undefined): boolean =>
  storedAt === undefined || incomingAt > storedAt;
