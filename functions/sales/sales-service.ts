import { beginCheckout, closeCart, newCart, reopenCart, setItem, type Cart } from '#domain/sales/cart.ts';
import type { PaymentMethod } from '#domain/sales/money.ts';
import {
  isSale,
  last4,
  mergeLines,
  orderStatuses,
  priceLines,
  totalsOfLines,
  type CatalogPrice,
  type Channel,
  type Order,
  type OrderStatus,
  type RequestedLine,
} from '#domain/sales/order.ts';
import { planReturn } from '#domain/sales/returns.ts';
import { ConflictError, NotFoundError } from '#domain/shared/errors.ts';
import { decodeCursor, encodeCursor } from '#functions/adapters/dynamo.ts';
import { OrderReturned } from '#functions/events/order-returned.ts';
import { PaymentRefunded } from '#functions/events/payment-refunded.ts';
import { assertOwner, assertStore, centralLocation } from '#functions/shared/access.ts';
import type { Caller } from '#functions/shared/http.ts';
import { log } from '#functions/shared/correlation.ts';
import { badRequest, HttpProblem } from '#functions/shared/problem.ts';
import type { CheckoutSaga } from './adapters/checkout-saga.ts';
import { paymentKey, type SalesDeps } from './deps.ts';
import { m } from '#domain/shared/message.ts';

/**
 * Sales use cases: ring up a sale, fill and check out a cart, read and list orders, take a return.
 * Selling runs the checkout saga synchronously and answers with the order as the saga left it.
 */
export interface SellingDeps extends SalesDeps {
  readonly saga: CheckoutSaga;
}

export interface CatalogReader {
  prices(productIds: readonly string[]): Promise<CatalogPrice[]>;
}

export interface SaleRequest {
  readonly channel: Channel;
  readonly locationId: string;
  readonly lines: readonly RequestedLine[];
  readonly payment: { readonly method: PaymentMethod; readonly cardNumber?: string };
  readonly caller: Caller | undefined;
  readonly customerId?: string;
  readonly shippingAddress?: string;
  readonly correlationId: string;
}

/** HTTP answer for an order the saga failed: the failed order's id and why, in a problem document. */
export function failureProblem(order: Order): HttpProblem {
  const f = order.failure ?? { code: 'internal-error', detail: 'The order failed' };
  const ext = { orderId: order.id, ...(f.lines ? { lines: f.lines } : {}) };
  switch (f.code) {
    case 'insufficient-stock':
      return new HttpProblem(409, f.code, 'Insufficient stock', f.detail, ext);
    case 'payment-declined':
      return new HttpProblem(402, f.code, 'Payment declined', f.detail, ext);
    case 'payment-reversed':
      return new HttpProblem(402, f.code, 'Payment reversed', m`${f.detail}; it was refunded`, ext);
    case 'payment-unavailable':
      return new HttpProblem(
        503,
        f.code,
        'Payment provider unavailable',
        m`${f.detail}; nothing was charged, retry later`,
        ext,
      ).withHeaders({ 'retry-after': '5' });
    case 'unknown-product':
      return new HttpProblem(422, f.code, 'Unknown product', f.detail, ext);
    default:
      return new HttpProblem(
        500,
        'internal-error',
        'Internal error',
        'The order could not be completed',
        ext,
      );
  }
}

/** The public shape of an order (api.md): storage fields left out. */
export function orderView(o: Order) {
  const { version: _version, createdBy: _createdBy, ...view } = o;
  return view;
}

export async function placeOrder(deps: SellingDeps, request: SaleRequest): Promise<Order> {
  const lines = mergeLines(request.lines);
  const at = deps.now();
  const id = deps.newId('ord');
  const method = request.payment.method;
  const provisional = lines.map((l) => ({
    ...l,
    name: l.productId,
    unitPriceCents: 0,
    lineTotalCents: 0,
    returnedQuantity: 0,
  }));
  const cardLast4 = last4(request.payment.cardNumber);
  const pending: Order = {
    id,
    channel: request.channel,
    locationId: request.locationId,
    status: 'pending',
    lines: provisional,
    ...totalsOfLines(provisional, method),
    payment: {
      method,
      status: 'pending',
      amountCents: 0,
      refundedCents: 0,
      ...(cardLast4 ? { cardLast4 } : {}),
    },
    steps: [],
    returns: [],
    ...(request.customerId ? { customerId: request.customerId } : {}),
    ...(request.caller ? { createdBy: request.caller.userId } : {}),
    ...(request.shippingAddress ? { shippingAddress: request.shippingAddress } : {}),
    createdAt: at,
    updatedAt: at,
    version: 0,
  };
  await deps.orders.create(pending);
  const outcome = await deps.saga.run({
    correlationId: request.correlationId,
    order: {
      id,
      channel: request.channel,
      locationId: request.locationId,
      lines,
      payment: request.payment,
      ...(request.customerId ? { customerId: request.customerId } : {}),
      createdAt: at,
    },
  });
  const order = await deps.orders.get(id);
  if (!order) throw new Error(`order ${id} vanished`);
  if (order.status === 'confirmed') return order;
  if (order.status === 'failed') throw failureProblem(order);
  log.error('checkout saga ended without an outcome', { orderId: id, ...outcome });
  throw new HttpProblem(500, 'internal-error', 'Internal error', 'The order could not be completed', {
    orderId: id,
  });
}

