import { h, render } from '../lib/dom.ts';
import { formatDateTime, formatMoney, translator } from '../lib/i18n.ts';
import * as common from '../lib/messages.ts';
import { lineName } from '../lib/products.ts';
import * as messages from './messages.ts';

const t = translator(common, messages);

/**
 * Head office's "Ventes hors ligne" (issue 15): the sales tills made offline and synced late — sold
 * at, synced at, how late, store, receipt, the products charged at a price the catalog no longer had
 * — and the stock lines those sales took below zero (`GET /dashboard`'s `offlineSales` and
 * `negativeStock`).
 */
export interface OfflineSale {
  readonly locationId: string;
  readonly orderId: string;
  readonly receipt: string;
  readonly soldAt: string;
  readonly syncedAt: string;
  readonly delaySeconds: number;
  readonly totalCents: number;
  readonly priceDifferences: readonly {
    readonly productId: string;
    readonly name: string;
    readonly chargedCents: number;
    readonly catalogCents: number;
    readonly chargedTaxClass: string;
    readonly catalogTaxClass: string;
  }[];
}
export interface NegativeLine {
  readonly locationId: string;
  readonly productId: string;
  readonly name: string;
  readonly level: number;
  readonly since: string;
}

/** "< 1 min", "42 min", "3 h 05". */
export function delayText(seconds: number): string {
  if (seconds < 60) return t('office.offline.delayUnderMinute');
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t('office.offline.delayMinutes', { minutes });
  return t('office.offline.delayHours', {
    hours: Math.floor(minutes / 60),
    minutes: String(minutes % 60).padStart(2, '0'),
  });
}

export function renderOfflineSales(
  box: HTMLElement,
  sales: readonly OfflineSale[],
  negative: readonly NegativeLine[],
  nameOf: (locationId: string) => string,
): void {
  render(
    box,
    h('h2', { id: 'offline-title' }, t('office.offline')),
    h('p', { class: 'muted small' }, t('office.offline.intro')),
    sales.length === 0
      ? h('p', { class: 'muted' }, t('office.offline.none'))
      : h(
          'div',
          { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': 'offline-sales-caption' },
          h(
            'table',
            { id: 'offline-sales' },
            h('caption', { id: 'offline-sales-caption' }, t('office.offline.salesCaption')),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', { scope: 'col' }, t('office.offline.soldAt')),
                h('th', { scope: 'col' }, t('office.offline.syncedAt')),
                h('th', { scope: 'col' }, t('office.offline.delay')),
                h('th', { scope: 'col' }, t('common.location')),
                h('th', { scope: 'col' }, t('office.offline.receipt')),
                h('th', { scope: 'col', class: 'num' }, t('office.offline.total')),
                h('th', { scope: 'col' }, t('office.offline.differences')),
              ),
            ),
            h(
              'tbody',
              {},
              sales.map((s) =>
                h(
                  'tr',
                  {},
                  h('td', {}, formatDateTime(s.soldAt)),
                  h('td', {}, formatDateTime(s.syncedAt)),
                  h('td', {}, delayText(s.delaySeconds)),
                  h('td', {}, nameOf(s.locationId)),
                  h('td', {}, s.receipt),
                  h('td', { class: 'num' }, formatMoney(s.totalCents)),
                  h(
                    'td',
                    {},
                    s.priceDifferences.length === 0
                      ? t('office.offline.noDifference')
                      : h(
                          'ul',
                          {},
                          s.priceDifferences.map((d) =>
                            h(
                              'li',
                              {},
                              t('office.offline.difference', {
                                product: lineName(d.productId, d.name),
                                charged: formatMoney(d.chargedCents),
                                catalog: formatMoney(d.catalogCents),
                              }),
                              d.chargedTaxClass !== d.catalogTaxClass
                                ? ` ${t('office.offline.taxClassDifference', {
                                    charged: d.chargedTaxClass,
                                    catalog: d.catalogTaxClass,
                                  })}`
                                : '',
                            ),
                          ),
                        ),
                  ),
                ),
              ),
            ),
          ),
        ),
    h('h3', {}, t('office.offline.negative')),
    negative.length === 0
      ? h('p', { class: 'muted' }, t('office.offline.noNegative'))
      : h(
          'div',
          { class: 'table-wrap', tabindex: '0' },
          h(
            'table',
            { id: 'negative-stock' },
            h('caption', {}, t('office.offline.negativeCaption')),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', { scope: 'col' }, t('common.product')),
                h('th', { scope: 'col' }, t('common.location')),
                h('th', { scope: 'col', class: 'num' }, t('office.level')),
                h('th', { scope: 'col' }, t('office.since')),
              ),
            ),
            h(
              'tbody',
              {},
              negative.map((a) =>
                h(
                  'tr',
                  {},
                  h('td', {}, lineName(a.productId, a.name)),
                  h('td', {}, nameOf(a.locationId)),
                  h('td', { class: 'num' }, h('span', { class: 'badge badge-out' }, String(a.level))),
                  h('td', {}, formatDateTime(a.since)),
                ),
              ),
            ),
          ),
        ),
  );
}
