import type { StockStatus } from './api.ts';
import { h } from './dom.ts';
import { translator } from './i18n.ts';
import * as common from './messages.ts';

const t = translator(common);

/** Stock status badges, the same in the POS and the head office. */
export const statusLabel = (status: StockStatus): string => t(`stock.${status}`);

export function statusBadge(status: StockStatus): HTMLElement {
  return h('span', { class: `badge badge-${status}`, 'data-status': status }, statusLabel(status) ?? status);
}

/**
 * What the till and the shop show instead of a stock badge for a product made to order
 * (`stocked: false`): it has no stock line, so never "Rupture".
 */
export function madeToOrderTag(): HTMLElement {
  return h('span', { class: 'badge badge-neutral', 'data-testid': 'made-to-order' }, t('stock.madeToOrder'));
}

/**
 * A line below zero: an offline sale sold more than the store had (docs/web.md, "Offline till");
 * shown beside its "Rupture" badge until the stock is counted or received.
 */
export function negativeBadge(onHand: number): HTMLElement | null {
  return onHand < 0
    ? h('span', { class: 'badge badge-out', 'data-testid': 'negative-stock' }, t('stock.negative'))
    : null;
}

/** Statuses for which a store may ask the warehouse for more. */
export const needsReplenishment = (s: StockStatus): boolean => s === 'out' || s === 'low' || s === 'reorder';
