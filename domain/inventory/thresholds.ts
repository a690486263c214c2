import { stockStatus, type StockStatus, type Thresholds } from './stock.ts';

/**
 * Threshold crossings: what a change of level (available units) from `before` to `after` announces.
 *
 * - `StockLevelChanged` whenever the status changes (out / low / reorder / ok / over): once per
 *   crossing of any threshold, including the reorder one.
 * - An alert event when the alert state changes: `StockOut` entering out (0), `StockLow` entering
 *   low (1 to low − 1), `Overstock` entering over (above over), `StockBackToNormal` entering
 *   reorder or ok from an alert state.
 *
 * Nothing is announced while the status stays the same, so a product that stays low emits nothing
 * more sale after sale. Every change of a stock item is one movement with the item's consecutive
 * levels, so summing the signals of all movements gives each crossing exactly once.
 *
 * `previousThresholds` (default: the same) rates `before` when the thresholds themselves changed:
 * a `thresholds` movement goes from (level, old thresholds) to (the same level, new thresholds).
 */
export type AlertState = 'out' | 'low' | 'over' | 'normal';

export type AlertEventName = 'StockOut' | 'StockLow' | 'Overstock' | 'StockBackToNormal';
export type StockSignal = 'StockLevelChanged' | AlertEventName;

export function alertStateOf(status: StockStatus): AlertState {
  return status === 'out' || status === 'low' || status === 'over' ? status : 'normal';
}

const alertEvent: Readonly<Record<AlertState, AlertEventName>> = {
  out: 'StockOut',
  low: 'StockLow',
  over: 'Overstock',
  normal: 'StockBackToNormal',
};

export interface Crossing {
  readonly previousStatus: StockStatus;
  readonly status: StockStatus;
  readonly signals: readonly StockSignal[];
}

export function crossing(
  before: number,
  after: number,
  thresholds: Thresholds,
  previousThresholds: Thresholds = thresholds,
): Crossing {
  const previousStatus = stockStatus(before, previousThresholds);
  const status = stockStatus(after, thresholds);
  if (previousStatus === status) return { previousStatus, status, signals: [] };
  const from = alertStateOf(previousStatus);
  const to = alertStateOf(status);
  return {
    previousStatus,
    status,
    signals: from === to ? ['StockLevelChanged'] : ['StockLevelChanged', alertEvent[to]],
  };
}
