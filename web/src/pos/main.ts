import {
  api,
  ApiError,
  isMissingRoute,
  testCards,
  type Location,
  type Order,
  type Page,
  type Product,
  type StockLine,
} from '../lib/api.ts';
import { debounce, h, newKey, render, type Child } from '../lib/dom.ts';
import { formatDateTime, formatMoney, receiptTranslator, translator } from '../lib/i18n.ts';
import { describeError, mountLayout, reference, requireRole } from '../lib/layout.ts';
import * as common from '../lib/messages.ts';
import { orderLinesTable, orderStatusLabel, totalsTable } from '../lib/order-view.ts';
import { learnEnglishNames, lineName, productName, rememberNames } from '../lib/products.ts';
import { printOnly } from '../lib/print.ts';
import { madeToOrderTag, needsReplenishment, negativeBadge, statusBadge } from '../lib/stock.ts';
import * as messages from './messages.ts';
import { mountDiscounts, type BasketDiscounts, type Discount } from './discounts.ts';
import { pickProduct, scanQueue } from './scan.ts';
import { mountRegister, parseMoney, tillOfDevice, type RegisterSession } from './register.ts';
import { createOfflineTill } from './offline/index.ts';
import { mountParked } from './parked.ts';
import { mountReturns, voidButton, voidDoneText } from './returns.ts';

const t = translator(common, messages);
const onReceipt = receiptTranslator(common, messages);

/**
 * The till: find products (typing or a barcode scanner, which types digits then Enter), build a
 * basket, take cash or card, print the receipt the server confirmed; and the store's stock with a
 * one-click replenishment request. The server prices everything: the basket shows an estimate
 * from catalog prices, the receipt shows the confirmed order's subtotal, GST, QST and total.
 * The basket is kept in sessionStorage, so showing the till in the other language (a reload) or a
 * refresh keeps it, with the Idempotency-Key of an attempt that may still be retried.
 */
const layout = mountLayout('pos', t('pos.title'));
const session = requireRole(layout, ['cashier'], t('pos.title'));

/** The server's price of the basket (POST /locations/{storeId}/quotes): the sale's own pricing. */
interface Quote {
  readonly subtotalCents: number;
  readonly discountCents?: number;
  readonly approvalNeeded?: boolean;
  readonly gstCents: number;
  readonly qstCents: number;
  readonly cash: { readonly roundingCents: number; readonly totalCents: number };
  readonly card: { readonly roundingCents: number; readonly totalCents: number };
}

interface BasketLine {
  readonly product: Product;
  quantity: number;
}

if (session) {
  const storeId = session.user.storeId ?? 'store-1';
  startPos(storeId);
}

interface SavedBasket {
  readonly lines: BasketLine[];
  readonly attemptKey?: string;
  readonly discounts?: BasketDiscounts;
}

