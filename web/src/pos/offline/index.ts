import type { PricedBasket } from '../../../../domain/sales/pricing.ts';
import { api, ApiError, type Page, type Product } from '../../lib/api.ts';
import { h, render } from '../../lib/dom.ts';
import { formatDateTime, formatMoney, receiptTranslator, translator } from '../../lib/i18n.ts';
import * as common from '../../lib/messages.ts';
import { orderLinesTable, totalsTable } from '../../lib/order-view.ts';
import * as messages from '../messages.ts';
import { cachedCatalog, lookupCached, saveCatalog } from './catalog.ts';
import { openOfflineDb, type CachedProduct, type OfflineDb, type QueuedSale } from './db.ts';
import { chargedOf, priceOffline } from './price.ts';
import { queueSale, rejectedSales, syncQueue, waitingCount, type SendOutcome } from './queue.ts';

export { rememberedSession, rememberSession } from './session.ts';

const t = translator(common, messages);
const onReceipt = receiptTranslator(common, messages);

/**
 * The till's offline mode (issue 15, docs/web.md "Offline till"). While the API cannot be reached the
 * till scans on the catalog it cached, prices with the server's own `priceBasket`, takes cash only,
 * prints a receipt marked offline with `HL-<registerId>-<n>` and queues the sale in IndexedDB with its
 * Idempotency-Key; an indicator shows the state and the sales waiting; when the API answers again the
 * queue is sent in order (queue.ts). The page (main.ts) calls it at three places: a product lookup,
 * the quote, and `pay()`.
 */
export interface OfflineQuote {
  readonly subtotalCents: number;
  readonly discountCents: number;
  readonly taxLines: PricedBasket['taxLines'];
  readonly gstCents: number;
  readonly qstCents: number;
  readonly cash: { readonly roundingCents: number; readonly totalCents: number };
  readonly card: { readonly roundingCents: number; readonly totalCents: number };
}

export interface OfflineTill {
  /** The indicator: offline or not, sales waiting, sales refused. */
  readonly indicator: HTMLElement;
  isOffline(): boolean;
  /** The error a request gets without the network (what the page throws itself while offline). */
  networkError(): ApiError;
  /**
   * True (and the till goes offline) when `error` says the API could not be reached and it still
   * cannot be (`/health` does not answer either): a lost answer with the server up is not offline.
   */
  networkDown(error: unknown): Promise<boolean>;
  /** A scan or a search on the cached catalog. */
  lookup(code: string): Promise<Product | undefined>;
  /** The basket priced locally (cash and card totals), or undefined when a product is not cached. */
  quote(lines: readonly { productId: string; quantity: number }[]): OfflineQuote | undefined;
  /** Records a cash sale made offline; its Idempotency-Key is the one given (created for this sale). */
  sell(input: {
    readonly lines: readonly { productId: string; quantity: number }[];
    readonly tenderedCents?: number | undefined;
    readonly idempotencyKey: string;
  }): Promise<{ readonly sale: QueuedSale; readonly priced: PricedBasket }>;
  /** The printed receipt of an offline sale. */
  receipt(sale: QueuedSale, priced: PricedBasket, storeName: string, onDone: () => void): HTMLElement;
  /** Sends what waits (in order); resolves once this try is over. */
  sync(): Promise<void>;
}

const probeMs = 3000;
const catalogRefreshMs = 5 * 60_000;

