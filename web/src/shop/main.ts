import { api, ApiError, isMissingRoute, testCards, type Order, type Page, type Product } from '../lib/api.ts';
import { categoryIds, categoryLabel } from '../lib/categories.ts';
import { debounce, h, newKey, render, type Child } from '../lib/dom.ts';
import { formatDateTime, formatMoney, translator } from '../lib/i18n.ts';
import { describeError, mountLayout } from '../lib/layout.ts';
import * as common from '../lib/messages.ts';
import { failureText, orderLinesTable, orderStatusLabel, totalsTable } from '../lib/order-view.ts';
import {
  learnEnglishNames,
  lineName,
  productDescription,
  productName,
  rememberNames,
} from '../lib/products.ts';
import { fulfilmentStatusLabel, type Fulfilment } from '../lib/fulfilment.ts';
import { loginUrl, saveSession, type Session } from '../lib/session.ts';
import * as messages from './messages.ts';

const t = translator(common, messages);

/**
 * The web shop: anyone browses the catalog and may create a customer account; a signed-in customer
 * fills a cart kept by the server (its id remembered in localStorage), checks out by card with a
 * delivery choice — shipped from the central warehouse to a Canadian address, or picked up at a store
 * (sold from its stock) — and follows their orders (status, tracking number, pickup code).
 */
const layout = mountLayout('shop', t('shop.title'));
const session = layout.session;
const customer = session?.user.role === 'customer' ? session : undefined;

interface CartLine {
  readonly productId: string;
  readonly name?: string;
  readonly quantity: number;
  readonly unitPriceCents?: number;
  readonly lineTotalCents?: number;
  /** The line's part of the promo code's discount (shown apart, as "Rabais"). */
  readonly discountCents?: number;
}
interface Cart {
  readonly id?: string;
  readonly cartId?: string;
  readonly lines: CartLine[];
  readonly subtotalCents?: number;
  /** With a promo code: what it takes off (before taxes). */
  readonly discountCents?: number;
  /** Shipped: the delivery charge before taxes (in the taxes and the total). */
  readonly shippingCents?: number;
  readonly gstCents?: number;
  readonly qstCents?: number;
  readonly totalCents?: number;
  /** Taxable amount and taxes per tax class (docs/taxes.md). */
  readonly taxLines?: Order['taxLines'];
}

const cartKey = customer ? `comptoir.cart.${customer.user.id}` : undefined;
let cartId: string | undefined = cartKey ? (localStorage.getItem(cartKey) ?? undefined) : undefined;
let cart: Cart | undefined;
let category = '';
let cursor: string | undefined;
let products: Product[] = [];
/** One Idempotency-Key per checkout attempt of the current cart content. */
let checkoutKey: string | undefined;
/** The stores a customer may pick an order up at (GET /delivery-options). */
let pickupStores: { storeId: string; name: string }[] = [];
let deliveryMethod: 'ship' | 'pickup' = 'ship';
/** The promo code the cart is priced with (one per order), and why the last one typed was refused. */
let promoCode: string | undefined;
let promoProblem: Child | undefined;

const search = h('input', {
  id: 'shop-search',
  type: 'search',
  placeholder: t('shop.search.placeholder'),
  autocomplete: 'off',
});
const chips = h('div', { class: 'chips', role: 'group', 'aria-label': t('shop.categories') });
const grid = h('ul', { class: 'products', id: 'products', 'aria-live': 'polite' });
const more = h('div', {});
const cartBox = h('div', { id: 'cart' });
const ordersBox = h('section', { id: 'orders', class: 'card section', 'aria-labelledby': 'orders-title' });
const confirmation = h('div', { id: 'confirmation' });
/** On a phone the cart sits below the catalog: this summary at the top jumps to it. */
const cartLink = h(
  'a',
  { class: 'cart-link', href: '#cart-title', 'data-testid': 'cart-summary' },
  t('shop.cart.emptyLink'),
);