function startPos(storeId: string): void {
  const savedKey = `comptoir.pos.basket.${storeId}`;
  const saved = readSaved(savedKey);
  const basket = new Map<string, BasketLine>(saved.lines.map((l) => [l.product.id, l]));
  rememberNames(saved.lines.map((l) => l.product));
  /** One Idempotency-Key per basket attempt: kept while a retry may resend the same sale. */
  let attemptKey: string | undefined = saved.attemptKey;
  const save = () =>
    sessionStorage.setItem(
      savedKey,
      JSON.stringify({
        lines: [...basket.values()],
        ...(attemptKey ? { attemptKey } : {}),
        discounts: discounts.current(),
      } satisfies SavedBasket),
    );
  const discounts = mountDiscounts({
    storeId,
    lines: () => [...basket.values()].map((l) => ({ id: l.product.id, name: productName(l.product) })),
    initial: saved.discounts,
    onChange: () => basketChanged(),
  });
  let storeStock = new Map<string, StockLine>();
  let warehouseStock = new Map<string, StockLine>();
  let storeName = storeId;
  let results: Product[] = [];

  // ---- elements
  const search = h('input', {
    id: 'pos-search',
    type: 'search',
    autocomplete: 'off',
    placeholder: t('pos.search.placeholder'),
    'aria-describedby': 'pos-search-help',
    'aria-controls': 'pos-results',
  });
  const scanAlerts = h('div', { id: 'scan-alerts' });
  const resultsList = h('ul', {
    id: 'pos-results',
    class: 'results',
    'aria-label': t('pos.search.results'),
  });
  const basketBox = h('div', { id: 'basket' });
  const payMethodCash = h('input', {
    type: 'radio',
    name: 'method',
    value: 'cash',
    id: 'pay-cash',
    checked: true,
  });
  const payMethodCard = h('input', { type: 'radio', name: 'method', value: 'card', id: 'pay-card' });
  /** Split tender: part cash (typed), the rest by card. */
  const payMethodSplit = h('input', { type: 'radio', name: 'method', value: 'split', id: 'pay-split' });
  const byCard = () => payMethodCard.checked || payMethodSplit.checked;
  const splitCash = h('input', { id: 'split-cash', inputmode: 'decimal', autocomplete: 'off' });
  const splitRest = h('p', { id: 'split-rest', 'aria-live': 'polite' });
  const splitField = h(
    'div',
    { class: 'field', hidden: true },
    h('label', { for: 'split-cash' }, t('pos.split.cash')),
    splitCash,
    splitRest,
  );
  const cardSelect = h(
    'select',
    { id: 'card-number', disabled: true },
    testCards().map((c) => h('option', { value: c.number }, c.label)),
  );
  const cardField = h(
    'div',
    { class: 'field', hidden: true },
    h('label', { for: 'card-number' }, t('common.testCard')),
    cardSelect,
  );
  const payButton = h('button', { type: 'submit', class: 'primary big', id: 'pay' }, t('pos.pay'));
  const quoteBox = h('div', { id: 'quote', 'aria-live': 'polite' });
  const registerNotice = h('div', { id: 'register-notice' });
  const tendered = h('input', { id: 'tendered', inputmode: 'decimal', autocomplete: 'off' });
  const changeLine = h('p', { id: 'change', class: 'big-number', 'aria-live': 'polite' });
  const tenderField = h(
    'div',
    { class: 'field' },
    h('label', { for: 'tendered' }, t('pos.tendered')),
    tendered,
    changeLine,
  );
  // Returns by receipt number or from the session's sales (returns.ts); parked baskets (parked.ts) below.
  const returns = mountReturns({
    storeId,
    onDone: () => {
      void register.refresh();
      void loadStock();
    },
  });
  let tillSession: RegisterSession | undefined;
  const register = mountRegister(storeId, (s) => {
    tillSession = s;
    renderBasket();
    returns.sessionChanged(s);
  });
  // Offline selling (offline/index.ts): lookups, the quote and pay() fall back on it without the API.
  const offline = createOfflineTill({
    storeId,
    registerId: tillOfDevice,
    onSynced: (count) => {
      layout.notify('success', t('pos.offline.synced', { count }));
      void register.refresh();
    },
  });
  const parked = mountParked({
    storeId,
    current: () => {
      if (basket.size === 0) return undefined;
      const basketDiscount = discounts.current().basket;
      return {
        lines: saleLines(),
        ...(basketDiscount ? { discount: basketDiscount } : {}),
        registerId: tillOfDevice(),
      };
    },
    onParked: () => {
      newSale();
      search.focus();
    },
    onResume: async (parkedBasket) => {
      const products = await Promise.all(
        parkedBasket.lines.map((l) => api.get<Product>(`/products/${encodeURIComponent(l.productId)}`)),
      );
      rememberNames(products);
      newSale();
      parkedBasket.lines.forEach((l, i) =>
        basket.set(l.productId, { product: products[i]!, quantity: l.quantity }),
      );
      discounts.restore({
        lines: Object.fromEntries(
          parkedBasket.lines.flatMap((l) => (l.discount ? [[l.productId, l.discount as Discount]] : [])),
        ),
        ...(parkedBasket.discount ? { basket: parkedBasket.discount as Discount } : {}),
      });
      basketChanged();
      search.focus();
    },
  });
  /** An empty till for the next customer (after a park). */
  function newSale(): void {
    basket.clear();
    discounts.clear();
    attemptKey = undefined;
    tendered.value = '';
    splitCash.value = '';
    quote = undefined;
    save();
    renderBasket();
    render(saleMessage);
  }
  const saleMessage = h('div', { id: 'sale-message', 'aria-live': 'assertive' });
  const receiptBox = h('div', { id: 'receipt' });
  const stockBox = h('div', { id: 'stock-panel' });
  const replenishBox = h('div', { id: 'replenishments' });
  const storeTitle = h('span', {}, storeId);

  const payForm = h(
    'form',
    { id: 'payment', 'aria-label': t('pos.payment') },
    h(
      'fieldset',
      {},
      h('legend', {}, t('pos.payment')),
      h('label', { class: 'choice', for: 'pay-cash' }, payMethodCash, t('pos.cash')),
      h('label', { class: 'choice', for: 'pay-card' }, payMethodCard, t('pos.card')),
      h('label', { class: 'choice', for: 'pay-split' }, payMethodSplit, t('pos.split')),
      splitField,
      cardField,
      tenderField,
      discounts.element,
    ),
    quoteBox,
    discounts.approvalBox,
    registerNotice,
    saleMessage,
    payButton,
    h('p', { class: 'muted small', id: 'pos-shortcuts' }, t('pos.shortcuts')),
  );

  // ---- tabs: sale | stock
  const saleTab = h(
    'button',
    { type: 'button', role: 'tab', id: 'tab-sale', 'aria-selected': 'true', 'aria-controls': 'panel-sale' },
    t('pos.tab.sale'),
  );
  const stockTab = h(
    'button',
    {
      type: 'button',
      role: 'tab',
      id: 'tab-stock',
      'aria-selected': 'false',
      'aria-controls': 'panel-stock',
      tabindex: '-1',
    },
    t('pos.tab.stock'),
  );
  const salePanel = h(
    'section',
    { id: 'panel-sale', role: 'tabpanel', 'aria-labelledby': 'tab-sale', class: 'stack' },
    register.element,
    register.reportBox,
    h(
      'div',
      { class: 'pos-grid' },
      h(
        'div',
        { class: 'card' },
        h('h2', {}, h('label', { for: 'pos-search' }, t('pos.search.label'))),
        search,
        h('p', { id: 'pos-search-help', class: 'muted small' }, t('pos.search.help')),
        scanAlerts,
        resultsList,
      ),
      h(
        'div',
        { class: 'stack' },
        h('div', { class: 'card' }, h('h2', {}, t('pos.basket')), basketBox, payForm),
        receiptBox,
        parked.element,
      ),
    ),
    returns.element,
  );
  const stockPanel = h(
    'section',
    { id: 'panel-stock', role: 'tabpanel', 'aria-labelledby': 'tab-stock', hidden: true, class: 'stack' },
    h('div', { class: 'card' }, stockBox),
    h('div', { class: 'card' }, replenishBox),
  );
  const selectTab = (which: 'sale' | 'stock') => {
    const sale = which === 'sale';
    saleTab.setAttribute('aria-selected', String(sale));
    stockTab.setAttribute('aria-selected', String(!sale));
    saleTab.tabIndex = sale ? 0 : -1;
    stockTab.tabIndex = sale ? -1 : 0;
    salePanel.hidden = !sale;
    stockPanel.hidden = sale;
    if (!sale) void loadStock();
  };
  saleTab.addEventListener('click', () => selectTab('sale'));
  stockTab.addEventListener('click', () => selectTab('stock'));
  for (const tab of [saleTab, stockTab])
    tab.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
        const other = tab === saleTab ? stockTab : saleTab;
        other.focus();
        selectTab(other === saleTab ? 'sale' : 'stock');
      }
    });

  render(
    layout.main,
    h('h1', {}, t('pos.title'), ' — ', storeTitle),
    offline.indicator,
    h('div', { class: 'tabs', role: 'tablist', 'aria-label': t('pos.title') }, saleTab, stockTab),
    salePanel,
    stockPanel,
  );

  // ---- search
  let searchSeq = 0;
  async function runSearch(q: string): Promise<Product[]> {
    const seq = ++searchSeq;
    if (q.trim() === '') {
      results = [];
      renderResults();
      return results;
    }
    try {
      const page = await api.get<Page<Product>>('/products', { query: { q: q.trim(), limit: 20 } });
      rememberNames(page.items);
      if (seq === searchSeq) {
        results = page.items;
        renderResults();
      }
      return page.items;
    } catch (error) {
      if (seq === searchSeq)
        render(resultsList, h('li', { class: 'alert alert-error' }, describeError(error)));
      return [];
    }
  }
  const debouncedSearch = debounce((q: string) => void runSearch(q), 250);
  search.addEventListener('input', () => debouncedSearch(search.value));
  // Every Enter is one scan: the field is cleared at once (the next scan never joins this one), the
  // product is looked up right away and the scans are applied in the order they were made (scan.ts).
  const scans = scanQueue<Product>(
    async (code) => {
      if (offline.isOffline()) return offline.lookup(code);
      try {
        const page = await api.get<Page<Product>>('/products', { query: { q: code, limit: 20 } });
        rememberNames(page.items);
        return pickProduct(code, page.items);
      } catch (error) {
        if (await offline.networkDown(error)) return offline.lookup(code);
        throw error;
      }
    },
    (code, { product, error }) => {
      if (product) {
        addToBasket(product);
        return;
      }
      unknownScan(code, error);
    },
  );
  search.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const code = search.value.trim();
    search.value = '';
    if (!code) return;
    scans.push(code);
  });

  /** An unknown code: a sound and a message that stays until dismissed (a cashier may be looking away). */
  function unknownScan(code: string, error: unknown): void {
    beep();
    const close = h('button', { type: 'button', class: 'link' }, t('pos.scan.dismiss'));
    const alert = h(
      'div',
      { class: 'alert alert-error', role: 'alert', 'data-testid': 'scan-unknown' },
      h(
        'div',
        { class: 'alert-body' },
        error ? [t('pos.scan.failed', { code }), ' ', describeError(error)] : t('pos.scan.unknown', { code }),
      ),
      close,
    );
    close.addEventListener('click', () => {
      alert.remove();
      search.focus();
    });
    scanAlerts.append(alert);
  }

  function renderResults(): void {
    if (results.length === 0 && search.value.trim() !== '') {
      render(resultsList, h('li', { class: 'muted' }, t('pos.search.none', { q: search.value.trim() })));
      return;
    }
    render(
      resultsList,
      results.map((p) => {
        const stock = storeStock.get(p.id);
        return h(
          'li',
          { 'data-product-id': p.id },
          h(
            'div',
            { class: 'what' },
            h('strong', {}, productName(p)),
            h('span', { class: 'muted small' }, `${p.sku}${p.barcode ? ` · ${p.barcode}` : ''}`),
          ),
          h(
            'div',
            { class: 'buy' },
            h(
              'div',
              { class: 'stock-info' },
              h('span', { class: 'num' }, h('strong', {}, formatMoney(p.priceCents))),
              p.stocked === false
                ? madeToOrderTag()
                : stock
                  ? h(
                      'span',
                      { class: 'small', 'data-testid': 'result-stock' },
                      t('pos.result.inStock', { count: stock.available }),
                      statusBadge(stock.status),
                    )
                  : null,
            ),
            h(
              'button',
              {
                type: 'button',
                onclick: () => addToBasket(p),
                'aria-label': t('pos.addLabel', { name: productName(p) }),
              },
              t('pos.add'),
            ),
          ),
        );
      }),
    );
  }

  // ---- basket
  function basketChanged(): void {
    attemptKey = undefined;
    render(saleMessage);
    quote = undefined;
    renderBasket();
    debouncedQuote();
    save();
  }

  function addToBasket(p: Product): void {
    const line = basket.get(p.id);
    if (line) line.quantity += 1;
    else basket.set(p.id, { product: p, quantity: 1 });
    render(receiptBox);
    basketChanged();
  }

  function setQuantity(id: string, quantity: number): void {
    if (!Number.isInteger(quantity) || quantity < 0) return;
    if (quantity === 0) basket.delete(id);
    else {
      const line = basket.get(id);
      if (line) line.quantity = quantity;
    }
    basketChanged();
  }

  /** The basket as the quote and the sale take it: each line with its own discount. */
  function saleLines() {
    return [...basket.values()].map((l) => {
      const discount = discounts.lineDiscount(l.product.id);
      return { productId: l.product.id, quantity: l.quantity, ...(discount ? { discount } : {}) };
    });
  }

  // ---- the quote: the server prices the basket as it changes (the sale's own pricing function)
  let quote: Quote | undefined;
  let quoteSeq = 0;
  const totalDue = (): number | undefined =>
    quote ? (byCard() ? quote.card.totalCents : quote.cash.totalCents) : undefined;

  async function requestQuote(): Promise<void> {
    const seq = ++quoteSeq;
    const lines = saleLines();
    quote = undefined;
    if (lines.length === 0) {
      renderQuote();
      return;
    }
    render(quoteBox, h('p', { class: 'muted' }, t('pos.quote.pending')));
    try {
      if (offline.isOffline()) throw offline.networkError();
      const basketDiscount = discounts.current().basket;
      const q = await api.post<Quote>(`/locations/${encodeURIComponent(storeId)}/quotes`, {
        lines,
        method: byCard() ? 'card' : 'cash',
        ...(basketDiscount ? { discount: basketDiscount } : {}),
      });
      if (seq !== quoteSeq) return;
      quote = q;
      discounts.needApproval(q.approvalNeeded ? q.discountCents : undefined);
    } catch (error) {
      if (seq !== quoteSeq) return;
      // Offline: the same pricing function, on the catalog the till keeps.
      const local = (await offline.networkDown(error)) ? offline.quote(lines) : undefined;
      if (!local) {
        render(quoteBox, h('div', { class: 'alert alert-error', role: 'alert' }, describeError(error)));
        return;
      }
      quote = local;
    }
    renderQuote();
  }
  const debouncedQuote = debounce(() => void requestQuote(), 120);

  function renderQuote(): void {
    const due = totalDue();
    payButton.disabled = basket.size === 0 || !tillSession;
    payButton.textContent =
      due !== undefined ? t('pos.payTotal', { amount: formatMoney(due) }) : t('pos.pay');
    if (!quote) {
      // Never a stale total: the previous basket's quote goes as soon as the basket changes.
      render(quoteBox, basket.size === 0 ? null : h('p', { class: 'muted' }, t('pos.quote.pending')));
      renderChange();
      return;
    }
    const tender = byCard() ? quote.card : quote.cash;
    render(
      quoteBox,
      h(
        'section',
        { 'aria-label': t('pos.quote.label'), class: 'quote' },
        totalsTable({ ...quote, roundingCents: tender.roundingCents, totalCents: tender.totalCents }),
      ),
    );
    renderChange();
  }

  /** Split tender: the cash part typed, the rest the card takes (or why it cannot be split so). */
  function renderSplit(): void {
    splitField.hidden = !payMethodSplit.checked;
    const due = totalDue();
    const cash = parseMoney(splitCash.value);
    if (!payMethodSplit.checked || due === undefined || cash === undefined || splitCash.value.trim() === '') {
      render(splitRest);
      return;
    }
    render(
      splitRest,
      cash > 0 && cash < due
        ? h(
            'strong',
            { 'data-testid': 'split-rest' },
            t('pos.split.rest', { amount: formatMoney(due - cash) }),
          )
        : h('span', { class: 'alert alert-error' }, t('pos.split.bad', { amount: formatMoney(due) })),
    );
  }
  splitCash.addEventListener('input', renderSplit);

  function renderChange(): void {
    renderSplit();
    tenderField.hidden = !payMethodCash.checked;
    const due = totalDue();
    const given = parseMoney(tendered.value);
    if (!payMethodCash.checked || due === undefined || given === undefined || tendered.value.trim() === '') {
      render(changeLine);
      return;
    }
    render(
      changeLine,
      given >= due
        ? h('strong', { 'data-testid': 'change-due' }, t('pos.change', { amount: formatMoney(given - due) }))
        : h(
            'span',
            { class: 'alert alert-error' },
            t('pos.tendered.short', { amount: formatMoney(due - given) }),
          ),
    );
  }
  tendered.addEventListener('input', renderChange);

  function renderBasket(): void {
    const lines = [...basket.values()];
    discounts.refresh();
    render(
      registerNotice,
      tillSession
        ? null
        : h('div', { class: 'alert alert-info', role: 'status' }, t('pos.register.required')),
    );
    renderQuote();
    if (lines.length === 0) {
      render(basketBox, h('p', { class: 'muted' }, t('pos.basket.empty')));
      return;
    }
    render(
      basketBox,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'basket' },
          h('caption', { class: 'muted small' }, t('pos.basket.items', { count: lines.length })),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', {}, t('common.product')),
              h('th', {}, t('common.qty')),
              h('th', { class: 'num' }, t('common.price')),
              h('th', {}, h('span', { class: 'skip' }, t('pos.basket.actions'))),
            ),
          ),
          h(
            'tbody',
            {},
            lines.map((l) => {
              const qtyId = `qty-${l.product.id}`;
              const name = productName(l.product);
              const qty = h('input', {
                id: qtyId,
                type: 'number',
                min: '1',
                step: '1',
                inputmode: 'numeric',
                value: String(l.quantity),
                'aria-label': t('pos.basket.quantityOf', { name }),
              });
              qty.addEventListener('change', () => setQuantity(l.product.id, Number(qty.value)));
              return h(
                'tr',
                { 'data-product-id': l.product.id },
                h('td', {}, name),
                h(
                  'td',
                  {},
                  h(
                    'span',
                    { class: 'qty' },
                    h(
                      'button',
                      {
                        type: 'button',
                        'aria-label': t('pos.basket.less', { name }),
                        onclick: () => setQuantity(l.product.id, l.quantity - 1),
                      },
                      '−',
                    ),
                    qty,
                    h(
                      'button',
                      {
                        type: 'button',
                        'aria-label': t('pos.basket.more', { name }),
                        onclick: () => setQuantity(l.product.id, l.quantity + 1),
                      },
                      '+',
                    ),
                  ),
                ),
                h('td', { class: 'num' }, formatMoney(l.product.priceCents * l.quantity)),
                h(
                  'td',
                  {},
                  h(
                    'button',
                    {
                      type: 'button',
                      class: 'danger',
                      onclick: () => setQuantity(l.product.id, 0),
                      'aria-label': t('pos.basket.removeLabel', { name }),
                    },
                    t('pos.basket.remove'),
                  ),
                ),
              );
            }),
          ),
        ),
      ),
    );
  }

  // ---- payment
  const methodChanged = () => {
    cardSelect.disabled = !byCard();
    cardField.hidden = !byCard();
    attemptKey = undefined;
    renderQuote();
    save();
  };
  payMethodCash.addEventListener('change', methodChanged);
  payMethodCard.addEventListener('change', methodChanged);
  payMethodSplit.addEventListener('change', methodChanged);
  cardSelect.addEventListener('change', () => {
    attemptKey = undefined;
    save();
  });

  payForm.addEventListener('submit', (e) => {
    e.preventDefault();
    void pay();
  });

  async function pay(): Promise<void> {
    if (basket.size === 0) return;
    if (!tillSession) {
      render(
        saleMessage,
        h('div', { class: 'alert alert-error', role: 'alert' }, t('pos.register.required')),
      );
      return;
    }
    const given =
      payMethodCash.checked && tendered.value.trim() !== '' ? parseMoney(tendered.value) : undefined;
    const due = totalDue();
    if (payMethodCash.checked && given !== undefined && due !== undefined && given < due) {
      tendered.focus();
      return;
    }
    const cashPart = payMethodSplit.checked ? parseMoney(splitCash.value) : undefined;
    if (
      payMethodSplit.checked &&
      (cashPart === undefined || due === undefined || cashPart < 1 || cashPart >= due)
    ) {
      renderSplit();
      splitCash.focus();
      return;
    }
    attemptKey ??= newKey();
    const key = attemptKey;
    save();
    const basketDiscount = discounts.current().basket;
    const approvalToken = discounts.approvalToken();
    const body = {
      lines: saleLines(),
      ...(basketDiscount ? { discount: basketDiscount } : {}),
      ...(approvalToken ? { approvalToken } : {}),
      ...(cashPart !== undefined
        ? {
            tenders: [
              { method: 'cash', amountCents: cashPart },
              { method: 'card', cardNumber: cardSelect.value },
            ],
          }
        : {
            payment: payMethodCard.checked
              ? { method: 'card', cardNumber: cardSelect.value }
              : { method: 'cash', ...(given !== undefined ? { tenderedCents: given } : {}) },
          }),
      registerId: tillOfDevice(),
    };
    payButton.disabled = true;
    render(saleMessage, h('p', { class: 'muted' }, t('common.paying')));
    try {
      if (offline.isOffline()) throw offline.networkError();
      const order = await api.post<Order>(`/locations/${encodeURIComponent(storeId)}/sales`, body, {
        idempotencyKey: key,
      });
      basket.clear();
      discounts.clear();
      attemptKey = undefined;
      tendered.value = '';
      splitCash.value = '';
      quote = undefined;
      save();
      renderBasket();
      render(saleMessage);
      renderReceipt(order);
      void register.refresh();
      layout.notify('success', t('pos.saleConfirmed', { amount: formatMoney(order.totalCents) }));
      void loadStock();
      search.focus();
    } catch (error) {
      // No network (the API still unreachable): a cash sale goes on offline with this same key (if
      // this attempt did reach the server, the server answers its order); a card sale cannot.
      if ((await offline.networkDown(error)) && (await sellOffline(key, given))) return;
      // A network error or a server failure may be retried with the same key: the server answers
      // the first result if the sale went through. Any other answer is final for this attempt.
      if (!(error instanceof ApiError && error.retryable)) attemptKey = undefined;
      // Above the till's limit: the manager's credentials are asked for, then the sale is sent again.
      if (error instanceof ApiError && error.code === 'approval-required')
        discounts.needApproval(
          typeof error.problem.amountCents === 'number' ? error.problem.amountCents : quote?.discountCents,
        );
      save();
      render(
        saleMessage,
        h(
          'div',
          { class: 'alert alert-error', role: 'alert' },
          h('div', { class: 'alert-body' }, saleError(error)),
        ),
      );
      payButton.disabled = false;
    }
  }

  /** A sale made offline: queued, its receipt printed (offline/index.ts); false when it cannot be. */
  async function sellOffline(key: string, given: number | undefined): Promise<boolean> {
    if (payMethodCard.checked) return false;
    // Discounts are priced and approved by the server: an offline sale is at the catalog's prices.
    if (discounts.current().basket || [...basket.keys()].some((id) => discounts.lineDiscount(id)))
      return false;
    const lines = [...basket.values()].map((l) => ({ productId: l.product.id, quantity: l.quantity }));
    if (!offline.quote(lines)) return false;
    const { sale, priced } = await offline.sell({ lines, tenderedCents: given, idempotencyKey: key });
    basket.clear();
    attemptKey = undefined;
    tendered.value = '';
    quote = undefined;
    save();
    renderBasket();
    render(saleMessage);
    render(
      receiptBox,
      offline.receipt(sale, priced, storeName, () => {
        render(receiptBox);
        search.focus();
      }),
    );
    layout.notify(
      'success',
      t('pos.offline.saleQueued', {
        amount: formatMoney(priced.totalCents),
        receipt: sale.body.offline.receipt,
      }),
    );
    search.focus();
    return true;
  }

  function saleError(error: unknown): Child {
    if (offline.isOffline() && payMethodCard.checked)
      return [
        h('strong', { 'data-testid': 'card-needs-network' }, t('pos.offline.cardNeedsNetwork')),
        h(
          'button',
          {
            type: 'button',
            class: 'primary',
            onclick: () => {
              payMethodCash.checked = true;
              methodChanged();
              void pay();
            },
          },
          t('pos.offline.payCash'),
        ),
      ];
    if (isMissingRoute(error)) return t('pos.saleUnavailable', { route: 'POST /locations/{storeId}/sales' });
    if (!(error instanceof ApiError)) return describeError(error);
    const orderRef =
      typeof error.problem.orderId === 'string'
        ? h('div', { class: 'small' }, t('common.ordered'), h('code', {}, error.problem.orderId))
        : null;
    if (error.code === 'insufficient-stock') {
      const short = shortLines(error.problem);
      return [
        h('strong', {}, t('problem.insufficient-stock')),
        short.length
          ? h(
              'ul',
              {},
              short.map((s) =>
                h(
                  'li',
                  {},
                  s.requested !== undefined
                    ? t('pos.short.lineRequested', {
                        name: nameOf(s.productId),
                        available: s.available,
                        requested: s.requested,
                      })
                    : t('pos.short.line', { name: nameOf(s.productId), available: s.available }),
                ),
              ),
            )
          : h('div', {}, error.detail),
        orderRef,
        h('div', { class: 'muted small' }, t('pos.short.adjust')),
        reference(error),
      ];
    }
    if (error.code === 'payment-declined')
      return [
        h('strong', {}, t('problem.payment-declined')),
        error.detail ? h('div', {}, error.detail) : null,
        orderRef,
        h('div', { class: 'muted small' }, t('pos.declined.next')),
        reference(error),
      ];
    if (error.retryable) return [describeError(error), h('div', { class: 'small' }, t('pos.retry'))];
    return [describeError(error), orderRef];
  }

  function nameOf(productId: string): string {
    const inBasket = basket.get(productId)?.product;
    if (inBasket) return productName(inBasket);
    const line = storeStock.get(productId);
    return line ? lineName(productId, line.name) : productId;
  }

  function renderReceipt(order: Order): void {
    const receipt = h(
      'section',
      { class: 'card receipt', 'aria-labelledby': 'receipt-title', 'data-order-id': order.id },
      h(
        'h2',
        { id: 'receipt-title' },
        h('span', {}, onReceipt('pos.receipt')),
        h(
          'span',
          {
            class: `badge no-print ${order.status === 'confirmed' ? 'badge-ok' : 'badge-neutral'}`,
            'data-testid': 'order-status',
          },
          orderStatusLabel(order.status),
        ),
      ),
      h('p', { class: 'receipt-store' }, h('strong', {}, storeName)),
      order.receiptNumber
        ? h(
            'p',
            { class: 'receipt-number' },
            onReceipt('pos.receipt.number'),
            ' ',
            h('strong', { 'data-testid': 'receipt-number' }, order.receiptNumber),
          )
        : null,
      h(
        'p',
        { class: 'small' },
        onReceipt('pos.receipt.when', {
          date: formatDateTime(order.createdAt),
          till: order.registerId ?? '—',
          cashier: session?.user.username ?? '',
        }),
      ),
      orderLinesTable(order, { receipt: true }),
      totalsTable(order, { receipt: true }),
      order.tenders
        ? h(
            'p',
            { class: 'small', 'data-testid': 'receipt-tenders' },
            onReceipt('pos.receipt.paidSplit', {
              cash: formatMoney(order.tenders.find((x) => x.method === 'cash')?.amountCents ?? 0),
              card: formatMoney(order.tenders.find((x) => x.method === 'card')?.amountCents ?? 0),
            }),
          )
        : order.payment
          ? h(
              'p',
              { class: 'small' },
              onReceipt(order.payment.method === 'cash' ? 'pos.receipt.paidCash' : 'pos.receipt.paidCard', {
                amount: formatMoney(order.payment.amountCents),
              }),
            )
          : null,
      typeof order.tenderedCents === 'number' && typeof order.changeCents === 'number'
        ? h(
            'p',
            { class: 'small', 'data-testid': 'receipt-change' },
            onReceipt('pos.receipt.change', {
              amount: formatMoney(order.tenderedCents),
              change: formatMoney(order.changeCents),
            }),
          )
        : null,
      h('p', { class: 'muted small receipt-ref' }, t('common.ordered'), ' ', h('code', {}, order.id)),
      h(
        'div',
        { class: 'actions no-print' },
        h('button', { type: 'button', onclick: () => printOnly(receipt) }, t('pos.receipt.print')),
        h(
          'button',
          {
            type: 'button',
            onclick: () => {
              render(receiptBox);
              search.focus();
            },
          },
          t('pos.newSale'),
        ),
      ),
      voidOf(order),
    );
    render(receiptBox, receipt);
  }

  /**
   * The last sale of this till's open session can be voided from its receipt (returns.ts); once voided,
   * the receipt says so.
   */
  function voidOf(order: Order): HTMLElement | null {
    const voided = order.returns?.find((r) => r.reason === 'void');
    if (voided)
      return h(
        'p',
        { class: 'alert alert-success no-print', role: 'status', 'data-testid': 'void-done' },
        voidDoneText(order),
      );
    const last =
      order.status === 'confirmed' &&
      order.registerId === tillOfDevice() &&
      tillSession?.status === 'open' &&
      order.sessionId === tillSession.sessionId;
    if (!last) return null;
    return voidButton({
      storeId,
      order,
      onVoided: (done) => {
        renderReceipt(done);
        layout.notify('success', voidDoneText(done));
        void register.refresh();
        void loadStock();
      },
    });
  }

  // ---- stock
  async function loadStock(): Promise<void> {
    try {
      const [store, central] = await Promise.all([
        // Stock lines carry the French name: in English, the catalog's names first.
        learnEnglishNames().then(() =>
          api.get<{ location?: Location; items: StockLine[] }>(
            `/locations/${encodeURIComponent(storeId)}/stock`,
          ),
        ),
        api
          .get<{ items: StockLine[] }>('/locations/warehouse/stock')
          .catch(() => ({ items: [] as StockLine[] })),
      ]);
      if (store.location) {
        storeName = store.location.name;
        storeTitle.textContent = t('pos.storeWithId', { name: store.location.name, id: storeId });
      }
      storeStock = new Map(store.items.map((l) => [l.productId, l]));
      warehouseStock = new Map(central.items.map((l) => [l.productId, l]));
      renderStock();
      renderResults();
    } catch (error) {
      render(stockBox, h('div', { class: 'alert alert-error' }, describeError(error)));
    }
    void loadReplenishments();
  }

  /** Row states: what this till just did (local), and the open requests the server lists. */
  const requested = new Map<string, string>();
  let openRequests = new Map<string, string>();
  const stockFilter = h(
    'select',
    { id: 'stock-filter' },
    h('option', { value: 'all' }, t('pos.stock.filter.all')),
    h('option', { value: 'needs' }, t('pos.stock.filter.needs')),
    h('option', { value: 'over' }, t('pos.stock.filter.over')),
  );
  stockFilter.addEventListener('change', () => renderStock());

  function renderStock(): void {
    const all = [...storeStock.values()];
    const lines = all.filter((l) =>
      stockFilter.value === 'needs'
        ? needsReplenishment(l.status)
        : stockFilter.value === 'over'
          ? l.status === 'over'
          : true,
    );
    const counts = all.reduce<Record<string, number>>(
      (c, l) => ({ ...c, [l.status]: (c[l.status] ?? 0) + 1 }),
      {},
    );
    render(
      stockBox,
      h('h2', {}, t('pos.stock.heading', { store: storeName })),
      h(
        'p',
        { class: 'muted small' },
        t('pos.stock.counts', {
          out: counts.out ?? 0,
          low: counts.low ?? 0,
          reorder: counts.reorder ?? 0,
          over: counts.over ?? 0,
        }),
      ),
      h(
        'div',
        { class: 'row' },
        h('div', { class: 'field' }, h('label', { for: 'stock-filter' }, t('pos.stock.show')), stockFilter),
        h(
          'div',
          { class: 'field' },
          h('button', { type: 'button', onclick: () => void loadStock() }, t('common.refresh')),
        ),
      ),
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { id: 'stock-table' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', {}, t('common.product')),
              h('th', { class: 'num' }, t('pos.stock.available')),
              h('th', { class: 'num' }, t('pos.stock.onHand')),
              h('th', {}, t('common.status')),
              h('th', { class: 'num' }, t('pos.stock.central')),
              h('th', {}, t('pos.stock.replenishment')),
            ),
          ),
          h(
            'tbody',
            {},
            lines.map((l) => {
              const central = warehouseStock.get(l.productId);
              const suggested = l.suggestedQuantity ?? 0;
              const state = requested.get(l.productId) ?? openRequests.get(l.productId);
              return h(
                'tr',
                { 'data-product-id': l.productId },
                h('td', {}, lineName(l.productId, l.name)),
                h('td', { class: 'num', 'data-testid': 'available' }, l.available),
                h('td', { class: 'num' }, l.onHand),
                h('td', {}, statusBadge(l.status), ' ', negativeBadge(l.onHand)),
                h('td', { class: 'num' }, central ? central.available : t('common.none')),
                h(
                  'td',
                  {},
                  state
                    ? h('span', { class: 'small' }, state)
                    : needsReplenishment(l.status) && suggested > 0
                      ? h(
                          'button',
                          {
                            type: 'button',
                            onclick: (e: Event) =>
                              void replenish(l, suggested, e.currentTarget as HTMLButtonElement),
                          },
                          t('pos.stock.request', { count: suggested }),
                        )
                      : null,
                ),
              );
            }),
          ),
        ),
      ),
    );
  }

  async function replenish(line: StockLine, quantity: number, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    try {
      const r = await api.post<{ replenishmentId?: string; id?: string; status: string }>(
        `/locations/${encodeURIComponent(storeId)}/replenishments`,
        { productId: line.productId, quantity },
        { idempotencyKey: newKey() },
      );
      requested.set(line.productId, t('pos.replenish.sent', { status: replenishmentLabel(r.status) }));
      layout.notify(
        'success',
        t('pos.replenish.done', { quantity, name: lineName(line.productId, line.name) }),
      );
    } catch (error) {
      if (isMissingRoute(error)) {
        requested.set(line.productId, t('pos.replenish.notYet'));
        layout.notify('info', t('pos.replenish.unavailable'));
      } else {
        button.disabled = false;
        layout.notify('error', describeError(error));
        return;
      }
    }
    renderStock();
    void loadReplenishments();
  }

  // A transfer the warehouse shipped is the store's once it says how many units arrived sellable
  // (POST /replenishments/{id}/receipt): fewer than shipped needs a reason and posts a discrepancy.
  // One Idempotency-Key per transfer until the server's final answer, so a retried click counts once.
  const receiptKeys = new Map<string, string>();
  function receiveForm(r: { id: string; productId: string; quantity: number }): HTMLElement {
    const received = h('input', {
      type: 'number',
      min: '0',
      max: String(r.quantity),
      value: String(r.quantity),
      class: 'qty',
      id: `receive-${r.id}`,
      'aria-label': t('pos.replenish.received', { name: nameOf(r.productId) }),
    });
    const reason = h('input', {
      type: 'text',
      maxlength: '200',
      id: `receive-reason-${r.id}`,
      placeholder: t('pos.replenish.missingReason'),
      'aria-label': t('pos.replenish.missingReason'),
    });
    const button = h('button', { type: 'submit' }, t('pos.replenish.confirm'));
    return h(
      'form',
      {
        class: 'row',
        onsubmit: (e: Event) => {
          e.preventDefault();
          void confirmReceipt(r, Number(received.value), reason.value.trim(), button);
        },
      },
      received,
      reason,
      button,
    );
  }

  async function confirmReceipt(
    r: { id: string; productId: string; quantity: number },
    received: number,
    reason: string,
    button: HTMLButtonElement,
  ): Promise<void> {
    button.disabled = true;
    let key = receiptKeys.get(r.id);
    if (!key) receiptKeys.set(r.id, (key = newKey()));
    try {
      await api.post(
        `/replenishments/${encodeURIComponent(r.id)}/receipt`,
        { received, ...(reason ? { reason } : {}) },
        { idempotencyKey: key },
      );
      receiptKeys.delete(r.id);
      layout.notify(
        'success',
        t('pos.replenish.receivedDone', { quantity: received, name: nameOf(r.productId) }),
      );
      void loadStock();
    } catch (error) {
      // A 4xx is final (the key is spent on that answer): a new attempt takes a new key.
      if (error instanceof ApiError && error.status < 500 && error.status !== 409) receiptKeys.delete(r.id);
      button.disabled = false;
      layout.notify('error', describeError(error));
      return;
    }
    void loadReplenishments();
  }

  async function loadReplenishments(): Promise<void> {
    try {
      const page = await api.get<
        Page<{
          id: string;
          productId: string;
          quantity: number;
          status: string;
          reason?: string;
          createdAt: string;
        }>
      >(`/locations/${encodeURIComponent(storeId)}/replenishments`);
      // The server's list is the truth: a request still open blocks a second click; a closed one frees the row.
      requested.clear();
      openRequests = new Map(
        page.items
          .filter((r) => ['requested', 'waiting', 'in-transit', 'receiving'].includes(r.status))
          .map((r) => [
            r.productId,
            t('pos.replenish.open', { status: replenishmentLabel(r.status), quantity: r.quantity }),
          ]),
      );
      renderStock();
      render(
        replenishBox,
        h('h2', {}, t('pos.replenish.heading')),
        page.items.length === 0
          ? h('p', { class: 'muted' }, t('pos.replenish.none'))
          : h(
              'table',
              {},
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  h('th', {}, t('common.product')),
                  h('th', { class: 'num' }, t('common.quantity')),
                  h('th', {}, t('common.status')),
                  h('th', {}, t('pos.replenish.created')),
                  h('th', {}, t('pos.replenish.receive')),
                ),
              ),
              h(
                'tbody',
                {},
                page.items.map((r) =>
                  h(
                    'tr',
                    {},
                    h('td', {}, nameOf(r.productId)),
                    h('td', { class: 'num' }, r.quantity),
                    h(
                      'td',
                      {},
                      replenishmentLabel(r.status),
                      r.reason ? h('span', { class: 'muted small' }, ` — ${r.reason}`) : null,
                    ),
                    h('td', {}, formatDateTime(r.createdAt)),
                    h('td', {}, r.status === 'in-transit' ? receiveForm(r) : null),
                  ),
                ),
              ),
            ),
      );
    } catch (error) {
      render(
        replenishBox,
        h('h2', {}, t('pos.replenish.heading')),
        isMissingRoute(error)
          ? h('p', { class: 'muted' }, t('error.notAvailable'))
          : h('div', { class: 'alert alert-error' }, describeError(error)),
      );
    }
  }

  // A barcode scanner types wherever the focus is: digits typed outside a field go to the search,
  // so a scan right after a click on "Ajouter" or "Encaisser" still lands in the basket.
  document.addEventListener('keydown', (e) => {
    if (salePanel.hidden || e.ctrlKey || e.metaKey || e.altKey || !/^\d$/.test(e.key)) return;
    const target = e.target as HTMLElement | null;
    if (target && target.closest('input, select, textarea, [contenteditable]')) return;
    search.focus();
  });

  // Keyboard path to pay (docs/web.md): F2 cash, F3 card, F4 amount tendered, F9 charge, Esc new sale.
  document.addEventListener('keydown', (e) => {
    if (salePanel.hidden) return;
    const choose = (radio: HTMLInputElement) => {
      radio.checked = true;
      radio.dispatchEvent(new Event('change'));
    };
    if (e.key === 'F2') choose(payMethodCash);
    else if (e.key === 'F3') choose(payMethodCard);
    else if (e.key === 'F4') {
      choose(payMethodCash);
      tendered.focus();
    } else if (e.key === 'F9') {
      if (!payButton.disabled) void pay();
    } else if (e.key === 'Escape' && receiptBox.childElementCount > 0) {
      render(receiptBox);
      search.focus();
    } else return;
    e.preventDefault();
  });

  renderBasket();
  debouncedQuote();
  void register.refresh();
  void loadStock();
  void parked.refresh();
  search.focus();
}

