import { api, ApiError, isMissingRoute, testCards, type Order, type Page, type Product } from '../lib/api.ts';
import { categoryLabel, categoryLabels } from '../lib/categories.ts';
import { debounce, h, newKey, render, type Child } from '../lib/dom.ts';
import { describeError, mountLayout } from '../lib/layout.ts';
import { formatCents, formatDateTime } from '../lib/money.ts';
import { orderLinesTable, orderStatusLabel, totalsTable } from '../lib/order-view.ts';
import { loginUrl } from '../lib/session.ts';

/**
 * The web shop: anyone browses the catalog; a signed-in customer fills a cart kept by the server
 * (its id remembered in localStorage), checks out by card with a shipping address (served by the
 * central warehouse) and sees their orders.
 */
const layout = mountLayout('shop', 'Boutique');
const session = layout.session;
const customer = session?.user.role === 'customer' ? session : undefined;

interface CartLine {
  readonly productId: string;
  readonly name?: string;
  readonly quantity: number;
  readonly unitPriceCents?: number;
  readonly lineTotalCents?: number;
}
interface Cart {
  readonly id?: string;
  readonly cartId?: string;
  readonly lines: CartLine[];
  readonly subtotalCents?: number;
  readonly gstCents?: number;
  readonly qstCents?: number;
  readonly totalCents?: number;
}

const cartKey = customer ? `comptoir.cart.${customer.user.id}` : undefined;
let cartId: string | undefined = cartKey ? (localStorage.getItem(cartKey) ?? undefined) : undefined;
let cart: Cart | undefined;
let category = '';
let cursor: string | undefined;
let products: Product[] = [];
/** One Idempotency-Key per checkout attempt of the current cart content. */
let checkoutKey: string | undefined;

const search = h('input', {
  id: 'shop-search',
  type: 'search',
  placeholder: 'Croissant, café, fromage…',
  autocomplete: 'off',
});
const chips = h('div', { class: 'chips', role: 'group', 'aria-label': 'Catégories' });
const grid = h('ul', { class: 'products', id: 'products', 'aria-live': 'polite' });
const more = h('div', {});
const cartBox = h('div', { id: 'cart' });
const ordersBox = h('section', { id: 'orders', class: 'card section', 'aria-labelledby': 'orders-title' });
const confirmation = h('div', { id: 'confirmation' });
/** On a phone the cart sits below the catalog: this summary at the top jumps to it. */
const cartLink = h(
  'a',
  { class: 'cart-link', href: '#cart-title', 'data-testid': 'cart-summary' },
  'Panier vide',
);

render(
  layout.main,
  h('div', { class: 'shop-head' }, h('h1', {}, 'Boutique en ligne'), customer ? cartLink : null),
  confirmation,
  h(
    'div',
    { class: 'shop-grid' },
    h(
      'section',
      { 'aria-labelledby': 'catalog-title' },
      h('h2', { id: 'catalog-title', class: 'skip' }, 'Catalogue'),
      h(
        'div',
        { class: 'shop-tools' },
        h('div', { class: 'field' }, h('label', { for: 'shop-search' }, 'Rechercher'), search),
      ),
      chips,
      grid,
      more,
    ),
    h(
      'aside',
      { class: 'card cart-panel', 'aria-labelledby': 'cart-title' },
      h('h2', { id: 'cart-title' }, 'Mon panier'),
      cartBox,
    ),
  ),
  customer ? ordersBox : null,
);

function renderChips(): void {
  const all = [['', 'Tout'], ...Object.entries(categoryLabels)] as const;
  render(
    chips,
    all.map(([id, label]) =>
      h(
        'button',
        {
          type: 'button',
          'aria-pressed': String(category === id),
          onclick: () => {
            category = id;
            renderChips();
            void loadProducts(false);
          },
        },
        label,
      ),
    ),
  );
}

let seq = 0;
async function loadProducts(append: boolean): Promise<void> {
  const mine = ++seq;
  try {
    const page = await api.get<Page<Product>>('/products', {
      query: { q: search.value.trim(), category, limit: 24, cursor: append ? cursor : undefined },
    });
    if (mine !== seq) return;
    products = append ? [...products, ...page.items] : page.items;
    cursor = page.nextCursor;
    renderProducts();
  } catch (error) {
    if (mine === seq) render(grid, h('li', { class: 'alert alert-error' }, describeError(error)));
  }
}