render(
  layout.main,
  h('div', { class: 'shop-head' }, h('h1', {}, t('shop.heading')), customer ? cartLink : null),
  confirmation,
  h(
    'div',
    { class: 'shop-grid' },
    h(
      'section',
      { 'aria-labelledby': 'catalog-title' },
      h('h2', { id: 'catalog-title', class: 'skip' }, t('shop.catalog')),
      h(
        'div',
        { class: 'shop-tools' },
        h('div', { class: 'field' }, h('label', { for: 'shop-search' }, t('shop.search')), search),
      ),
      chips,
      grid,
      more,
    ),
    h(
      'aside',
      { class: 'card cart-panel', 'aria-labelledby': 'cart-title' },
      h('h2', { id: 'cart-title' }, t('shop.cart')),
      cartBox,
    ),
  ),
  customer ? ordersBox : null,
);

function renderChips(): void {
  const all: [string, string][] = [
    ['', t('category.all')],
    ...categoryIds.map((id) => [id, categoryLabel(id)] as [string, string]),
  ];
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
    rememberNames(page.items);
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
    render(grid, h('li', { class: 'muted' }, t('shop.none')));
    render(more);
    return;
  }
  render(
    grid,
    products.map((p) => {
      const description = productDescription(p);
      return h(
        'li',
        { class: 'card product', 'data-product-id': p.id },
        h('span', { class: 'muted small' }, categoryLabel(p.category)),
        h('h3', {}, productName(p)),
        description ? h('p', { class: 'desc' }, description) : h('p', { class: 'desc' }),
        h('span', { class: 'price' }, formatMoney(p.priceCents)),
        h(
          'button',
          {
            type: 'button',
            class: 'primary',
            'aria-label': t('shop.addLabel', { name: productName(p) }),
            onclick: () => void addToCart(p),
          },
          t('shop.add'),
        ),
      );
    }),
  );
  render(
    more,
    cursor ? h('button', { type: 'button', onclick: () => void loadProducts(true) }, t('shop.more')) : null,
  );
}

// ---- cart
async function ensureCart(): Promise<string> {
  if (cartId) return cartId;
  const created = await api.post<{ cartId?: string; id?: string }>('/carts', {});
  cartId = created.cartId ?? created.id;
  if (!cartId) throw new Error(t('shop.cart.noId'));
  if (cartKey) localStorage.setItem(cartKey, cartId);
  return cartId;
}

function quantityOf(productId: string): number {
  return cart?.lines.find((l) => l.productId === productId)?.quantity ?? 0;
}

async function addToCart(p: Product): Promise<void> {
  if (!customer) {
    layout.notify('info', [t('shop.cart.signIn'), h('a', { href: loginUrl() }, t('layout.signIn'))]);
    return;
  }
  await setQuantity(p.id, quantityOf(p.id) + 1, productName(p));
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
    if (name && quantity > 0) layout.notify('success', t('shop.cart.added', { name }));
  } catch (error) {
    if (isMissingRoute(error)) layout.notify('info', t('shop.cart.unavailable'));
    else layout.notify('error', describeError(error));
  }
}

function forgetCart(): void {
  cartId = undefined;
  cart = undefined;
  if (cartKey) localStorage.removeItem(cartKey);
}

/** Only the latest load of the cart renders (the delivery choice changed while one was on its way). */
let cartLoads = 0;
/**
 * What the customer typed or chose in the checkout form (address, store), by field id: the cart's
 * re-renders (a quantity, a promo code, the delivery choice repriced) put it back, never wipe it.
 */
const typed = new Map<string, string>();

async function loadCart(): Promise<void> {
  if (!customer) {
    render(
      cartBox,
      h(
        'p',
        {},
        t('shop.cart.browse'),
        h('a', { href: loginUrl() }, t('shop.cart.signInLink')),
        t('shop.cart.browseEnd'),
      ),
      signUpForm(),
    );
    return;
  }
  if (!cartId) {
    cart = undefined;
    renderCart();
    return;
  }
  const mine = ++cartLoads;
  try {
    // Shipped: priced with the delivery charge the checkout will add (the standard option), so the
    // total shown is the total paid.
    const priced = await api.get<Cart>(`/carts/${encodeURIComponent(cartId)}`, {
      query: { promoCode, shipping: deliveryMethod === 'ship' ? 'standard' : undefined },
    });
    if (mine !== cartLoads) return;
    cart = priced;
  } catch (error) {
    if (mine !== cartLoads) return;
    if (promoCode && error instanceof ApiError && error.code.startsWith('promo-')) {
      // The code does not apply (unknown, expired, below its minimum…): say why, price without it.
      promoCode = undefined;
      promoProblem = promoError(error);
      return loadCart();
    }
    if (error instanceof ApiError && error.status === 404 && !isMissingRoute(error)) forgetCart();
    else if (!isMissingRoute(error)) layout.notify('error', describeError(error));
  }
  renderCart();
}

