import type { Order } from './api.ts';
import { h } from './dom.ts';
import { formatMoney, receiptTranslator, translator } from './i18n.ts';
import * as common from './messages.ts';
import { lineName, receiptLineName } from './products.ts';

const t = translator(common);
/** A receipt (the till's, the shop's confirmation) is in French, with English beside it on the switch. */
const onReceipt = receiptTranslator(common);

export interface ViewOptions {
  /** The order's receipt: French first, English beside it when the page is in English. */
  readonly receipt?: boolean;
}

const orderStatuses = ['pending', 'confirmed', 'failed', 'returned', 'partially-returned'] as const;
const isOrderStatus = (s: string): s is Order['status'] => (orderStatuses as readonly string[]).includes(s);
export const orderStatusLabel = (s: string): string => (isOrderStatus(s) ? t(`order.status.${s}`) : s);

const failureCodes = [
  'insufficient-stock',
  'payment-declined',
  'payment-reversed',
  'payment-unavailable',
] as const;
/**
 * Why an order failed, in the page's language: the order keeps the server's text (English, as the
 * saga wrote it), so the known codes are told in the app's own words.
 */
export function failureText(failure: { readonly code: string; readonly detail: string }): string {
  const code = failure.code as (typeof failureCodes)[number];
  return failureCodes.includes(code) ? t(`problem.${code}`) : failure.detail;
}

/** How a confirmed order reads, at the till and in the shop: lines, then the server's totals. */
export function orderLinesTable(order: Pick<Order, 'lines'>, options: ViewOptions = {}): HTMLElement {
  const say = options.receipt ? onReceipt : t;
  const name = options.receipt ? receiptLineName : lineName;
  return h(
    'table',
    { class: 'order-lines' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, say('common.product')),
        h('th', { class: 'num' }, say('common.qty')),
        h('th', { class: 'num' }, say('common.price')),
        h('th', { class: 'num' }, say('common.total')),
      ),
    ),
    h(
      'tbody',
      {},
      order.lines.map((l) =>
        h(
          'tr',
          {},
          h('td', {}, name(l.productId, l.name)),
          h('td', { class: 'num' }, l.quantity),
          h('td', { class: 'num' }, formatMoney(l.unitPriceCents)),
          h('td', { class: 'num' }, formatMoney(l.lineTotalCents)),
        ),
      ),
    ),
  );
}

export function totalsTable(
  order: Pick<Order, 'subtotalCents' | 'gstCents' | 'qstCents' | 'totalCents'> & {
    roundingCents?: unknown;
    discountCents?: unknown;
    shippingCents?: unknown;
    taxLines?: Order['taxLines'];
  },
  options: ViewOptions = {},
): HTMLElement {
  const say = options.receipt ? onReceipt : t;
  const rounding = typeof order.roundingCents === 'number' ? order.roundingCents : 0;
  const discount = typeof order.discountCents === 'number' ? order.discountCents : 0;
  const shipping = typeof order.shippingCents === 'number' ? order.shippingCents : 0;
  const row = (label: string, testId: string, cents: number, attrs: Record<string, string> = {}) =>
    h('tr', attrs, h('td', {}, label), h('td', { class: 'num', 'data-testid': testId }, formatMoney(cents)));
  return h(
    'table',
    { class: 'totals', 'aria-label': say('order.totals') },
    h(
      'tbody',
      {},
      row(say('order.subtotal'), 'subtotal', order.subtotalCents),
      discount > 0 ? row(say('order.discount'), 'discount', -discount) : null,
      shipping > 0 ? row(say('order.shipping'), 'shipping', shipping) : null,
      ...taxClassRows(order.taxLines, say),
      row(say('order.gst'), 'gst', order.gstCents),
      row(say('order.qst'), 'qst', order.qstCents),
      rounding !== 0 ? row(say('order.rounding'), 'rounding', rounding) : null,
      row(say('common.total'), 'total', order.totalCents, { class: 'grand' }),
    ),
  );
}

const classLabel = {
  standard: ['order.taxClass.standard', 'order.taxClass.standard'],
  'zero-rated': ['order.taxClass.zero-rated', 'order.taxClass.zero-rated'],
  'bakery-single': ['order.taxClass.bakery-single', 'order.taxClass.bakery-single.free'],
} as const;

/**
 * The receipt's amounts per tax class (docs/taxes.md), when the sale holds more than plain taxable
 * goods: what was zero-rated is shown apart from what bore GST and QST.
 */
function taxClassRows(taxLines: Order['taxLines'], say: typeof t): HTMLElement[] {
  if (!taxLines || taxLines.every((l) => l.taxClass === 'standard')) return [];
  return taxLines.map((l) => {
    const taxed = l.gstCents + l.qstCents > 0;
    const label = say(classLabel[l.taxClass][taxed ? 0 : 1]);
    return h(
      'tr',
      { class: 'small muted' },
      h('td', {}, label),
      h('td', { class: 'num', 'data-testid': `taxable-${l.taxClass}` }, formatMoney(l.taxableCents)),
    );
  });
}