function renderProducts(): void {
  if (products.length === 0) {
    render(grid, h('li', { class: 'muted' }, 'Aucun produit ne correspond.'));
    render(more);
    return;
  }
  render(
    grid,
    products.map((p) =>
      h(
        'li',
        { class: 'card product', 'data-product-id': p.id },
        h('span', { class: 'muted small' }, categoryLabel(p.category)),
        h('h3', {}, p.name),
        p.description ? h('p', { class: 'desc' }, p.description) : h('p', { class: 'desc' }),
        h('span', { class: 'price' }, formatCents(p.priceCents)),
        h(
          'button',
          {
            type: 'button',
            class: 'primary',
            'aria-label': `Ajouter ${p.name} au panier`,
            onclick: () => void addToCart(p),
          },
          'Ajouter au panier',
        ),
      ),
    ),
  );
  render(
    more,
    cursor
      ? h('button', { type: 'button', onclick: () => void loadProducts(true) }, 'Voir plus de produits')
      : null,
  );
}

// ---- cart
async function ensureCart(): Promise<string> {
  if (cartId) return cartId;
  const created = await api.post<{ cartId?: string; id?: string }>('/carts', {});
  cartId = created.cartId ?? created.id;
  if (!cartId) throw new Error('The server did not return a cart id');
  if (cartKey) localStorage.setItem(cartKey, cartId);
  return cartId;
}

function quantityOf(productId: string): number {
  return cart?.lines.find((l) => l.productId === productId)?.quantity ?? 0;
}

async function addToCart(p: Product): Promise<void> {
  if (!customer) {
    layout.notify('info', [
      'Connectez-vous avec un compte client pour remplir un panier. ',
      h('a', { href: loginUrl() }, 'Se connecter'),
    ]);
    return;
  }
  await setQuantity(p.id, quantityOf(p.id) + 1, p.name);
}

async function setQuantity(productId: string, quantity: number, name?: string): Promise<void> {
  try {
    let id = await ensureCart();
    try {
      await api.put(`/carts/${encodeURIComponent(id)}/items/${encodeURIComponent(productId)}`, { quantity });
    } catch (error) {
      // The remembered cart may be gone (checked out elsewhere, data reset): start a new one.
      if (
        !(error instanceof ApiError && (error.status === 404 || error.status === 409)) ||
        isMissingRoute(error)
      )
        throw error;
      forgetCart();
      id = await ensureCart();
      await api.put(`/carts/${encodeURIComponent(id)}/items/${encodeURIComponent(productId)}`, { quantity });
    }
    checkoutKey = undefined;
    await loadCart();
    if (name && quantity > 0) layout.notify('success', `${name} ajouté au panier.`);
  } catch (error) {
    if (isMissingRoute(error)) layout.notify('info', "Le panier n'est pas encore disponible sur ce serveur.");
    else layout.notify('error', describeError(error));
  }
}

function forgetCart(): void {
  cartId = undefined;
  cart = undefined;
  if (cartKey) localStorage.removeItem(cartKey);
}