const cardSelect = h(
  'select',
  { id: 'shop-card', name: 'card' },
  testCards().map((c) => h('option', { value: c.number }, c.label)),
);
const field = (id: string, label: string, attrs: Record<string, string | boolean> = {}) =>
  h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    h('input', { id, name: id, required: true, ...attrs }),
  );

function promoError(error: ApiError): Child {
  const minimum = error.problem.minimumCents;
  return error.code === 'promo-below-minimum' && typeof minimum === 'number'
    ? [h('strong', {}, error.title), ' — ', t('shop.promo.minimum', { amount: formatMoney(minimum) })]
    : describeError(error);
}

/** The promo-code field: apply a code (the cart is priced with it at once) or remove it. */
function promoBox(): HTMLElement {
  const input = h('input', {
    id: 'promo-code',
    name: 'promo-code',
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
    maxlength: '32',
    value: promoCode ?? '',
  });
  const apply = (): void => {
    const code = input.value.trim();
    if (!code) return;
    promoCode = code.toUpperCase();
    promoProblem = undefined;
    checkoutKey = undefined;
    void loadCart();
  };
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      apply();
    }
  });
  const discount = cart?.discountCents ?? 0;
  return h(
    'div',
    { class: 'promo', id: 'promo' },
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'promo-code' }, t('shop.promo.label')),
      h(
        'div',
        { class: 'row' },
        input,
        h('button', { type: 'button', id: 'promo-apply', onclick: apply }, t('shop.promo.apply')),
        promoCode
          ? h(
              'button',
              {
                type: 'button',
                id: 'promo-remove',
                onclick: () => {
                  promoCode = undefined;
                  promoProblem = undefined;
                  checkoutKey = undefined;
                  void loadCart();
                },
              },
              t('shop.promo.remove'),
            )
          : null,
      ),
    ),
    h(
      'div',
      { id: 'promo-message', 'aria-live': 'polite' },
      promoProblem
        ? h(
            'div',
            { class: 'alert alert-error', role: 'alert' },
            h('div', { class: 'alert-body' }, promoProblem),
          )
        : promoCode && discount > 0
          ? h(
              'p',
              { class: 'small', 'data-testid': 'promo-applied' },
              t('shop.promo.applied', { code: promoCode, amount: formatMoney(discount) }),
            )
          : null,
    ),
  );
}

