import type { Order } from './api.ts';
import { h } from './dom.ts';
import { formatCents } from './money.ts';

export const orderStatusLabels: Record<Order['status'], string> = {
  pending: 'En cours',
  confirmed: 'Confirmée',
  failed: 'Échouée',
  returned: 'Retournée',
  'partially-returned': 'Retour partiel',
};
export const orderStatusLabel = (s: string): string => orderStatusLabels[s as Order['status']] ?? s;

/** How a confirmed order reads, at the till and in the shop: lines, then the server's totals. */
export function orderLinesTable(order: Pick<Order, 'lines'>): HTMLElement {
  return h(
    'table',
    { class: 'order-lines' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, 'Produit'),
        h('th', { class: 'num' }, 'Qté'),
        h('th', { class: 'num' }, 'Prix'),
        h('th', { class: 'num' }, 'Total'),
      ),
    ),
    h(
      'tbody',
      {},
      order.lines.map((l) =>
        h(
          'tr',
          {},
          h('td', {}, l.name),
          h('td', { class: 'num' }, l.quantity),
          h('td', { class: 'num' }, formatCents(l.unitPriceCents)),
          h('td', { class: 'num' }, formatCents(l.lineTotalCents)),
        ),
      ),
    ),
  );
}

export function totalsTable(
  order: Pick<Order, 'subtotalCents' | 'gstCents' | 'qstCents' | 'totalCents'> & { roundingCents?: unknown },
): HTMLElement {
  const rounding = typeof order.roundingCents === 'number' ? order.roundingCents : 0;
  return h(
    'table',
    { class: 'totals', 'aria-label': 'Totaux' },
    h(
      'tbody',
      {},
      h(
        'tr',
        {},
        h('td', {}, 'Sous-total'),
        h('td', { class: 'num', 'data-testid': 'subtotal' }, formatCents(order.subtotalCents)),
      ),
      h(
        'tr',
        {},
        h('td', {}, 'TPS (5 %)'),
        h('td', { class: 'num', 'data-testid': 'gst' }, formatCents(order.gstCents)),
      ),
      h(
        'tr',
        {},
        h('td', {}, 'TVQ (9,975 %)'),
        h('td', { class: 'num', 'data-testid': 'qst' }, formatCents(order.qstCents)),
      ),
      rounding !== 0
        ? h(
            'tr',
            {},
            h('td', {}, 'Arrondi (comptant)'),
            h('td', { class: 'num', 'data-testid': 'rounding' }, formatCents(rounding)),
          )
        : null,
      h(
        'tr',
        { class: 'grand' },
        h('td', {}, 'Total'),
        h('td', { class: 'num', 'data-testid': 'total' }, formatCents(order.totalCents)),
      ),
    ),
  );
}