const replenishmentStatuses = [
  'requested',
  'waiting',
  'in-transit',
  'receiving',
  'fulfilled',
  'rejected',
] as const;
const replenishmentLabel = (status: string): string =>
  (replenishmentStatuses as readonly string[]).includes(status)
    ? t(`pos.replenish.${status as (typeof replenishmentStatuses)[number]}`)
    : status;

/** The basket this tab kept (a reload, the language switch); anything unreadable is an empty basket. */
function readSaved(key: string): SavedBasket {
  try {
    const saved = JSON.parse(sessionStorage.getItem(key) ?? 'null') as SavedBasket | null;
    if (!saved || !Array.isArray(saved.lines)) return { lines: [] };
    const lines = saved.lines.filter(
      (l) =>
        typeof l?.product?.id === 'string' &&
        typeof l.product.priceCents === 'number' &&
        Number.isInteger(l.quantity) &&
        l.quantity > 0,
    );
    return { lines, ...(typeof saved.attemptKey === 'string' ? { attemptKey: saved.attemptKey } : {}) };
  } catch {
    return { lines: [] };
  }
}

interface ShortLine {
  readonly productId: string;
  readonly available: number;
  readonly requested?: number;
}

/** The short lines of an insufficient-stock problem, whatever the extension member is called. */
function shortLines(problem: Record<string, unknown>): ShortLine[] {
  for (const key of ['lines', 'shortLines', 'shortages', 'short', 'items']) {
    const value = problem[key];
    if (!Array.isArray(value)) continue;
    return value
      .filter(
        (v): v is Record<string, unknown> =>
          typeof v === 'object' && v !== null && typeof (v as { productId?: unknown }).productId === 'string',
      )
      .map((v) => ({
        productId: v.productId as string,
        available: Number(v.available ?? 0),
        ...(v.requested !== undefined || v.quantity !== undefined
          ? { requested: Number(v.requested ?? v.quantity) }
          : {}),
      }));
  }
  return [];
}

/** A short low tone for an unknown scan (Web Audio; silent where the browser allows no sound). */
function beep(): void {
  try {
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = 220;
    gain.gain.value = 0.2;
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.25);
    tone.addEventListener('ended', () => void audio.close());
  } catch {
    // No audio on this device: the message alone says it.
  }
}