function renderCart(): void {
  const lines = cart?.lines ?? [];
  const units = lines.reduce((n, l) => n + l.quantity, 0);
  cartLink.textContent =
    units === 0
      ? t('shop.cart.emptyLink')
      : cart?.totalCents !== undefined
        ? t('shop.cart.summaryTotal', { count: units, amount: formatMoney(cart.totalCents) })
        : t('shop.cart.summary', { count: units });
  if (lines.length === 0) {
    render(cartBox, h('p', { class: 'muted' }, t('shop.cart.empty')));
    return;
  }
  const form = h(
    'form',
    { id: 'checkout', 'aria-label': t('shop.checkout') },
    deliveryFieldset(),
    h(
      'fieldset',
      {},
      h('legend', {}, t('shop.payByCard')),
      h('div', { class: 'field' }, h('label', { for: 'shop-card' }, t('common.testCard')), cardSelect),
    ),
    h('div', { id: 'checkout-message', 'aria-live': 'assertive' }),
    h('button', { type: 'submit', class: 'primary big', id: 'place-order' }, t('shop.placeOrder')),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void checkout(form);
  });
  form.addEventListener('input', (e) => {
    const el = e.target as HTMLInputElement | HTMLSelectElement;
    if (el.id && el.type !== 'radio') typed.set(el.id, el.value);
  });
  for (const [id, value] of typed) {
    const el = form.querySelector<HTMLInputElement | HTMLSelectElement>(`#${CSS.escape(id)}`);
    if (el) el.value = value;
  }
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
          h('th', {}, t('common.product')),
          h('th', { class: 'num' }, t('common.qty')),
          h('th', { class: 'num' }, t('common.total')),
        ),
      ),
      h(
        'tbody',
        {},
        lines.map((l) => {
          const known = products.find((p) => p.id === l.productId);
          const name = known ? productName(known) : l.name ? lineName(l.productId, l.name) : l.productId;
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
                    'aria-label': t('shop.cart.less', { name }),
                    onclick: () => void setQuantity(l.productId, l.quantity - 1),
                  },
                  '−',
                ),
                h('span', { 'data-testid': 'cart-qty' }, l.quantity),
                h(
                  'button',
                  {
                    type: 'button',
                    'aria-label': t('shop.cart.more', { name }),
                    onclick: () => void setQuantity(l.productId, l.quantity + 1),
                  },
                  '+',
                ),
              ),
            ),
            h(
              'td',
              { class: 'num' },
              l.lineTotalCents !== undefined
                ? formatMoney(l.lineTotalCents + (l.discountCents ?? 0))
                : t('common.none'),
            ),
          );
        }),
      ),
    ),
    promoBox(),
    cart?.totalCents !== undefined
      ? totalsTable({
          subtotalCents: cart.subtotalCents ?? 0,
          ...(cart.discountCents ? { discountCents: cart.discountCents } : {}),
          ...(cart.shippingCents ? { shippingCents: cart.shippingCents } : {}),
          gstCents: cart.gstCents ?? 0,
          qstCents: cart.qstCents ?? 0,
          totalCents: cart.totalCents,
          ...(cart.taxLines ? { taxLines: cart.taxLines } : {}),
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
  render(message, h('p', { class: 'muted' }, t('common.paying')));
  try {
    const order = await api.post<Order>(
      `/carts/${encodeURIComponent(cartId)}/checkout`,
      {
        payment: { method: 'card', cardNumber: cardSelect.value },
        delivery:
          deliveryMethod === 'pickup'
            ? { method: 'pickup', storeId: value('pickup-store') }
            : {
                method: 'ship',
                address: {
                  name: value('ship-name'),
                  street: value('ship-line1'),
                  city: value('ship-city'),
                  province: value('ship-province').toUpperCase(),
                  postalCode: value('ship-postal'),
                },
              },
        ...(promoCode ? { promoCode } : {}),
      },
      { idempotencyKey: checkoutKey },
    );
    checkoutKey = undefined;
    promoCode = undefined;
    promoProblem = undefined;
    typed.clear();
    layout.clear();
    forgetCart();
    renderCart();
    showConfirmation(order);
    void loadOrders();
  } catch (error) {
    if (!(error instanceof ApiError && error.retryable)) checkoutKey = undefined;
    if (promoCode && error instanceof ApiError && error.code.startsWith('promo-')) {
      // The code ran out (or ended) meanwhile: the cart is priced again without it.
      promoCode = undefined;
      promoProblem = promoError(error);
      await loadCart();
      return;
    }
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
  if (isMissingRoute(error)) return t('shop.checkout.unavailable');
  if (error instanceof ApiError && error.code === 'payment-declined')
    return [
      h('strong', {}, t('problem.payment-declined')),
      error.detail ? h('div', {}, error.detail) : null,
      h('div', { class: 'small' }, t('shop.declined.next')),
    ];
  if (error instanceof ApiError && error.code === 'insufficient-stock')
    return [
      h('strong', {}, t('shop.short.title')),
      h('div', {}, error.detail),
      h('div', { class: 'small' }, t('shop.short.next')),
    ];
  if (error instanceof ApiError && error.retryable)
    return [describeError(error), h('div', { class: 'small' }, t('shop.retry'))];
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
            ? t('shop.confirmed')
            : t('shop.orderStatus', { status: orderStatusLabel(order.status) }),
        ),
      ),
      h(
        'p',
        { class: 'muted small' },
        t('shop.orderMeta', { date: formatDateTime(order.createdAt) }),
        h('code', {}, order.id),
      ),
      deliverySummary(order),
      orderLinesTable(order, { receipt: true }),
      totalsTable(order, { receipt: true }),
    ),
  );
  (confirmation.firstElementChild as HTMLElement | null)?.focus();
}

