import { api, type Page } from '../lib/api.ts';
import { h, render, type Child } from '../lib/dom.ts';
import { formatNumber } from '../lib/i18n.ts';
import { describeError } from '../lib/layout.ts';
import { lineName } from '../lib/products.ts';

/**
 * Head office's stock section (docs/stock.md): the replenishment overview (what each store waits
 * for, what is on the road), the warehouse's purchase orders (send a suggested one, receive part or
 * all of a sent one) and a count entered for a location. Its own module: the rest of the office page
 * only mounts it.
 */
type T = (key: string, values?: Record<string, string | number>) => string;

interface Request {
  readonly id: string;
  readonly storeId: string;
  readonly productId: string;
  readonly quantity: number;
  readonly status: string;
}
interface PurchaseOrder {
  readonly purchaseOrderId: string;
  readonly supplierName: string;
  readonly status: string;
  readonly lines: { productId: string; name: string; quantity: number; received: number }[];
}
interface StockItem {
  readonly productId: string;
  readonly name: string;
}
interface CountResult {
  readonly lines: { productId: string; name: string; variance?: number }[];
}

const stores = ['store-1', 'store-2', 'store-3', 'store-4', 'store-5'];
const open = new Set(['requested', 'waiting', 'in-transit', 'receiving']);
const key = () => crypto.randomUUID();

