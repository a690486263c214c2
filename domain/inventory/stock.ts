import type { StoredReorderSettings } from './reorder.ts';

/**
 * Stock of one product at one location, and its status against thresholds.
 * Defaults come from the original system: out at 0, low below 15, reorder below 25, over above 65.
 */
export interface Thresholds {
  /** Below this (and above 0) the level is `low`: a stock-out alert. */
  readonly low: number;
  /** Below this (and not low) a reorder is suggested. */
  readonly reorder: number;
  /** Above this the level is `over` (overstock). */
  readonly over: number;
}

export const defaultThresholds: Thresholds = { low: 15, reorder: 25, over: 65 };

export type StockStatus = 'out' | 'low' | 'reorder' | 'ok' | 'over';
export const stockStatuses: readonly StockStatus[] = ['out', 'low', 'reorder', 'ok', 'over'];

export interface StockLevel {
  readonly locationId: string;
  readonly productId: string;
  readonly name: string;
  readonly onHand: number;
  readonly reserved: number;
  readonly thresholds: Thresholds;
  /** Its reorder rule's settings, when a manager set one (domain/inventory/reorder.ts). */
  readonly reorderRule?: StoredReorderSettings;
}

/** Units that can be sold now: on hand minus those reserved by orders in progress. */
export function available(s: Pick<StockLevel, 'onHand' | 'reserved'>): number {
  return s.onHand - s.reserved;
}

/** Status of an available quantity: 0 out, 1–14 low, 15–24 reorder, 25–65 ok, 66+ over (defaults). */
export function stockStatus(units: number, t: Thresholds = defaultThresholds): StockStatus {
  if (units <= 0) return 'out';
  if (units < t.low) return 'low';
  if (units < t.reorder) return 'reorder';
  if (units > t.over) return 'over';
  return 'ok';
}

/** Units to order to bring the level back up to the overstock threshold (0 when nothing is suggested). */
export function suggestedReorderQuantity(units: number, t: Thresholds = defaultThresholds): number {
  return units < t.reorder ? t.over - Math.max(units, 0) : 0;
}

export function checkThresholds(t: Thresholds): string | undefined {
  if (![t.low, t.reorder, t.over].every((n) => Number.isInteger(n) && n >= 0))
    return 'thresholds are whole, non-negative numbers';
  if (!(t.low <= t.reorder && t.reorder <= t.over)) return 'thresholds must satisfy low ≤ reorder ≤ over';
  return undefined;
}