async function loadOrders(): Promise<void> {
  if (!customer) return;
  await learnEnglishNames();
  const title = h('h2', { id: 'orders-title' }, t('shop.orders'));
  try {
    const page = await api.get<Page<Order>>('/orders');
    const tracking = await trackingOf(page.items);
    render(
      ordersBox,
      title,
      page.items.length === 0
        ? h('p', { class: 'muted' }, t('shop.orders.none'))
        : h(
            'div',
            // Wider than a phone: the table scrolls, and a keyboard can scroll it too.
            { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': 'orders-title' },
            h(
              'table',
              {},
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  h('th', {}, t('common.date')),
                  h('th', {}, t('shop.orders.order')),
                  h('th', {}, t('shop.orders.items')),
                  h('th', {}, t('common.status')),
                  h('th', {}, t('shop.orders.tracking')),
                  h('th', { class: 'num' }, t('common.total')),
                ),
              ),
              h(
                'tbody',
                {},
                page.items.map((o) =>
                  h(
                    'tr',
                    { 'data-order-id': o.id },
                    h('td', {}, formatDateTime(o.createdAt)),
                    h('td', {}, h('code', {}, o.id)),
                    h(
                      'td',
                      {},
                      o.lines
                        .map((l) =>
                          t('shop.orders.line', {
                            quantity: l.quantity,
                            name: lineName(l.productId, l.name),
                          }),
                        )
                        .join(', '),
                    ),
                    h(
                      'td',
                      {},
                      orderStatusLabel(o.status),
                      o.failure ? h('span', { class: 'muted small' }, ' — ', failureText(o.failure)) : null,
                    ),
                    h('td', { class: 'tracking', 'data-testid': 'tracking' }, tracking.get(o.id) ?? null),
                    h('td', { class: 'num' }, formatMoney(o.totalCents)),
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
        ? h('p', { class: 'muted' }, t('error.notAvailable'))
        : h('div', { class: 'alert alert-error' }, describeError(error)),
    );
  }
}

/** The sign-up form a visitor sees beside the cart: a customer account, then signed in at once. */
function signUpForm(): HTMLElement {
  const form = h(
    'form',
    { id: 'signup', 'aria-labelledby': 'signup-title' },
    h('h3', { id: 'signup-title' }, t('shop.signup')),
    field('signup-username', t('shop.signup.username'), { autocomplete: 'username', minlength: '3' }),
    field('signup-email', t('shop.signup.email'), { type: 'email', autocomplete: 'email' }),
    field('signup-password', t('shop.signup.password'), {
      type: 'password',
      autocomplete: 'new-password',
      minlength: '8',
    }),
    h('button', { type: 'submit', class: 'primary' }, t('shop.signup.submit')),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const value = (id: string) => form.querySelector<HTMLInputElement>(`#${id}`)?.value ?? '';
    const button = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    button.disabled = true;
    const credentials = { username: value('signup-username').trim(), password: value('signup-password') };
    void api
      .post('/auth/register', { ...credentials, email: value('signup-email').trim() })
      .then(() => api.post<Session>('/auth/login', credentials))
      .then((signedIn) => {
        saveSession(signedIn);
        location.reload();
      })
      .catch((error: unknown) => {
        layout.notify('error', describeError(error));
        button.disabled = false;
      });
  });
  return form;
}

/** Shipped to an address (the warehouse) or picked up at a store: the choice and its fields. */
function deliveryFieldset(): HTMLElement {
  const radio = (method: 'ship' | 'pickup', label: string) =>
    h(
      'label',
      { class: 'choice' },
      h('input', {
        type: 'radio',
        name: 'delivery',
        value: method,
        checked: deliveryMethod === method,
        onchange: () => {
          deliveryMethod = method;
          checkoutKey = undefined;
          renderCart();
          void loadCart(); // priced again: with or without the delivery charge
        },
      }),
      ` ${label}`,
    );
  const fields =
    deliveryMethod === 'pickup'
      ? [
          h(
            'div',
            { class: 'field' },
            h('label', { for: 'pickup-store' }, t('shop.pickup.store')),
            h(
              'select',
              { id: 'pickup-store', name: 'pickup-store', required: true },
              pickupStores.map((s) => h('option', { value: s.storeId }, s.name)),
            ),
          ),
          h('p', { class: 'muted small' }, t('shop.pickup.hint')),
        ]
      : [
          field('ship-name', t('shop.ship.name'), {
            autocomplete: 'name',
            value: customer?.user.username ?? '',
          }),
          field('ship-line1', t('shop.ship.line1'), { autocomplete: 'address-line1' }),
          field('ship-city', t('shop.ship.city'), { autocomplete: 'address-level2', value: 'Montréal' }),
          field('ship-province', t('shop.ship.province'), { autocomplete: 'address-level1', value: 'QC' }),
          field('ship-postal', t('shop.ship.postal'), {
            autocomplete: 'postal-code',
            pattern: '[A-Za-z]\\d[A-Za-z] ?\\d[A-Za-z]\\d',
            title: t('shop.ship.postalHint'),
          }),
        ];
  return h(
    'fieldset',
    {},
    h('legend', {}, t('shop.shipping')),
    h(
      'div',
      { class: 'choices', role: 'radiogroup', 'aria-label': t('shop.delivery.method') },
      radio('ship', t('shop.delivery.ship')),
      pickupStores.length > 0 ? radio('pickup', t('shop.delivery.pickup')) : null,
    ),
    ...fields,
  );
}

/** Where the order goes: the address it is shipped to, or the store it is picked up at. */
function deliverySummary(order: Order): HTMLElement | null {
  const d = order.delivery;
  if (!d) return order.shippingAddress ? h('p', {}, order.shippingAddress) : null;
  if (d.method === 'pickup')
    return h(
      'p',
      { 'data-testid': 'delivery' },
      t('shop.delivery.pickupAt', {
        store: pickupStores.find((s) => s.storeId === d.storeId)?.name ?? d.storeId,
      }),
    );
  return h(
    'p',
    { 'data-testid': 'delivery' },
    t('shop.delivery.shipTo', { address: order.shippingAddress ?? '' }),
  );
}

/** Each web order's fulfilment in words: its status, the carrier's tracking number, the pickup code. */
async function trackingOf(orders: readonly Order[]): Promise<Map<string, Child>> {
  const found = await Promise.all(
    orders
      .filter((o) => o.delivery && o.status !== 'pending' && o.status !== 'failed')
      .map((o) =>
        api
          .get<Fulfilment>(`/fulfilments/${encodeURIComponent(o.id)}`)
          .then((f) => [o.id, f] as const)
          .catch(() => undefined),
      ),
  );
  const shown = new Map<string, Child>();
  for (const entry of found) {
    if (!entry) continue;
    const [orderId, f] = entry;
    shown.set(orderId, [
      h('span', { 'data-testid': 'fulfilment-status' }, fulfilmentStatusLabel(f.status)),
      f.trackingNumber
        ? h(
            'div',
            { class: 'small' },
            t('shop.tracking.number', { carrier: f.carrier ?? '' }),
            h('code', { 'data-testid': 'tracking-number' }, f.trackingNumber),
          )
        : null,
      f.pickupCode && f.status === 'ready-for-pickup'
        ? h(
            'div',
            { class: 'small' },
            t('shop.tracking.code'),
            h('strong', { class: 'pickup-code', 'data-testid': 'pickup-code' }, f.pickupCode),
          )
        : null,
    ]);
  }
  return shown;
}

async function loadDeliveryOptions(): Promise<void> {
  try {
    const options = await api.get<{ pickup: { stores: { storeId: string; name: string }[] } }>(
      '/delivery-options',
    );
    pickupStores = options.pickup.stores;
    if (cart?.lines.length) renderCart();
  } catch {
    pickupStores = [];
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
if (customer) void loadDeliveryOptions();