export function mountStock(box: HTMLElement, t: T, nameOf: (id: string) => string): () => Promise<void> {
  const overview = h('div', { id: 'replenishment-overview' });
  const orders = h('div', { id: 'purchase-orders' });
  const count = h('div', { id: 'count-entry' });
  render(box, h('h2', { id: 'stock-title' }, t('office.stock.title')), overview, orders, count);

  const status = (s: string) => t(`office.stock.status.${s}`);

  async function loadOverview(): Promise<void> {
    let body: Child;
    try {
      const pages = await Promise.all(
        stores.map((s) =>
          api.get<Page<Request>>(`/locations/${s}/replenishments`, { query: { limit: '100' } }),
        ),
      );
      const rows = pages.flatMap((p) => p.items).filter((r) => open.has(r.status));
      body =
        rows.length === 0
          ? h('p', { class: 'muted' }, t('office.stock.nothingOpen'))
          : h(
              'div',
              { class: 'table-wrap', tabindex: '0' },
              h(
                'table',
                { id: 'overview-table' },
                h('caption', {}, t('office.stock.overview')),
                h(
                  'thead',
                  {},
                  h(
                    'tr',
                    {},
                    h('th', { scope: 'col' }, t('office.store')),
                    h('th', { scope: 'col' }, t('common.product')),
                    h('th', { scope: 'col', class: 'num' }, t('office.stock.quantity')),
                    h('th', { scope: 'col' }, t('office.stock.statusColumn')),
                  ),
                ),
                h(
                  'tbody',
                  {},
                  rows.map((r) =>
                    h(
                      'tr',
                      { 'data-product-id': r.productId, 'data-status': r.status },
                      h('td', {}, nameOf(r.storeId)),
                      h('td', {}, lineName(r.productId, r.productId)),
                      h('td', { class: 'num' }, formatNumber(r.quantity)),
                      h('td', {}, status(r.status)),
                    ),
                  ),
                ),
              ),
            );
    } catch (error) {
      body = h('div', { class: 'alert alert-error' }, describeError(error));
    }
    render(overview, h('h3', {}, t('office.stock.overview')), body);
  }

  async function act(run: () => Promise<unknown>, box: HTMLElement): Promise<void> {
    try {
      await run();
      await Promise.all([loadOrders(), loadOverview()]);
    } catch (error) {
      box.append(h('div', { class: 'alert alert-error', role: 'alert' }, describeError(error)));
    }
  }

  async function loadOrders(): Promise<void> {
    let body: Child;
    try {
      const page = await api.get<Page<PurchaseOrder>>('/purchase-orders', { query: { limit: '50' } });
      body =
        page.items.length === 0
          ? h('p', { class: 'muted' }, t('office.stock.noOrders'))
          : h(
              'div',
              { class: 'table-wrap', tabindex: '0' },
              h(
                'table',
                { id: 'orders-table' },
                h('caption', {}, t('office.stock.orders')),
                h(
                  'thead',
                  {},
                  h(
                    'tr',
                    {},
                    h('th', { scope: 'col' }, t('office.stock.supplier')),
                    h('th', { scope: 'col' }, t('common.product')),
                    h('th', { scope: 'col', class: 'num' }, t('office.stock.ordered')),
                    h('th', { scope: 'col', class: 'num' }, t('office.stock.received')),
                    h('th', { scope: 'col' }, t('office.stock.statusColumn')),
                    h('th', { scope: 'col' }, t('office.stock.action')),
                  ),
                ),
                h(
                  'tbody',
                  {},
                  page.items.map((po) => {
                    const line = po.lines[0]!;
                    const cell = h('td', {});
                    const id = encodeURIComponent(po.purchaseOrderId);
                    if (po.status === 'suggested')
                      cell.append(
                        h(
                          'button',
                          {
                            type: 'button',
                            onclick: () =>
                              void act(
                                () => api.post(`/purchase-orders/${id}/send`, {}, { idempotencyKey: key() }),
                                cell,
                              ),
                          },
                          t('office.stock.send'),
                        ),
                      );
                    if (po.status === 'sent' || po.status === 'partially-received') {
                      const input = h('input', {
                        type: 'number',
                        min: '1',
                        max: String(line.quantity - line.received),
                        value: String(line.quantity - line.received),
                        'aria-label': t('office.stock.receiveUnits', { name: line.name }),
                      });
                      cell.append(
                        input,
                        h(
                          'button',
                          {
                            type: 'button',
                            onclick: () =>
                              void act(
                                () =>
                                  api.post(
                                    `/purchase-orders/${id}/receipts`,
                                    { lines: [{ productId: line.productId, quantity: Number(input.value) }] },
                                    { idempotencyKey: key() },
                                  ),
                                cell,
                              ),
                          },
                          t('office.stock.receive'),
                        ),
                      );
                    }
                    return h(
                      'tr',
                      { 'data-purchase-order-id': po.purchaseOrderId, 'data-product-id': line.productId },
                      h('td', {}, po.supplierName),
                      h('td', {}, lineName(line.productId, line.name)),
                      h('td', { class: 'num' }, formatNumber(line.quantity)),
                      h('td', { class: 'num', 'data-testid': 'received' }, formatNumber(line.received)),
                      h('td', { 'data-testid': 'status' }, status(po.status)),
                      cell,
                    );
                  }),
                ),
              ),
            );
    } catch (error) {
      body = h('div', { class: 'alert alert-error' }, describeError(error));
    }
    render(orders, h('h3', {}, t('office.stock.orders')), body);
  }

  /** A blind count: the sheet lists the location's products without what the system expects. */
  function renderCount(): void {
    const select = h(
      'select',
      { id: 'count-location' },
      [...stores, 'warehouse'].map((id) => h('option', { value: id }, nameOf(id))),
    );
    const sheet = h('div', { id: 'count-sheet' });
    const result = h('div', { id: 'count-result', role: 'status' });
    // The sheet says which location it lists (data-location) once loaded. Only the latest load
    // renders, and choosing the location already listed keeps what was typed.
    let loads = 0;
    const load = async () => {
      const location = select.value;
      if (sheet.dataset.location === location) return;
      const mine = ++loads;
      delete sheet.dataset.location;
      render(result);
      try {
        const stock = await api.get<{ items: StockItem[] }>(`/locations/${location}/stock`);
        if (mine !== loads) return;
        sheet.dataset.location = location;
        render(
          sheet,
          h(
            'div',
            { class: 'table-wrap', tabindex: '0' },
            h(
              'table',
              {},
              h('caption', {}, t('office.stock.sheet')),
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  h('th', { scope: 'col' }, t('common.product')),
                  h('th', { scope: 'col' }, t('office.stock.counted')),
                ),
              ),
              h(
                'tbody',
                {},
                stock.items.map((s) =>
                  h(
                    'tr',
                    { 'data-product-id': s.productId },
                    h('td', {}, lineName(s.productId, s.name)),
                    h(
                      'td',
                      {},
                      h('input', {
                        type: 'number',
                        min: '0',
                        'data-product-id': s.productId,
                        'aria-label': t('office.stock.countedOf', { name: lineName(s.productId, s.name) }),
                      }),
                    ),
                  ),
                ),
              ),
            ),
          ),
        );
      } catch (error) {
        if (mine !== loads) return;
        render(sheet, h('div', { class: 'alert alert-error' }, describeError(error)));
      }
    };
    const post = async () => {
      // The count is for the location the sheet lists, not one chosen while it was reloading.
      const location = sheet.dataset.location;
      if (location === undefined) return;
      const lines = [...sheet.querySelectorAll<HTMLInputElement>('input[data-product-id]')]
        .filter((i) => i.value !== '')
        .map((i) => ({ productId: i.dataset.productId!, counted: Number(i.value) }));
      try {
        const out = await api.post<CountResult>(
          `/locations/${location}/counts`,
          { lines },
          { idempotencyKey: key() },
        );
        render(
          result,
          h(
            'ul',
            {},
            out.lines
              .filter((l) => l.variance !== undefined)
              .map((l) =>
                h(
                  'li',
                  { 'data-product-id': l.productId },
                  t('office.stock.variance', { name: lineName(l.productId, l.name), units: l.variance ?? 0 }),
                ),
              ),
          ),
        );
      } catch (error) {
        render(result, h('div', { class: 'alert alert-error' }, describeError(error)));
      }
    };
    select.addEventListener('change', () => void load());
    render(
      count,
      h('h3', {}, t('office.stock.count')),
      h('label', { for: 'count-location' }, t('office.stock.location')),
      select,
      sheet,
      h('button', { type: 'button', onclick: () => void post() }, t('office.stock.post')),
      result,
    );
    void load();
  }

  renderCount();
  return () => Promise.all([loadOverview(), loadOrders()]).then(() => undefined);
}