async function loadCart(): Promise<void> {
  if (!customer) {
    render(
      cartBox,
      h(
        'p',
        {},
        'Parcourez librement. ',
        h('a', { href: loginUrl() }, 'Connectez-vous'),
        ' avec un compte client pour commander.',
      ),
    );
    return;
  }
  if (!cartId) {
    cart = undefined;
    renderCart();
    return;
  }
  try {
    cart = await api.get<Cart>(`/carts/${encodeURIComponent(cartId)}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404 && !isMissingRoute(error)) forgetCart();
    else if (!isMissingRoute(error)) layout.notify('error', describeError(error));
  }
  renderCart();
}

const cardSelect = h(
  'select',
  { id: 'shop-card', name: 'card' },
  testCards.map((c) => h('option', { value: c.number }, c.label)),
);
const field = (id: string, label: string, attrs: Record<string, string | boolean> = {}) =>
  h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    h('input', { id, name: id, required: true, ...attrs }),
  );

function renderCart(): void {
  const lines = cart?.lines ?? [];
  const units = lines.reduce((n, l) => n + l.quantity, 0);
  cartLink.textContent =
    units === 0
      ? 'Panier vide'
      : `Panier : ${units} article(s)${cart?.totalCents !== undefined ? ` · ${formatCents(cart.totalCents)}` : ''}`;
  if (lines.length === 0) {
    render(cartBox, h('p', { class: 'muted' }, 'Votre panier est vide.'));
    return;
  }
  const form = h(
    'form',
    { id: 'checkout', 'aria-label': 'Paiement et livraison' },
    h(
      'fieldset',
      {},
      h('legend', {}, 'Livraison'),
      field('ship-name', 'Nom', { autocomplete: 'name', value: customer?.user.username ?? '' }),
      field('ship-line1', 'Adresse', { autocomplete: 'address-line1' }),
      field('ship-city', 'Ville', { autocomplete: 'address-level2', value: 'Montréal' }),
      field('ship-province', 'Province', { autocomplete: 'address-level1', value: 'QC' }),
      field('ship-postal', 'Code postal', {
        autocomplete: 'postal-code',
        pattern: '[A-Za-z]\\d[A-Za-z] ?\\d[A-Za-z]\\d',
        title: 'Un code postal canadien, par exemple H2X 1Y4',
      }),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Paiement par carte'),
      h('div', { class: 'field' }, h('label', { for: 'shop-card' }, 'Carte de test'), cardSelect),
    ),
    h('div', { id: 'checkout-message', 'aria-live': 'assertive' }),
    h('button', { type: 'submit', class: 'primary big', id: 'place-order' }, 'Commander'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void checkout(form);
  });
  render(
    cartBox,
    h(
      'table',
      { class: 'cart-lines' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, 'Produit'),
          h('th', { class: 'num' }, 'Qté'),
          h('th', { class: 'num' }, 'Total'),
        ),
      ),
      h(
        'tbody',
        {},
        lines.map((l) => {
          const name = l.name ?? products.find((p) => p.id === l.productId)?.name ?? l.productId;
          return h(
            'tr',
            { 'data-product-id': l.productId },
            h('td', {}, name),
            h(
              'td',
              { class: 'num' },
              h(
                'span',
                { class: 'qty' },
                h(
                  'button',
                  {
                    type: 'button',
                    'aria-label': `Un ${name} de moins`,
                    onclick: () => void setQuantity(l.productId, l.quantity - 1),
                  },
                  '−',
                ),
                h('span', { 'data-testid': 'cart-qty' }, l.quantity),
                h(
                  'button',
                  {
                    type: 'button',
                    'aria-label': `Un ${name} de plus`,
                    onclick: () => void setQuantity(l.productId, l.quantity + 1),
                  },
                  '+',
                ),
              ),
            ),
            h('td', { class: 'num' }, l.lineTotalCents !== undefined ? formatCents(l.lineTotalCents) : '—'),
          );
        }),
      ),
    ),
    cart?.totalCents !== undefined
      ? totalsTable({
          subtotalCents: cart.subtotalCents ?? 0,
          gstCents: cart.gstCents ?? 0,
          qstCents: cart.qstCents ?? 0,
          totalCents: cart.totalCents,
        })
      : null,
    form,
  );
  cardSelect.addEventListener('change', () => (checkoutKey = undefined));
}

async function checkout(form: HTMLFormElement): Promise<void> {
  if (!cartId) return;
  const value = (id: string) => (form.querySelector<HTMLInputElement>(`#${id}`)?.value ?? '').trim();
  const message = form.querySelector<HTMLElement>('#checkout-message')!;
  const button = form.querySelector<HTMLButtonElement>('#place-order')!;
  checkoutKey ??= newKey();
  button.disabled = true;
  render(message, h('p', { class: 'muted' }, 'Paiement en cours…'));
  try {
    const order = await api.post<Order>(
      `/carts/${encodeURIComponent(cartId)}/checkout`,
      {
        payment: { method: 'card', cardNumber: cardSelect.value },
        // One line a parcel label can print: "Name, street, city, province, postal code, Canada".
        shippingAddress: [
          value('ship-name'),
          value('ship-line1'),
          value('ship-city'),
          `${value('ship-province')} ${value('ship-postal').toUpperCase()}`,
          'Canada',
        ].join(', '),
      },
      { idempotencyKey: checkoutKey },
    );
    checkoutKey = undefined;
    layout.clear();
    forgetCart();
    renderCart();
    showConfirmation(order);
    void loadOrders();
  } catch (error) {
    if (!(error instanceof ApiError && error.retryable)) checkoutKey = undefined;
    render(
      message,
      h(
        'div',
        { class: 'alert alert-error', role: 'alert' },
        h('div', { class: 'alert-body' }, checkoutError(error)),
      ),
    );
    button.disabled = false;
  }
}

function checkoutError(error: unknown): Child {
  if (isMissingRoute(error)) return "Le paiement en ligne n'est pas encore disponible sur ce serveur.";
  if (error instanceof ApiError && error.code === 'payment-declined')
    return [
      h('strong', {}, 'Carte refusée'),
      error.detail ? h('div', {}, error.detail) : null,
      h('div', { class: 'small' }, 'Choisissez une autre carte.'),
    ];
  if (error instanceof ApiError && error.code === 'insufficient-stock')
    return [
      h('strong', {}, "Stock insuffisant à l'entrepôt"),
      h('div', {}, error.detail),
      h('div', { class: 'small' }, 'Réduisez les quantités du panier.'),
    ];
  if (error instanceof ApiError && error.retryable)
    return [
      describeError(error),
      h('div', { class: 'small' }, 'Réessayez : la même commande sera renvoyée, sans double paiement.'),
    ];
  return describeError(error);
}

function showConfirmation(order: Order): void {
  render(
    confirmation,
    h(
      'section',
      {
        class: 'card receipt section',
        'aria-labelledby': 'confirm-title',
        'data-order-id': order.id,
        tabindex: '-1',
      },
      h(
        'h2',
        { id: 'confirm-title' },
        h(
          'span',
          {},
          order.status === 'confirmed'
            ? 'Merci ! Commande confirmée'
            : `Commande : ${orderStatusLabel(order.status)}`,
        ),
      ),
      h('p', { class: 'muted small' }, `${formatDateTime(order.createdAt)} · n° `, h('code', {}, order.id)),
      orderLinesTable(order),
      totalsTable(order),
    ),
  );
  (confirmation.firstElementChild as HTMLElement | null)?.focus();
}

async function loadOrders(): Promise<void> {
  if (!customer) return;
  const title = h('h2', { id: 'orders-title' }, 'Mes commandes');
  try {
    const page = await api.get<Page<Order>>('/orders');
    render(
      ordersBox,
      title,
      page.items.length === 0
        ? h('p', { class: 'muted' }, "Vous n'avez pas encore commandé.")
        : h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              {},
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  h('th', {}, 'Date'),
                  h('th', {}, 'Commande'),
                  h('th', {}, 'Articles'),
                  h('th', {}, 'Statut'),
                  h('th', { class: 'num' }, 'Total'),
                ),
              ),
              h(
                'tbody',
                {},
                page.items.map((o) =>
                  h(
                    'tr',
                    {},
                    h('td', {}, formatDateTime(o.createdAt)),
                    h('td', {}, h('code', {}, o.id)),
                    h('td', {}, o.lines.map((l) => `${l.quantity} × ${l.name}`).join(', ')),
                    h(
                      'td',
                      {},
                      orderStatusLabel(o.status),
                      o.failure ? h('span', { class: 'muted small' }, ` — ${o.failure.detail}`) : null,
                    ),
                    h('td', { class: 'num' }, formatCents(o.totalCents)),
                  ),
                ),
              ),
            ),
          ),
    );
  } catch (error) {
    render(
      ordersBox,
      title,
      isMissingRoute(error)
        ? h('p', { class: 'muted' }, 'Pas encore disponible sur ce serveur.')
        : h('div', { class: 'alert alert-error' }, describeError(error)),
    );
  }
}

search.addEventListener(
  'input',
  debounce(() => void loadProducts(false), 250),
);
renderChips();
void loadProducts(false);
void loadCart();
void loadOrders();
