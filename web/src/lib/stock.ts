import type { StockStatus } from './api.ts';
import { h } from './dom.ts';

/** Stock status badges, the same in the POS and the head office. */
export const statusLabels: Record<StockStatus, string> = {
  out: 'Rupture',
  low: 'Bas',
  reorder: 'À commander',
  ok: 'OK',
  over: 'Surstock',
};

export function statusBadge(status: StockStatus): HTMLElement {
  return h('span', { class: `badge badge-${status}`, 'data-status': status }, statusLabels[status] ?? status);
}

/** Statuses for which a store may ask the warehouse for more. */
export const needsReplenishment = (s: StockStatus): boolean => s === 'out' || s === 'low' || s === 'reorder';
