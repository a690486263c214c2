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
import { describeError, mountLayout, requireRole } from '../lib/layout.ts';
import { formatCents, formatDateTime } from '../lib/money.ts';
import { orderLinesTable, orderStatusLabel, totalsTable } from '../lib/order-view.ts';
import { needsReplenishment, statusBadge } from '../lib/stock.ts';

/**
 * The till: find products (typing or a barcode scanner, which types digits then Enter), build a
 * basket, take cash or card, print the receipt the server confirmed; and the store's stock with a
 * one-click replenishment request. The server prices everything: the basket shows an estimate
 * from catalog prices, the receipt shows the confirmed order's subtotal, GST, QST and total.
 */
const layout = mountLayout('pos', 'Caisse');
const session = requireRole(layout, ['cashier'], 'Caisse');

interface BasketLine {
  readonly product: Product;
  quantity: number;
}

if (session) {
  const storeId = session.user.storeId ?? 'store-1';
  startPos(storeId);
}

function startPos(storeId: string): void {
  const basket = new Map<string, BasketLine>();
  /** One Idempotency-Key per basket attempt: kept while a retry may resend the same sale. */
  let attemptKey: string | undefined;
  let storeStock = new Map<string, StockLine>();
  let warehouseStock = new Map<string, StockLine>();
  let storeName = storeId;
  let results: Product[] = [];

  // ---- elements
  const search = h('input', {
    id: 'pos-search',
    type: 'search',
    autocomplete: 'off',
    placeholder: 'Nom, SKU ou code-barres',
    'aria-describedby': 'pos-search-help',
    'aria-controls': 'pos-results',
  });
  const resultsList = h('ul', {
    id: 'pos-results',
    class: 'results',
    'aria-label': 'Résultats de recherche',
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
  const cardSelect = h(
    'select',
    { id: 'card-number', disabled: true },
    testCards.map((c) => h('option', { value: c.number }, c.label)),
  );
  const cardField = h(
    'div',
    { class: 'field', hidden: true },
    h('label', { for: 'card-number' }, 'Carte de test'),
    cardSelect,
  );
  const payButton = h('button', { type: 'submit', class: 'primary big', id: 'pay' }, 'Encaisser');
  const saleMessage = h('div', { id: 'sale-message', 'aria-live': 'assertive' });
  const receiptBox = h('div', { id: 'receipt' });
  const stockBox = h('div', { id: 'stock-panel' });
  const replenishBox = h('div', { id: 'replenishments' });
  const storeTitle = h('span', {}, storeId);

  const payForm = h(
    'form',
    { id: 'payment', 'aria-label': 'Paiement' },
    h(
      'fieldset',
      {},
      h('legend', {}, 'Paiement'),
      h('label', { class: 'choice', for: 'pay-cash' }, payMethodCash, 'Comptant'),
      h('label', { class: 'choice', for: 'pay-card' }, payMethodCard, 'Carte'),
      cardField,
    ),
    saleMessage,
    payButton,
  );

  // ---- tabs: sale | stock
  const saleTab = h(
    'button',
    { type: 'button', role: 'tab', id: 'tab-sale', 'aria-selected': 'true', 'aria-controls': 'panel-sale' },
    'Vente',
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
    'Stock du magasin',
  );
  const salePanel = h(
    'section',
    { id: 'panel-sale', role: 'tabpanel', 'aria-labelledby': 'tab-sale', class: 'pos-grid' },
    h(
      'div',
      { class: 'card' },
      h('h2', {}, h('label', { for: 'pos-search' }, 'Rechercher un produit')),
      search,
      h(
        'p',
        { id: 'pos-search-help', class: 'muted small' },
        'Lecteur de codes-barres : scannez, le produit est ajouté au panier. Entrée ajoute le premier résultat.',
      ),
      resultsList,
    ),
    h(
      'div',
      { class: 'stack' },
      h('div', { class: 'card' }, h('h2', {}, 'Panier'), basketBox, payForm),
      receiptBox,
    ),
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
    h('h1', {}, 'Caisse — ', storeTitle),
    h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Caisse' }, saleTab, stockTab),
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
  search.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const q = search.value.trim();
    if (!q) return;
    void runSearch(q).then((found) => {
      // A scanner types the barcode and Enter: add the exact match at once and get ready for the next scan.
      const exact = found.find((p) => p.barcode === q || p.sku.toLowerCase() === q.toLowerCase());
      const pick = exact ?? (found.length >= 1 ? found[0] : undefined);
      if (pick) {
        addToBasket(pick);
        if (exact || /^\d{8,14}$/.test(q)) {
          search.value = '';
          results = [];
          renderResults();
        }
      } else {
        render(resultsList, h('li', { class: 'muted' }, `Aucun produit pour « ${q} »`));
      }
    });
  });

  function renderResults(): void {
    if (results.length === 0 && search.value.trim() !== '') {
      render(resultsList, h('li', { class: 'muted' }, `Aucun produit pour « ${search.value.trim()} »`));
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
            h('strong', {}, p.name),
            h('span', { class: 'muted small' }, `${p.sku}${p.barcode ? ` · ${p.barcode}` : ''}`),
          ),
          h(
            'div',
            { class: 'buy' },
            h(
              'div',
              { class: 'stock-info' },
              h('span', { class: 'num' }, h('strong', {}, formatCents(p.priceCents))),
              stock
                ? h(
                    'span',
                    { class: 'small', 'data-testid': 'result-stock' },
                    `${stock.available} en stock `,
                    statusBadge(stock.status),
                  )
                : null,
            ),
            h(
              'button',
              { type: 'button', onclick: () => addToBasket(p), 'aria-label': `Ajouter ${p.name} au panier` },
              'Ajouter',
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
    renderBasket();
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

  function renderBasket(): void {
    const lines = [...basket.values()];
    const estimate = lines.reduce((s, l) => s + l.product.priceCents * l.quantity, 0);
    payButton.disabled = lines.length === 0;
    payButton.textContent = lines.length ? `Encaisser (≈ ${formatCents(estimate)} avant taxes)` : 'Encaisser';
    if (lines.length === 0) {
      render(basketBox, h('p', { class: 'muted' }, 'Le panier est vide.'));
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
          h('caption', { class: 'muted small' }, `${lines.length} article(s)`),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', {}, 'Produit'),
              h('th', {}, 'Qté'),
              h('th', { class: 'num' }, 'Prix'),
              h('th', {}, h('span', { class: 'skip' }, 'Actions')),
            ),
          ),
          h(
            'tbody',
            {},
            lines.map((l) => {
              const qtyId = `qty-${l.product.id}`;
              const qty = h('input', {
                id: qtyId,
                type: 'number',
                min: '1',
                step: '1',
                inputmode: 'numeric',
                value: String(l.quantity),
                'aria-label': `Quantité de ${l.product.name}`,
              });
              qty.addEventListener('change', () => setQuantity(l.product.id, Number(qty.value)));
              return h(
                'tr',
                { 'data-product-id': l.product.id },
                h('td', {}, l.product.name),
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
                        'aria-label': `Un ${l.product.name} de moins`,
                        onclick: () => setQuantity(l.product.id, l.quantity - 1),
                      },
                      '−',
                    ),
                    qty,
                    h(
                      'button',
                      {
                        type: 'button',
                        'aria-label': `Un ${l.product.name} de plus`,
                        onclick: () => setQuantity(l.product.id, l.quantity + 1),
                      },
                      '+',
                    ),
                  ),
                ),
                h('td', { class: 'num' }, formatCents(l.product.priceCents * l.quantity)),
                h(
                  'td',
                  {},
                  h(
                    'button',
                    {
                      type: 'button',
                      class: 'danger',
                      onclick: () => setQuantity(l.product.id, 0),
                      'aria-label': `Retirer ${l.product.name}`,
                    },
                    'Retirer',
                  ),
                ),
              );
            }),
          ),
        ),
      ),
      h(
        'p',
        { class: 'muted small' },
        `Sous-total estimé : ${formatCents(estimate)}. Les taxes (TPS, TVQ) et le total sont calculés par le serveur au paiement.`,
      ),
    );
  }

  // ---- payment
  const methodChanged = () => {
    cardSelect.disabled = !payMethodCard.checked;
    cardField.hidden = !payMethodCard.checked;
    attemptKey = undefined;
  };
  payMethodCash.addEventListener('change', methodChanged);
  payMethodCard.addEventListener('change', methodChanged);
  cardSelect.addEventListener('change', () => (attemptKey = undefined));

  payForm.addEventListener('submit', (e) => {
    e.preventDefault();
    void pay();
  });

  async function pay(): Promise<void> {
    if (basket.size === 0) return;
    attemptKey ??= newKey();
    const key = attemptKey;
    const body = {
      lines: [...basket.values()].map((l) => ({ productId: l.product.id, quantity: l.quantity })),
      payment: payMethodCard.checked ? { method: 'card', cardNumber: cardSelect.value } : { method: 'cash' },
    };
    payButton.disabled = true;
    render(saleMessage, h('p', { class: 'muted' }, 'Paiement en cours…'));
    try {
      const order = await api.post<Order>(`/locations/${encodeURIComponent(storeId)}/sales`, body, {
        idempotencyKey: key,
      });
      basket.clear();
      attemptKey = undefined;
      renderBasket();
      render(saleMessage);
      renderReceipt(order);
      layout.notify('success', `Vente confirmée : ${formatCents(order.totalCents)}.`);
      void loadStock();
      search.focus();
    } catch (error) {
      // A network error or a server failure may be retried with the same key: the server answers
      // the first result if the sale went through. Any other answer is final for this attempt.
      if (!(error instanceof ApiError && error.retryable)) attemptKey = undefined;
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

  function saleError(error: unknown): Child {
    if (isMissingRoute(error))
      return "La vente n'est pas encore disponible sur ce serveur (POST /locations/{storeId}/sales).";
    if (!(error instanceof ApiError)) return describeError(error);
    const orderRef =
      typeof error.problem.orderId === 'string'
        ? h('div', { class: 'small' }, 'Commande : ', h('code', {}, error.problem.orderId))
        : null;
    if (error.code === 'insufficient-stock') {
      const short = shortLines(error.problem);
      return [
        h('strong', {}, 'Stock insuffisant'),
        short.length
          ? h(
              'ul',
              {},
              short.map((s) =>
                h(
                  'li',
                  {},
                  `${nameOf(s.productId)} : ${s.available} disponible(s)${s.requested !== undefined ? `, ${s.requested} demandé(s)` : ''}`,
                ),
              ),
            )
          : h('div', {}, error.detail),
        orderRef,
        h('div', { class: 'muted small' }, 'Ajustez les quantités puis encaissez de nouveau.'),
        reference(error),
      ];
    }
    if (error.code === 'payment-declined')
      return [
        h('strong', {}, 'Carte refusée'),
        error.detail ? h('div', {}, error.detail) : null,
        orderRef,
        h('div', { class: 'muted small' }, 'Essayez une autre carte ou le comptant.'),
        reference(error),
      ];
    if (error.retryable)
      return [
        describeError(error),
        h(
          'div',
          { class: 'small' },
          'Réessayez : la même vente sera renvoyée, elle ne sera pas encaissée deux fois.',
        ),
      ];
    return [describeError(error), orderRef];
  }

  const reference = (error: ApiError): Child =>
    error.correlationId
      ? h('div', { class: 'muted small' }, 'Référence pour le support : ', h('code', {}, error.correlationId))
      : null;

  function nameOf(productId: string): string {
    return basket.get(productId)?.product.name ?? storeStock.get(productId)?.name ?? productId;
  }

  function renderReceipt(order: Order): void {
    render(
      receiptBox,
      h(
        'section',
        { class: 'card receipt', 'aria-labelledby': 'receipt-title', 'data-order-id': order.id },
        h(
          'h2',
          { id: 'receipt-title' },
          h('span', {}, 'Reçu'),
          h(
            'span',
            {
              class: `badge ${order.status === 'confirmed' ? 'badge-ok' : 'badge-neutral'}`,
              'data-testid': 'order-status',
            },
            orderStatusLabel(order.status),
          ),
        ),
        h(
          'p',
          { class: 'muted small' },
          `${storeName} · ${formatDateTime(order.createdAt)} · n° `,
          h('code', {}, order.id),
        ),
        orderLinesTable(order),
        totalsTable(order),
        order.payment
          ? h(
              'p',
              { class: 'small' },
              `Payé ${order.payment.method === 'cash' ? 'comptant' : 'par carte'} : ${formatCents(order.payment.amountCents)}`,
            )
          : null,
        h(
          'button',
          {
            type: 'button',
            onclick: () => {
              render(receiptBox);
              search.focus();
            },
          },
          'Nouvelle vente',
        ),
      ),
    );
  }

  // ---- stock
  async function loadStock(): Promise<void> {
    try {
      const [store, central] = await Promise.all([
        api.get<{ location?: Location; items: StockLine[] }>(
          `/locations/${encodeURIComponent(storeId)}/stock`,
        ),
        api
          .get<{ items: StockLine[] }>('/locations/warehouse/stock')
          .catch(() => ({ items: [] as StockLine[] })),
      ]);
      if (store.location) {
        storeName = store.location.name;
        storeTitle.textContent = `${store.location.name} (${storeId})`;
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
    h('option', { value: 'all' }, 'Tous les produits'),
    h('option', { value: 'needs' }, 'À réapprovisionner (rupture, bas, à commander)'),
    h('option', { value: 'over' }, 'En surstock'),
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
      h('h2', {}, `Stock — ${storeName}`),
      h(
        'p',
        { class: 'muted small' },
        `${counts.out ?? 0} en rupture · ${counts.low ?? 0} bas · ${counts.reorder ?? 0} à commander · ${counts.over ?? 0} en surstock`,
      ),
      h(
        'div',
        { class: 'row' },
        h('div', { class: 'field' }, h('label', { for: 'stock-filter' }, 'Afficher'), stockFilter),
        h(
          'div',
          { class: 'field' },
          h('button', { type: 'button', onclick: () => void loadStock() }, 'Actualiser'),
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
              h('th', {}, 'Produit'),
              h('th', { class: 'num' }, 'Disponible'),
              h('th', { class: 'num' }, 'En main'),
              h('th', {}, 'Statut'),
              h('th', { class: 'num' }, 'Entrepôt central'),
              h('th', {}, 'Réapprovisionnement'),
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
                h('td', {}, l.name),
                h('td', { class: 'num', 'data-testid': 'available' }, l.available),
                h('td', { class: 'num' }, l.onHand),
                h('td', {}, statusBadge(l.status)),
                h('td', { class: 'num' }, central ? central.available : '—'),
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
                          `Demander ${suggested}`,
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
      requested.set(line.productId, `Demande envoyée (${replenishmentLabel(r.status)})`);
      layout.notify('success', `Réapprovisionnement demandé : ${quantity} × ${line.name}.`);
    } catch (error) {
      if (isMissingRoute(error)) {
        requested.set(line.productId, 'Pas encore disponible');
        layout.notify('info', "Le réapprovisionnement n'est pas encore disponible sur ce serveur.");
      } else {
        button.disabled = false;
        layout.notify('error', describeError(error));
        return;
      }
    }
    renderStock();
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
          .filter((r) => r.status === 'requested' || r.status === 'in-transit')
          .map((r) => [r.productId, `${replenishmentLabel(r.status)} : ${r.quantity}`]),
      );
      renderStock();
      render(
        replenishBox,
        h('h2', {}, 'Demandes de réapprovisionnement'),
        page.items.length === 0
          ? h('p', { class: 'muted' }, 'Aucune demande.')
          : h(
              'table',
              {},
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  h('th', {}, 'Produit'),
                  h('th', { class: 'num' }, 'Quantité'),
                  h('th', {}, 'Statut'),
                  h('th', {}, 'Créée'),
                ),
              ),
              h(
                'tbody',
                {},
                page.items.map((r) =>
                  h(
                    'tr',
                    {},
                    h('td', {}, storeStock.get(r.productId)?.name ?? r.productId),
                    h('td', { class: 'num' }, r.quantity),
                    h(
                      'td',
                      {},
                      replenishmentLabel(r.status),
                      r.reason ? h('span', { class: 'muted small' }, ` — ${r.reason}`) : null,
                    ),
                    h('td', {}, formatDateTime(r.createdAt)),
                  ),
                ),
              ),
            ),
      );
    } catch (error) {
      render(
        replenishBox,
        h('h2', {}, 'Demandes de réapprovisionnement'),
        isMissingRoute(error)
          ? h('p', { class: 'muted' }, 'Pas encore disponible sur ce serveur.')
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

  renderBasket();
  void loadStock();
  search.focus();
}

const replenishmentLabels: Record<string, string> = {
  requested: 'Demandée',
  'in-transit': 'En route',
  fulfilled: 'Reçue',
  rejected: 'Refusée',
};
const replenishmentLabel = (status: string): string => replenishmentLabels[status] ?? status;

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