/**
 * A customer sees only their own orders; a cashier only the orders of their own store — never another
 * store's, nor a web order (sold from the warehouse, with a customer's name and address); managers and
 * ops all.
 */
function assertCanSee(caller: Caller | undefined, order: Order): void {
  if (caller?.role === 'customer') assertOwner(caller, order.customerId ?? '', 'order');
  if (caller?.role === 'cashier') assertStore(caller, order.locationId);
}

export async function getOrder(deps: SalesDeps, caller: Caller | undefined, id: string): Promise<Order> {
  const order = await deps.orders.get(id);
  if (!order) throw new NotFoundError('Order', id);
  assertCanSee(caller, order);
  return order;
}

export interface ListQuery {
  readonly locationId?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly status?: OrderStatus | 'all' | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

const startOf = (d: string) => (d.length === 10 ? `${d}T00:00:00.000Z` : d);
const endOf = (d: string) => (d.length === 10 ? `${d}T23:59:59.999Z` : d);

/**
 * Orders newest first, by location (staff) or of the calling customer, within [from, to] (dates are
 * whole UTC days). By default only sales (confirmed or returned); `status` narrows or widens that.
 */
export async function listOrders(deps: SalesDeps, caller: Caller | undefined, q: ListQuery) {
  let by: { locationId: string } | { customerId: string };
  if (caller?.role === 'customer') by = { customerId: caller.userId };
  else {
    const locationId = q.locationId ?? (caller?.role === 'cashier' ? caller.storeId : undefined);
    if (!locationId)
      throw badRequest('Name the location whose orders to list', [
        { path: 'query.locationId', message: 'required' },
      ]);
    assertStore(caller, locationId);
    by = { locationId };
  }
  const from = startOf(q.from ?? '2000-01-01');
  const to = endOf(q.to ?? '2999-12-31');
  if (from > to) throw badRequest('`from` is after `to`', [{ path: 'query.from', message: 'after to' }]);
  const statuses: OrderStatus[] =
    q.status === 'all'
      ? ['pending', 'confirmed', 'failed', 'partially-returned', 'returned']
      : q.status
        ? [q.status]
        : orderStatuses.filter(isSale);
  const fingerprint = JSON.stringify([by, from, to, statuses]);
  let startKey: Record<string, unknown> | undefined;
  if (q.cursor !== undefined) {
    const c = decodeCursor<{ f: string; k: Record<string, unknown> }>(q.cursor);
    if (!c || c.f !== fingerprint)
      throw badRequest('The cursor does not belong to this list', [
        { path: 'query.cursor', message: 'invalid cursor' },
      ]);
    startKey = c.k;
  }
  const page = await deps.orders.list({
    by,
    from,
    to,
    statuses,
    limit: q.limit,
    ...(startKey ? { startKey } : {}),
  });
  if (!page)
    throw badRequest('The cursor does not belong to this list', [
      { path: 'query.cursor', message: 'invalid cursor' },
    ]);
  return {
    items: page.items.map(orderView),
    ...(page.lastKey ? { nextCursor: encodeCursor({ f: fingerprint, k: page.lastKey }) } : {}),
  };
}

// ---- carts ----

export async function createCart(deps: SalesDeps, caller: Caller): Promise<Cart> {
  const cart = newCart(deps.newId('cart'), caller.userId, deps.now());
  await deps.carts.saveCart(cart, undefined);
  return cart;
}

async function ownCart(deps: SalesDeps, caller: Caller | undefined, id: string): Promise<Cart> {
  const cart = await deps.carts.getCart(id);
  if (!cart) throw new NotFoundError('Cart', id);
  assertOwner(caller, cart.customerId, 'cart');
  return cart;
}

/** A cart with the catalog's current prices and the totals a card payment would have. */
export async function cartView(catalog: CatalogReader, cart: Cart) {
  const prices = await catalog.prices(cart.lines.map((l) => l.productId));
  const known = new Set(prices.map((p) => p.productId));
  const lines =
    cart.lines.length === 0
      ? []
      : priceLines(
          cart.lines.filter((l) => known.has(l.productId)),
          prices,
        );
  const totals = totalsOfLines(lines, 'card');
  return {
    cartId: cart.id,
    status: cart.status,
    ...(cart.orderId ? { orderId: cart.orderId } : {}),
    lines: lines.map(({ returnedQuantity: _r, ...l }) => l),
    subtotalCents: totals.subtotalCents,
    gstCents: totals.gstCents,
    qstCents: totals.qstCents,
    totalCents: totals.totalCents,
  };
}

export async function getCart(deps: SalesDeps, caller: Caller | undefined, id: string): Promise<Cart> {
  return ownCart(deps, caller, id);
}

export async function putCartItem(
  deps: SalesDeps,
  catalog: CatalogReader,
  caller: Caller | undefined,
  cartId: string,
  productId: string,
  quantity: number,
): Promise<Cart> {
  const cart = await ownCart(deps, caller, cartId);
  if (quantity > 0 && (await catalog.prices([productId])).length === 0)
    throw new NotFoundError('Product', productId);
  const next = setItem(cart, productId, quantity, deps.now());
  await deps.carts.saveCart(next, cart.version);
  return next;
}

export async function checkoutCart(
  deps: SellingDeps,
  caller: Caller,
  cartId: string,
  input: { cardNumber: string; shippingAddress: string; correlationId: string },
): Promise<Order> {
  const cart = await ownCart(deps, caller, cartId);
  const now = deps.now();
  // Claim the cart first: a second checkout running at the same time gets 409, never a second order.
  const claimed = { ...beginCheckout(cart, now, Date.parse(now)), version: cart.version + 1 };
  await deps.carts.saveCart(claimed, cart.version);
  let order: Order;
  try {
    order = await placeOrder(deps, {
      channel: 'web',
      locationId: centralLocation,
      lines: claimed.lines,
      payment: { method: 'card', cardNumber: input.cardNumber },
      caller,
      customerId: cart.customerId,
      shippingAddress: input.shippingAddress,
      correlationId: input.correlationId,
    });
  } catch (error) {
    // The order failed (and was compensated): the cart is the customer's to change and retry.
    await deps.carts.saveCart(reopenCart(claimed, deps.now()), claimed.version).catch((e: unknown) => {
      log.warn('cart not reopened after a failed checkout', { cartId, error: String(e) });
    });
    throw error;
  }
  await deps.carts.saveCart(closeCart(claimed, order.id, deps.now()), claimed.version);
  return order;
}

// ---- returns ----

/**
 * Returns units of a confirmed order: the order records the return (conditional on its version, so
 * two concurrent returns cannot both take the last units), the payment is refunded through the
 * gateway with the return's id as refund key, and OrderReturned puts the units back on hand at the
 * selling location (inventory's consumer). A cashier may take returns only for their own store.
 */
export async function returnOrder(
  deps: SalesDeps,
  caller: Caller | undefined,
  orderId: string,
  lines: readonly RequestedLine[],
  correlationId: string,
): Promise<Order> {
  for (let attempt = 0; ; attempt++) {
    const order = await deps.orders.get(orderId);
    if (!order) throw new NotFoundError('Order', orderId);
    assertStore(caller, order.locationId);
    const at = deps.now();
    const plan = planReturn(order, lines, `${order.id}-r${order.returns.length + 1}`, at);
    const refundedCents = order.payment.refundedCents + plan.orderReturn.amountCents;
    const updated: Order = {
      ...plan.order,
      payment: {
        ...plan.order.payment,
        refundedCents,
        status: refundedCents >= order.payment.amountCents ? 'refunded' : 'partially-refunded',
      },
      version: order.version + 1,
    };
    try {
      await deps.orders.replace(updated, order.version);
    } catch (e) {
      if (e instanceof ConflictError && attempt < 3) continue;
      throw e;
    }
    const r = plan.orderReturn;
    await deps.payments.refund(paymentKey(order.id), r.id, r.amountCents);
    const meta = { correlationId, occurredAt: at };
    const unitPrice = new Map(order.lines.map((l) => [l.productId, l.unitPriceCents]));
    await deps.events.publish([
      PaymentRefunded.make(
        { orderId: order.id, refundKey: r.id, reason: 'return', amountCents: r.amountCents },
        meta,
      ),
      OrderReturned.make(
        {
          orderId: order.id,
          returnId: r.id,
          channel: order.channel,
          locationId: order.locationId,
          lines: r.lines.map((l) => ({ ...l, unitPriceCents: unitPrice.get(l.productId) ?? 0 })),
          amountCents: r.amountCents,
          returnedAt: at,
        },
        meta,
      ),
    ]);
    return updated;
  }
}
