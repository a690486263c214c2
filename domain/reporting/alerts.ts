import { stockStatus, type StockStatus, type Thresholds } from '../inventory/stock.ts';
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

/** The alert state a stock status stands for: reorder and ok are `normal`. */
export function alertStateOfStatus(status: StockStatus): AlertState {
  return status === 'out' || status === 'low' || status === 'over' ? status : 'normal';
}

/** A stock line as the reconciliation reads it: its level now and the time of its last movement. */
export interface StockLineNow {
  readonly locationId: string;
  readonly productId: string;
  readonly name: string;
  readonly available: number;
  readonly thresholds: Thresholds;
  /** Its last movement's time (absent: it never moved since it was loaded). */
  readonly lastAt?: string;
}

/** A stored entry of the read model. */
export interface AlertEntry {
  readonly locationId: string;
  readonly productId: string;
  readonly state: AlertState;
  readonly level: number;
  readonly occurredAt: string;
}

/**
 * What the read model must be told so that it says what the stock says: for each stock line whose
 * entry is missing (never announced: loaded at start, imported) or differs in state or level (an
 * announcement lost), the change its current level makes — stamped with the line's last movement
 * (so that any later event still wins, and any earlier one still loses), or `now` for a line that
 * never moved. A line without an alert and without an entry needs none. Pure.
 */
export function alertRepairs(
  lines: readonly StockLineNow[],
  entries: readonly AlertEntry[],
  now: string,
): AlertChange[] {
  const stored = new Map(entries.map((e) => [`${e.locationId}#${e.productId}`, e]));
  const changes: AlertChange[] = [];
  for (const l of lines) {
    const state = alertStateOfStatus(stockStatus(l.available, l.thresholds));
    const entry = stored.get(`${l.locationId}#${l.productId}`);
    const same = entry
      ? entry.state === state && (state === 'normal' || entry.level === l.available)
      : state === 'normal';
    if (same) continue;
    changes.push({
      locationId: l.locationId,
      productId: l.productId,
      name: l.name,
      level: l.available,
      state,
      occurredAt: l.lastAt ?? now,
    });
  }
  return changes;
}