export function createOfflineTill(options: {
  readonly storeId: string;
  readonly registerId: () => string;
  /** After sales were synced: the register's session and the stock changed. */
  readonly onSynced: (count: number) => void;
}): OfflineTill {
  const { storeId } = options;
  let offline = typeof navigator !== 'undefined' && navigator.onLine === false;
  let products: CachedProduct[] = [];
  let waiting = 0;
  let refused = 0;
  let probe: ReturnType<typeof setInterval> | undefined;
  const indicator = h('div', { id: 'offline-status', role: 'status', 'aria-live': 'polite' });
  const dbReady: Promise<OfflineDb | undefined> = openOfflineDb().catch(() => undefined);

  const ready = (async () => {
    const db = await dbReady;
    if (!db) return;
    products = await cachedCatalog(db, storeId);
    await counts(db);
  })();

  async function counts(db: OfflineDb): Promise<void> {
    waiting = await waitingCount(db);
    refused = (await rejectedSales(db)).filter((s) => s.storeId === storeId).length;
    show();
  }

  function show(): void {
    render(
      indicator,
      offline
        ? h('span', { class: 'badge badge-low', 'data-testid': 'offline-badge' }, t('pos.offline.offline'))
        : null,
      waiting > 0
        ? h(
            'span',
            { class: 'small', 'data-testid': 'offline-waiting' },
            t('pos.offline.waiting', { count: waiting }),
          )
        : null,
      refused > 0
        ? h(
            'span',
            { class: 'small alert-error', 'data-testid': 'offline-rejected' },
            t('pos.offline.rejected', { count: refused }),
          )
        : null,
    );
    indicator.hidden = !offline && waiting === 0 && refused === 0;
    // How many products the till can sell offline (read by the browser test before it cuts the network).
    indicator.dataset.catalog = String(products.length);
  }

  function goOffline(): void {
    if (!offline) {
      offline = true;
      show();
    }
    probe ??= setInterval(() => void checkBack(), probeMs);
  }

  async function reachable(): Promise<boolean> {
    try {
      return (await fetch('/health', { cache: 'no-store' })).ok;
    } catch {
      return false;
    }
  }

  async function checkBack(): Promise<void> {
    if (await reachable()) back();
  }

  function back(): void {
    if (probe) clearInterval(probe);
    probe = undefined;
    offline = false;
    show();
    void sync();
    void refreshCatalog();
  }

  async function refreshCatalog(): Promise<void> {
    if (offline) return;
    const all: Product[] = [];
    try {
      let cursor: string | undefined;
      for (let page = 0; page < 50; page++) {
        const res = await api.get<Page<Product>>('/products', { query: { limit: 100, cursor } });
        all.push(...res.items);
        cursor = res.nextCursor;
        if (!cursor) break;
      }
    } catch (error) {
      if (error instanceof ApiError && error.status === 0) goOffline();
      return;
    }
    const db = await dbReady;
    if (db) await saveCatalog(db, storeId, all as CachedProduct[]);
    products = all as CachedProduct[];
    show();
  }

  async function send(sale: QueuedSale): Promise<SendOutcome> {
    try {
      const order = await api.post<{ id: string }>(
        `/locations/${encodeURIComponent(sale.storeId)}/sales`,
        sale.body,
        { idempotencyKey: sale.idempotencyKey },
      );
      return { kind: 'done', orderId: order.id };
    } catch (error) {
      if (!(error instanceof ApiError)) return { kind: 'later' };
      if (error.status === 0) goOffline();
      if (error.retryable || error.status === 401 || error.status === 0) return { kind: 'later' };
      return { kind: 'rejected', status: error.status, code: error.code, detail: error.detail };
    }
  }

  async function sync(): Promise<void> {
    const db = await dbReady;
    if (!db || offline) return;
    const result = await syncQueue(db, send);
    await counts(db);
    if (result.sent > 0) options.onSynced(result.sent);
  }

  if (typeof window !== 'undefined') {
    window.addEventListener('online', () => void checkBack());
    window.addEventListener('offline', goOffline);
  }
  void ready.then(() => (offline ? goOffline() : back()));
  setInterval(() => void refreshCatalog(), catalogRefreshMs);
  registerServiceWorker();

  return {
    indicator,
    isOffline: () => offline,
    networkError: () =>
      new ApiError(0, { title: t('error.network'), detail: t('error.networkDetail') }, undefined),
    async networkDown(error) {
      if (!(error instanceof ApiError && error.status === 0)) return false;
      if (!offline && (await reachable())) return false;
      goOffline();
      return true;
    },
    async lookup(code) {
      await ready;
      return lookupCached(products, code) as Product | undefined;
    },
    quote(lines) {
      try {
        const cash = priceOffline(lines, products, 'cash');
        const card = priceOffline(lines, products, 'card');
        return {
          subtotalCents: cash.subtotalCents,
          discountCents: cash.discountCents,
          taxLines: cash.taxLines,
          gstCents: cash.gstCents,
          qstCents: cash.qstCents,
          cash: { roundingCents: cash.roundingCents, totalCents: cash.totalCents },
          card: { roundingCents: card.roundingCents, totalCents: card.totalCents },
        };
      } catch {
        return undefined;
      }
    },
    async sell({ lines, tenderedCents, idempotencyKey }) {
      await ready;
      const db = await dbReady;
      if (!db) throw new Error(t('pos.offline.unknownProduct'));
      const priced = priceOffline(lines, products, 'cash');
      const sale = await queueSale(db, {
        storeId,
        idempotencyKey,
        body: {
          lines: lines.map((l) => ({ productId: l.productId, quantity: l.quantity })),
          payment: { method: 'cash', ...(tenderedCents !== undefined ? { tenderedCents } : {}) },
          registerId: options.registerId(),
          offline: { soldAt: new Date().toISOString(), charged: chargedOf(priced) },
        },
      });
      await counts(db);
      return { sale, priced };
    },
    receipt(sale, priced, storeName, onDone) {
      const { offline: o } = sale.body;
      const tendered = sale.body.payment.tenderedCents;
      return h(
        'section',
        { class: 'card receipt', 'aria-labelledby': 'receipt-title', 'data-offline-receipt': o.receipt },
        h(
          'h2',
          { id: 'receipt-title' },
          h('span', {}, onReceipt('pos.offline.receiptTitle')),
          h('span', { class: 'badge badge-low', 'data-testid': 'receipt-offline' }, t('pos.offline.mark')),
        ),
        h(
          'p',
          { class: 'muted small' },
          onReceipt('pos.receipt.meta', { store: storeName, date: formatDateTime(o.soldAt) }),
          h('code', { 'data-testid': 'offline-receipt-number' }, o.receipt),
        ),
        orderLinesTable(
          { lines: priced.lines.map((l) => ({ ...l, returnedQuantity: 0 })) },
          { receipt: true },
        ),
        totalsTable({ ...priced, taxLines: [...priced.taxLines] }, { receipt: true }),
        h(
          'p',
          { class: 'small' },
          onReceipt('pos.receipt.paidCash', { amount: formatMoney(priced.totalCents) }),
        ),
        tendered !== undefined
          ? h(
              'p',
              { class: 'small', 'data-testid': 'receipt-change' },
              onReceipt('pos.receipt.change', {
                amount: formatMoney(tendered),
                change: formatMoney(tendered - priced.totalCents),
              }),
            )
          : null,
        h('p', { class: 'muted small' }, t('pos.offline.receiptNote')),
        h('button', { type: 'button', onclick: onDone }, t('pos.newSale')),
      );
    },
    sync,
  };
}

/**
 * The till installable and loadable offline: its service worker (offline/sw.ts, built as
 * dist/pos-sw.js, served as /web/pos/sw.js so that its scope is the till's pages).
 */
function registerServiceWorker(): void {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/web/pos/sw.js').catch(() => undefined);
}
