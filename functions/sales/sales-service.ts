import { newCart, setItem, type Cart } from '#domain/sales/cart.ts';
import type { PaymentMethod } from '#domain/sales/money.ts';
import {
  isSale,
  orderStatuses,
  pendingReturns,
  runIdOf,
  type Channel,
  type Lease,
  type Order,
  type OrderStatus,
  type RequestedLine,
  type ReturnReason,
} from '#domain/sales/order.ts';
import {
  priceBasket,
  type BasketDiscount,
  type BasketLine,
  type CatalogFacts,
  type PricedBasket,
} from '#domain/sales/pricing.ts';
import { chargedCatalog, type OfflineSale, type PriceDifference } from '#domain/sales/offline.ts';
import { defaultDiscountLimit, needsApproval, type DiscountLimit } from '#domain/sales/discounts.ts';
import {
  completeReturn,
  defaultReturnLimitCents,
  planReturn,
  refundPartsOf,
  returnNeedsApproval,
  unreturnedLines,
} from '#domain/sales/returns.ts';
import {
  addressLine,
  planDelivery,
  shippingCharge,
  shippingOption,
  type Delivery,
  type DeliveryChoice,
} from '#domain/sales/delivery.ts';
import { storeIds } from '#domain/identity/roles.ts';
import { priceWithPromo, promoCodeOf, PromoRefused, type PromoCode } from '#domain/sales/promo.ts';
import { shippingOptions } from './delivery-options.ts';
import type { Actor } from '#domain/sales/saga.ts';
import {
  ConflictError,
  DomainError,
  NeedsApproval,
  NotFoundError,
  PaymentRefused,
  RuleViolation,
  TryLater,
} from '#domain/shared/errors.ts';
import { checkoutBudget } from '#infra/spec/state-machines.ts';
import { decodeCursor, encodeCursor } from '#functions/adapters/dynamo.ts';
import { OrderReturned } from '#functions/events/order-returned.ts';
import { PaymentRefunded } from '#functions/events/payment-refunded.ts';
import { assertOwner, assertStore, centralLocation } from '#functions/shared/access.ts';
import type { Caller } from '#functions/shared/http.ts';
import { idFromKey, type Idempotency } from '#functions/shared/idempotency.ts';
import { log } from '#functions/shared/correlation.ts';
import { stepRecord, type SagaState } from '#functions/shared/saga-task.ts';
import type { CheckoutSaga } from './adapters/checkout-saga.ts';
import type { SalesDeps } from './deps.ts';
import { orderView, type OrderView } from './order-view.ts';
import { countUse, findPromo } from './promo-service.ts';
import { announce, failOrder, paymentKey } from './saga/steps.ts';
import { m } from '#domain/shared/message.ts';

/**
 * Sales use cases: ring up a sale, fill and check out a cart, read and list orders, take a return,
 * and the recovery that finishes whatever a crash left unfinished (docs/checkout-saga.md).
 *
 * One key, one order, forever: the order's id is derived from the request's Idempotency-Key, and the
 * order item is the key's record. Every retry — seconds or days later, after any crash — finds the
 * order and answers from its state: final (confirmed, or failed for good) → that answer; pending and
 * driven by a live run → wait a while, then 409 request-in-progress with Retry-After; pending and its
 * run dead (lease over) → take it over and run it to the end; failed but retryable (nothing charged,
 * nothing held) → run it again as its next attempt.
 */
export interface CatalogReader {
  facts(productIds: readonly string[]): Promise<CatalogFacts[]>;
}

/**
 * Checks a manager's approval of a discount at the till (the identity context's `verifyApproval`,
 * docs/identity.md): resolves who approved, throws (403 `approval-invalid`) when the token does not
 * cover a discount of `amountCents` at `storeId`.
 */
export interface ApprovalCheck {
  verify(
    token: string,
    need: { readonly action: 'discount'; readonly storeId: string; readonly amountCents: number },
  ): Promise<{ readonly approvedBy: { readonly userId: string; readonly username: string } }>;
}

export interface SellingDeps extends SalesDeps {
  readonly saga: CheckoutSaga;
  readonly catalog: CatalogReader;
  /** The till's discount limit (default: 20 % of the sale, 10 $). */
  readonly discountLimit?: DiscountLimit;
  /** Absent: discounts above the limit cannot be approved (403 approval-required). */
  readonly approvals?: ApprovalCheck;
}

export interface SaleRequest {
  readonly channel: Channel;
  readonly locationId: string;
  /** At the till a line may carry its own discount. */
  readonly lines: readonly BasketLine[];
  /** The cashier's discount on the whole basket (POS). */
  readonly basketDiscount?: BasketDiscount | undefined;
  /** A manager's approval of the discounts, when they are above the till's limit (POS). */
  readonly approvalToken?: string | undefined;
  /** A promo code (web shop): one per order, its use counted once (docs/taxes.md). */
  readonly promoCode?: string | undefined;
  readonly payment: { readonly method: PaymentMethod; readonly cardNumber?: string | undefined };
  readonly caller: Caller | undefined;
  readonly customerId?: string;
  readonly delivery?: Delivery;
  /** Deprecated: a web order shipped to an address on one line, without a delivery option. */
  readonly shippingAddress?: string;
  readonly cartId?: string;
  /** The till and its open session, for a sale made at a till (register-service.ts). */
  readonly till?: { readonly registerId: string; readonly sessionId: string };
  /** Cash handed over (cash only): must cover the total; the change is given back. */
  readonly tenderedCents?: number | undefined;
  /** A sale the till made offline (cash only), kept as charged (domain/sales/offline.ts). */
  readonly offline?: OfflineSale | undefined;
  /** Split tender: this much in cash, the rest by the card of `payment` (method card). */
  readonly cashPartCents?: number | undefined;
  readonly correlationId: string;
  readonly idempotency: Idempotency;
  /** The catalog's facts when the caller has read them already (a checkout plans its delivery with them). */
  readonly facts?: readonly CatalogFacts[];
}

/** What the client is told: the order, and whether it is the answer an earlier request with the key got. */
export interface SaleAnswer {
  readonly order: OrderView;
  readonly replayed: boolean;
}

const leaseOf = (by: Actor, nowIso: string): Lease => ({
  by,
  until: new Date(Date.parse(nowIso) + checkoutBudget.leaseSeconds * 1000).toISOString(),
});

/** The error a failed order stands for (its code and reason, with the failed order's id). */
export function orderFailure(order: Pick<Order, 'id' | 'failure'>): DomainError {
  const f = order.failure ?? { code: 'internal-error', detail: 'The order failed' };
  const ext = { orderId: order.id, ...(f.lines ? { lines: f.lines } : {}) };
  switch (f.code) {
    case 'insufficient-stock':
      return new ConflictError(f.code, f.detail, ext);
    case 'payment-declined':
      return new PaymentRefused(f.code, f.detail, ext);
    case 'payment-reversed':
      return new PaymentRefused(f.code, m`${f.detail}; it was refunded`, ext);
    case 'payment-unavailable':
      return new TryLater(f.code, m`${f.detail}; nothing was charged, retry later`, 5, ext);
    case 'unknown-product':
      return new DomainError(f.code, f.detail, ext);
    case 'interrupted':
      return new TryLater(f.code, m`${f.detail}; retry with the same Idempotency-Key`, 1, ext);
    case 'promo-exhausted':
      return new ConflictError(f.code, f.detail, ext);
    default:
      return new TryLater(
        'internal-error',
        'The order could not be completed; nothing was charged. Retry with the same Idempotency-Key',
        2,
        ext,
      );
  }
}

const inProgress = (order: Pick<Order, 'id' | 'lease'>, nowIso: string) =>
  new TryLater(
    'request-in-progress',
    m`Order ${order.id} is still being processed; retry with the same Idempotency-Key`,
    order.lease ? (Date.parse(order.lease.until) - Date.parse(nowIso)) / 1000 : 1,
    { orderId: order.id },
    true,
  );

/** Failures that are the answer an earlier request with the same key got (sent with `idempotent-replayed`). */
export const replayedFailures = new WeakSet<Error>();

/** The answer for an order in the state it is in (confirmed → the order; failed → its failure; pending → in progress). */
function answerOf(deps: SalesDeps, order: Order | OrderView, replayed: boolean): SaleAnswer {
  if (isSale(order.status)) return { order: 'version' in order ? orderView(order) : order, replayed };
  if (order.status === 'failed') {
    const failure = orderFailure(order);
    if (replayed) replayedFailures.add(failure);
    throw failure;
  }
  throw inProgress(order as Order, deps.now());
}

function sagaInput(order: Order, mode: 'run' | 'recover', actor: Actor, correlationId: string): SagaState {
  return {
    correlationId,
    mode,
    actor,
    order: {
      id: order.id,
      attempt: order.attempt,
      runId: runIdOf(order.id, order.attempt),
      channel: order.channel,
      locationId: order.locationId,
      lines: order.lines.map((l) => ({
        productId: l.productId,
        quantity: l.quantity,
        name: l.name,
        unitPriceCents: l.unitPriceCents,
        lineTotalCents: l.lineTotalCents,
        taxClass: l.taxClass ?? 'standard',
        ...(l.discountCents ? { discountCents: l.discountCents } : {}),
        ...(l.stocked === false ? { stocked: false as const } : {}),
      })),
      subtotalCents: order.subtotalCents,
      gstCents: order.gstCents,
      qstCents: order.qstCents,
      roundingCents: order.roundingCents,
      totalCents: order.totalCents,
      ...(order.discountCents ? { discountCents: order.discountCents } : {}),
      ...(promoCodeOf(order) ? { promoCode: promoCodeOf(order) } : {}),
      taxLines: order.taxLines ?? [
        {
          taxClass: 'standard',
          taxableCents: order.subtotalCents,
          gstCents: order.gstCents,
          qstCents: order.qstCents,
        },
      ],
      payment: {
        method: order.payment.method,
        ...(order.tenders
          ? { amountCents: order.tenders.find((t) => t.method === order.payment.method)?.amountCents ?? 0 }
          : {}),
        ...(order.payment.token ? { cardToken: order.payment.token } : {}),
        ...(order.payment.cardLast4 ? { cardLast4: order.payment.cardLast4 } : {}),
      },
      ...(order.customerId ? { customerId: order.customerId } : {}),
      ...(order.cartId ? { cartId: order.cartId } : {}),
      createdAt: order.createdAt,
      pricedAt: order.steps.find((s) => s.name === 'price-order')?.at ?? order.createdAt,
      leaseUntil: order.lease?.until ?? order.createdAt,
      ...(order.offline ? { offline: true as const } : {}),
    },
  };
}

const promoStore = (deps: SalesDeps) => {
  if (!deps.promos) throw new Error('promo codes need the promo store');
  return deps.promos;
};

/** Runs (or resumes) the order's current attempt under the lease it holds, and answers from how it ended. */
async function drive(
  deps: SellingDeps,
  order: Order,
  mode: 'run' | 'recover',
  actor: Actor,
  correlationId: string,
): Promise<SaleAnswer> {
  const code = promoCodeOf(order);
  if (mode === 'run' && code) {
    // The attempt's use of its promo code is counted once before it runs (given back if it fails).
    if (!deps.promos) throw new Error('an order with a promo code needs the promo store');
    try {
      await countUse(deps.promos, { code }, runIdOf(order.id, order.attempt), order.id, deps.now);
    } catch (e) {
      if (!(e instanceof DomainError) || e.code !== 'promo-exhausted') throw e;
      // Every use was taken meanwhile: the order fails for good, having held and charged nothing.
      const at = deps.now();
      const failed = await failOrder(deps, {
        ...sagaInput(order, mode, actor, correlationId),
        error: {
          Error: 'PromoExhausted',
          Cause: JSON.stringify({ step: 'price-order', at, detail: e.message }),
        },
      });
      if (failed.status === 'unsettled')
        return answerOf(deps, (await deps.orders.get(order.id)) ?? order, false);
      return answerOf(deps, failed.order as OrderView, false);
    }
  }
  const result = await deps.saga.run(sagaInput(order, mode, actor, correlationId));
  if (result.status === 'confirmed' || result.status === 'failed')
    return answerOf(deps, result.order as OrderView, false);
  // Unsettled (the run could not finish, or its answer was lost): the order says where it stands.
  const now = await deps.orders.get(order.id);
  return answerOf(deps, now ?? order, false);
}

/** A retry with the key of an existing order: answer, wait, take over or run again (see the module comment). */
async function resume(deps: SellingDeps, existing: Order, request: SaleRequest): Promise<SaleAnswer> {
  if (existing.fingerprint !== undefined && existing.fingerprint !== request.idempotency.fingerprint)
    throw new DomainError(
      'idempotency-key-reused',
      'This Idempotency-Key was already used for a different request; use a new key for a new request',
    );
  let order = existing;
  const deadline = Date.parse(deps.now()) + checkoutBudget.retryWaitSeconds * 1000;
  for (let wait = 200; ; wait = Math.min(1000, wait * 2)) {
    if (order.status === 'failed' && order.failure?.retryable) {
      const reopened = await deps.orders.reopen(order, leaseOf('saga', deps.now()), deps.now());
      if (reopened) return drive(deps, reopened, 'run', 'saga', request.correlationId);
    } else if (order.status !== 'pending') return answerOf(deps, order, true);
    else if (!order.lease || Date.parse(order.lease.until) <= Date.parse(deps.now())) {
      // Its run is over without an outcome (a crash, a lost answer): this request finishes it.
      const lease = leaseOf('saga', deps.now());
      if (await deps.orders.takeLease(order.id, order.attempt, order.lease?.until, lease))
        return drive(deps, { ...order, lease }, 'run', 'saga', request.correlationId);
    } else if (Date.parse(deps.now()) >= deadline) throw inProgress(order, deps.now());
    else await deps.sleep(wait);
    const current = await deps.orders.get(order.id);
    if (!current) throw new Error(`order ${order.id} vanished`);
    order = current;
  }
}

/**
 * The manager who approved the sale's discounts, when they are above the till's limit: none needed →
 * undefined; needed without a token → 403 approval-required (with the amount and the limit); a token
 * that does not cover them → 403 approval-invalid. A retry of an order already written answers from it
 * (its approval was checked when it was written; the token may have expired since).
 */
async function approvalOf(
  deps: SellingDeps,
  request: SaleRequest,
  id: string,
  priced: PricedBasket,
): Promise<{ by: { userId: string; username: string } } | SaleAnswer | undefined> {
  const limit = deps.discountLimit ?? defaultDiscountLimit;
  if (!needsApproval(priced, limit)) return undefined;
  const existing = await deps.orders.get(id);
  if (existing) return resume(deps, existing, request);
  const need = {
    action: 'discount' as const,
    storeId: request.locationId,
    amountCents: priced.discountCents,
  };
  if (!request.approvalToken || !deps.approvals)
    throw new NeedsApproval(
      m`A discount of ${priced.discountCents} cents is above the till's limit (${limit.percent} % or ${limit.amountCents} cents): it needs a manager's approval`,
      { ...need, limitCents: limit.amountCents, limitPercent: limit.percent },
    );
  const { approvedBy } = await deps.approvals.verify(request.approvalToken, need);
  return { by: approvedBy };
}

/**
 * What a basket costs before paying (the till's quote): the same pricing as the sale, with the totals
 * for cash (rounded to 5 ¢) and for card. An unknown product is 422 unknown-product, as at the sale.
 */
export async function quoteBasket(
  catalog: CatalogReader,
  lines: readonly BasketLine[],
  method: PaymentMethod,
  options: { basketDiscount?: BasketDiscount | undefined; discountLimit?: DiscountLimit } = {},
) {
  const facts = await catalog.facts(lines.map((l) => l.productId));
  const price = (m: PaymentMethod) => {
    try {
      return priceBasket({ lines, catalog: facts, method: m, basketDiscount: options.basketDiscount });
    } catch (e) {
      if (e instanceof NotFoundError)
        throw new DomainError('unknown-product', e.message, { productId: e.details.id });
      throw e;
    }
  };
  const cash = price('cash');
  const card = price('card');
  const chosen = method === 'cash' ? cash : card;
  return {
    ...chosen,
    cash: { roundingCents: cash.roundingCents, totalCents: cash.totalCents },
    card: { roundingCents: card.roundingCents, totalCents: card.totalCents },
    ...(needsApproval(chosen, options.discountLimit ?? defaultDiscountLimit) ? { approvalNeeded: true } : {}),
  };
}

export async function placeOrder(deps: SellingDeps, request: SaleRequest): Promise<SaleAnswer> {
  const { idempotency } = request;
  const id = idFromKey('ord', idempotency.scope, idempotency.key);
  const method = request.payment.method;
  const { offline } = request;
  if (offline && method !== 'cash')
    throw new RuleViolation(
      'payment.method',
      'a sale made offline is paid in cash (a card needs the network)',
    );
  let priced: PricedBasket;
  let differences: PriceDifference[] = [];
  try {
    let catalog = request.facts ?? (await deps.catalog.facts(request.lines.map((l) => l.productId)));
    // Offline: the sale took place at the prices and taxes the till charged — kept, not re-applied.
    if (offline) ({ facts: catalog, differences } = chargedCatalog(catalog, offline.charged.lines));
    const shippingCents = request.delivery?.shippingCents ?? 0;
    priced = request.promoCode
      ? priceWithPromo({
          lines: request.lines,
          catalog,
          method,
          promo: await findPromo(promoStore(deps), request.promoCode),
          at: deps.now(),
          shippingCents,
        })
      : priceBasket({
          lines: request.lines,
          catalog,
          method,
          basketDiscount: request.basketDiscount,
          shippingCents,
        });
  } catch (e) {
    if (e instanceof NotFoundError)
      throw new DomainError('unknown-product', e.message, { productId: e.details.id });
    // A code refused now (expired, exhausted since) does not change the answer of an order already written.
    if (e instanceof PromoRefused || (e instanceof DomainError && e.code === 'promo-exhausted')) {
      const existing = await deps.orders.get(id);
      if (existing) return resume(deps, existing, request);
    }
    throw e;
  }
  if (offline && priced.totalCents !== offline.charged.totalCents)
    throw new DomainError(
      'offline-total-mismatch',
      m`The basket at the prices charged comes to ${priced.totalCents} cents, not the ${offline.charged.totalCents} cents charged`,
      { totalCents: priced.totalCents, chargedCents: offline.charged.totalCents },
    );
  const approvedBy = await approvalOf(deps, request, id, priced);
  if (approvedBy && 'order' in approvedBy) return approvedBy;
  const cashPart = request.cashPartCents;
  if (cashPart !== undefined && (method !== 'card' || cashPart < 1 || cashPart >= priced.totalCents))
    throw new RuleViolation(
      'tenders',
      m`split tender: the cash part must be more than 0 and less than the total of ${priced.totalCents} cents, the rest by card`,
    );
  if (request.tenderedCents !== undefined && (method !== 'cash' || request.tenderedCents < priced.totalCents))
    throw new RuleViolation(
      'payment.tenderedCents',
      m`the cash tendered must cover the total of ${priced.totalCents} cents (a cash sale only)`,
    );
  const card =
    method === 'card' && request.payment.cardNumber
      ? await deps.payments.tokenize(request.payment.cardNumber)
      : undefined;
  const at = deps.now();
  const order: Order = {
    id,
    channel: request.channel,
    locationId: request.locationId,
    status: 'pending',
    lines: priced.lines.map((l) => ({ ...l, returnedQuantity: 0 })),
    subtotalCents: priced.subtotalCents,
    gstCents: priced.gstCents,
    qstCents: priced.qstCents,
    roundingCents: priced.roundingCents,
    totalCents: priced.totalCents,
    taxLines: priced.taxLines,
    discountCents: priced.discountCents,
    ...(priced.discounts.length > 0
      ? { discounts: priced.discounts.map((d) => (approvedBy ? { ...d, approvedBy: approvedBy.by } : d)) }
      : {}),
    ...(cashPart !== undefined
      ? {
          tenders: [
            { method: 'cash' as const, amountCents: cashPart },
            { method: 'card' as const, amountCents: priced.totalCents - cashPart },
          ],
        }
      : {}),
    payment: {
      method,
      status: 'pending',
      amountCents: 0,
      refundedCents: 0,
      ...(card ? { cardLast4: card.last4, token: card.token } : {}),
    },
    steps: [stepRecord('price-order', 'completed', at)],
    returns: [],
    ...(request.customerId ? { customerId: request.customerId } : {}),
    ...(request.caller ? { createdBy: request.caller.userId } : {}),
    ...(request.delivery
      ? {
          delivery: request.delivery,
          shippingCents: priced.shippingCents,
          ...(request.delivery.method === 'ship'
            ? { shippingAddress: addressLine(request.delivery.address) }
            : {}),
        }
      : request.shippingAddress
        ? { shippingAddress: request.shippingAddress }
        : {}),
    ...(request.cartId ? { cartId: request.cartId } : {}),
    ...(request.till ? { registerId: request.till.registerId, sessionId: request.till.sessionId } : {}),
    ...(request.tenderedCents !== undefined
      ? { tenderedCents: request.tenderedCents, changeCents: request.tenderedCents - priced.totalCents }
      : {}),
    ...(offline
      ? {
          offline: {
            soldAt: offline.soldAt,
            receipt: offline.receipt,
            ...(differences.length > 0 ? { priceDifferences: differences } : {}),
          },
        }
      : {}),
    attempt: 1,
    lease: leaseOf('saga', at),
    fingerprint: idempotency.fingerprint,
    createdAt: at,
    updatedAt: at,
    version: 0,
  };
  const written = await deps.orders.create(order);
  if (!written.created) return resume(deps, written.existing, request);
  return drive(deps, order, 'run', 'saga', request.correlationId);
}

/**
 * A customer sees only their own orders; a cashier only the orders of their own store — never another
 * store's, nor a web order shipped from the warehouse (with a customer's name and address), but the
 * web orders picked up at their store (they prepare and hand them over); managers and ops all.
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

/**
 * The order a receipt number was given to (RECEIPT#<number>, no Scan), at the store that printed it:
 * a receipt of another store, or no such receipt, is 404 (a cashier never learns another store's sales).
 */
export async function orderByReceipt(
  deps: SalesDeps,
  caller: Caller | undefined,
  storeId: string,
  receiptNumber: string,
): Promise<Order> {
  assertStore(caller, storeId);
  const orderId = await deps.receipts.find(receiptNumber);
  const order = orderId ? await deps.orders.get(orderId) : undefined;
  if (!order || order.locationId !== storeId) throw new NotFoundError('Receipt', receiptNumber);
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
      throw new RuleViolation('query.locationId', 'Name the location whose orders to list', 'required');
    assertStore(caller, locationId);
    by = { locationId };
  }
  const from = startOf(q.from ?? '2000-01-01');
  const to = endOf(q.to ?? '2999-12-31');
  if (from > to) throw new RuleViolation('query.from', '`from` is after `to`', 'after to');
  const statuses: OrderStatus[] =
    q.status === 'all' ? [...orderStatuses] : q.status ? [q.status] : orderStatuses.filter(isSale);
  const fingerprint = JSON.stringify([by, from, to, statuses]);
  let startKey: Record<string, unknown> | undefined;
  if (q.cursor !== undefined) {
    const c = decodeCursor<{ f: string; k: Record<string, unknown> }>(q.cursor);
    if (!c || c.f !== fingerprint)
      throw new RuleViolation('query.cursor', 'The cursor does not belong to this list', 'invalid cursor');
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
    throw new RuleViolation('query.cursor', 'The cursor does not belong to this list', 'invalid cursor');
  return {
    items: page.items.map(orderView),
    ...(page.lastKey ? { nextCursor: encodeCursor({ f: fingerprint, k: page.lastKey }) } : {}),
  };
}

// ---- carts ----

export async function createCart(deps: SalesDeps, caller: Caller, id = deps.newId('cart')): Promise<Cart> {
  const existing = await deps.carts.getCart(id);
  if (existing) {
    assertOwner(caller, existing.customerId, 'cart');
    return existing;
  }
  const cart = newCart(id, caller.userId, deps.now());
  await deps.carts.saveCart(cart, undefined);
  return cart;
}

async function ownCart(deps: SalesDeps, caller: Caller | undefined, id: string): Promise<Cart> {
  const cart = await deps.carts.getCart(id);
  if (!cart) throw new NotFoundError('Cart', id);
  assertOwner(caller, cart.customerId, 'cart');
  return cart;
}

/**
 * A cart with the catalog's current prices and the totals a card payment would have, as its checkout
 * would charge it — with `promo`, the discount the checkout would give (or the code's refusal, a 4xx);
 * with `shipping` (a shipping option's id), the delivery charge the checkout computes and its taxes in
 * the total, so the total shown before paying is the total paid.
 */
export async function cartView(
  catalog: CatalogReader,
  cart: Cart,
  promo?: { code: PromoCode; at: string },
  shipping?: string,
) {
  const facts = await catalog.facts(cart.lines.map((l) => l.productId));
  const known = new Set(facts.map((p) => p.productId));
  const lines = cart.lines.filter((l) => known.has(l.productId));
  let shippingCents = 0;
  if (shipping !== undefined) {
    const option = withField('query.shipping', () => shippingOption(shippingOptions(), shipping));
    if (lines.length > 0) shippingCents = shippingCharge(option, merchandiseOf(lines, facts));
  }
  const priced =
    lines.length === 0
      ? { lines: [], subtotalCents: 0, taxLines: [], gstCents: 0, qstCents: 0, totalCents: 0 }
      : priceWithPromo({
          lines,
          catalog: facts,
          method: 'card',
          promo: promo?.code,
          at: promo?.at ?? '',
          shippingCents,
        });
  return {
    cartId: cart.id,
    status: cart.status,
    ...(cart.orderId ? { orderId: cart.orderId } : {}),
    lines: priced.lines.map((l) => ({
      productId: l.productId,
      name: l.name,
      quantity: l.quantity,
      unitPriceCents: l.unitPriceCents,
      lineTotalCents: l.lineTotalCents,
      taxClass: l.taxClass,
      ...('discountCents' in l && l.discountCents ? { discountCents: l.discountCents } : {}),
      ...(l.stocked === false ? { stocked: false } : {}),
    })),
    subtotalCents: priced.subtotalCents,
    ...('discounts' in priced && priced.discounts.length > 0
      ? { discountCents: priced.discountCents, discounts: priced.discounts }
      : {}),
    ...(shipping !== undefined ? { shippingCents } : {}),
    taxLines: priced.taxLines,
    gstCents: priced.gstCents,
    qstCents: priced.qstCents,
    totalCents: priced.totalCents,
  };
}

/** A RuleViolation of `run` named under `field` (the request's own name for what was wrong). */
function withField<T>(field: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof RuleViolation) throw new RuleViolation(field, e.said);
    throw e;
  }
}

/** What a shipping option's price is computed on: the goods at the catalog's prices, before any promo code. */
function merchandiseOf(lines: readonly RequestedLine[], facts: readonly CatalogFacts[]): number {
  const goods = priceBasket({ lines, catalog: facts, method: 'card' });
  return goods.subtotalCents - goods.discountCents;
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
  if (quantity > 0 && (await catalog.facts([productId])).length === 0)
    throw new NotFoundError('Product', productId);
  const next = setItem(cart, productId, quantity, deps.now());
  await deps.carts.saveCart(next, cart.version);
  return next;
}

/**
 * Web checkout: one cart, one order. The order id comes from the key; the cart is claimed for that
 * order (`checking-out`, with its id) by a conditional write, so a second checkout of the cart with
 * another key gets 409 until that order ends, and the saga's last step settles the cart (`checked-out`
 * or `open` again). A claim whose order was never written (a crash in between) is taken over once the
 * lease such an order would have had is over.
 */
export async function checkoutCart(
  deps: SellingDeps,
  caller: Caller,
  cartId: string,
  input: {
    cardNumber: string;
    /** A delivery choice, or (deprecated) `shippingAddress`: an address on one line shipped without an option. */
    delivery?: DeliveryChoice | undefined;
    shippingAddress?: string | undefined;
    promoCode?: string | undefined;
    correlationId: string;
    idempotency: Idempotency;
  },
): Promise<SaleAnswer> {
  const cart = await ownCart(deps, caller, cartId);
  const orderId = idFromKey('ord', input.idempotency.scope, input.idempotency.key);
  if (cart.lines.length === 0 && cart.status === 'open') throw new RuleViolation('cart', 'the cart is empty');
  const facts = await deps.catalog.facts(cart.lines.map((l) => l.productId));
  const plan = input.delivery
    ? { ...planCheckoutDelivery(input.delivery, cart.lines, facts), shippingAddress: undefined }
    : { locationId: centralLocation, delivery: undefined, shippingAddress: input.shippingAddress };
  const request: SaleRequest = {
    channel: 'web',
    locationId: plan.locationId,
    lines: cart.lines,
    payment: { method: 'card', cardNumber: input.cardNumber },
    caller,
    customerId: cart.customerId,
    ...(plan.delivery ? { delivery: plan.delivery } : {}),
    ...(plan.shippingAddress ? { shippingAddress: plan.shippingAddress } : {}),
    ...(input.promoCode ? { promoCode: input.promoCode } : {}),
    cartId,
    correlationId: input.correlationId,
    idempotency: input.idempotency,
    facts,
  };
  const mine = await deps.orders.get(orderId);
  if (mine && mine.cartId !== cartId)
    throw new DomainError(
      'idempotency-key-reused',
      'This Idempotency-Key was already used for a different request; use a new key for a new request',
    );
  const willRun = !mine || mine.status === 'pending' || (mine.status === 'failed' && mine.failure?.retryable);
  if (mine && !willRun) return resume(deps, mine, request);
  // The order runs (for the first time, again, or to its end): the cart must be claimed for it.
  if (cart.status === 'checked-out')
    throw new ConflictError(
      'cart-closed',
      m`Cart ${cart.id} was already checked out (order ${cart.orderId ?? ''})`,
      {
        orderId: cart.orderId,
      },
    );
  if (cart.status === 'checking-out' && cart.orderId && cart.orderId !== orderId) {
    const other = await deps.orders.get(cart.orderId);
    const now = deps.now();
    if (other?.status === 'pending') throw inProgress(other, now);
    if (other && isSale(other.status)) {
      await deps.carts.settleCart(cart.id, other.id, 'confirmed', now);
      throw new ConflictError('cart-closed', m`Cart ${cart.id} was already checked out (order ${other.id})`, {
        orderId: other.id,
      });
    }
    const claimDead = Date.parse(cart.updatedAt) + checkoutBudget.leaseSeconds * 1000 <= Date.parse(now);
    if (!other && !claimDead)
      throw new TryLater(
        'checkout-in-progress',
        m`Cart ${cart.id} is being checked out; retry in a moment`,
        2,
        { orderId: cart.orderId },
        true,
      );
  }
  if (cart.lines.length === 0) throw new RuleViolation('cart', 'the cart is empty');
  // A code refused now (unknown, expired, below its minimum…) is answered before the cart is claimed.
  if (!mine && input.promoCode)
    priceWithPromo({
      lines: cart.lines,
      catalog: await deps.catalog.facts(cart.lines.map((l) => l.productId)),
      method: 'card',
      promo: await findPromo(promoStore(deps), input.promoCode),
      at: deps.now(),
    });
  if (cart.status !== 'checking-out' || cart.orderId !== orderId)
    await deps.carts.saveCart(
      { ...cart, status: 'checking-out', orderId, updatedAt: deps.now(), version: cart.version + 1 },
      cart.version,
    );
  return mine ? resume(deps, mine, request) : placeOrder(deps, request);
}

/**
 * Where a web order is sold from and what its delivery costs (domain/sales/delivery.ts): shipping from
 * the warehouse (every product shippable; the option's price on the merchandise amount), or pickup at
 * a store. A field of the address that is wrong is named under `delivery.address`.
 */
function planCheckoutDelivery(
  choice: DeliveryChoice,
  lines: readonly RequestedLine[],
  facts: readonly CatalogFacts[],
): { locationId: string; delivery: Delivery } {
  let merchandiseCents: number;
  try {
    merchandiseCents = merchandiseOf(lines, facts);
  } catch (e) {
    if (e instanceof NotFoundError)
      throw new DomainError('unknown-product', e.message, { productId: e.details.id });
    throw e;
  }
  try {
    return planDelivery({
      choice,
      products: facts,
      merchandiseCents,
      options: shippingOptions(),
      stores: storeIds,
      central: centralLocation,
    });
  } catch (e) {
    if (
      e instanceof RuleViolation &&
      choice.method === 'ship' &&
      ['postalCode', 'province', 'name', 'street', 'city'].includes(e.field)
    )
      throw new RuleViolation(`delivery.address.${e.field}`, e.said);
    if (e instanceof RuleViolation) throw new RuleViolation(`delivery.${e.field}`, e.said);
    throw e;
  }
}

// ---- returns ----

/**
 * Returns units of a confirmed order, as a resumable flow: (1) the return is recorded `pending` on the
 * order (conditional on its version, so two concurrent returns cannot both take the last units; its id
 * comes from the Idempotency-Key), (2) the payment is refunded through the gateway with the return's
 * id as refund key, (3) PaymentRefunded and OrderReturned are published (inventory's consumer puts the
 * units back on hand, once per return id), (4) the return is `completed` and the order becomes
 * `partially-returned` or `returned`. A crash anywhere leaves the return pending: the retry with the
 * same key, or the recovery, resumes it at (2); every step is idempotent. A cashier may take returns
 * only for their own store.
 */
export async function returnOrder(
  deps: SalesDeps,
  caller: Caller | undefined,
  orderId: string,
  lines: readonly RequestedLine[],
  correlationId: string,
  idempotency: Idempotency,
  approval: ReturnApproval = {},
  options: {
    readonly reason?: ReturnReason | undefined;
    /** The till it is taken at and its open session (register-service.ts `returnAtTill`). */
    readonly till?: { readonly registerId: string; readonly sessionId: string } | undefined;
  } = {},
): Promise<{ order: OrderView; replayed: boolean }> {
  const returnId = idFromKey('ret', idempotency.scope, idempotency.key);
  for (let attempt = 0; ; attempt++) {
    const order = await deps.orders.get(orderId);
    if (!order) throw new NotFoundError('Order', orderId);
    assertStore(caller, order.locationId);
    const existing = order.returns.find((r) => r.id === returnId);
    if (existing) {
      const same =
        existing.lines.length === lines.length &&
        existing.lines.every((l) =>
          lines.some((x) => x.productId === l.productId && x.quantity === l.quantity),
        );
      if (!same)
        throw new DomainError(
          'idempotency-key-reused',
          'This Idempotency-Key was already used for a different return; use a new key for a new return',
        );
      if (existing.status !== 'pending') return { order: orderView(order), replayed: true };
      return { order: orderView(await finishReturn(deps, order, returnId, correlationId)), replayed: true };
    }
    const planned = planReturn(order, lines, returnId, deps.now(), options);
    await checkReturnApproval(approval, order.locationId, planned.orderReturn.amountCents);
    try {
      await deps.orders.replace({ ...planned.order, version: order.version + 1 }, order.version);
    } catch (e) {
      if (e instanceof ConflictError && attempt < 5) continue;
      throw e;
    }
    const done = await finishReturn(
      deps,
      { ...planned.order, version: order.version + 1 },
      returnId,
      correlationId,
    );
    return { order: orderView(done), replayed: false };
  }
}

/** A manager's approval of a return above the till's limit (the route's body and wiring). */
export interface ReturnApproval {
  /** The till's return limit (default: 50 $, domain/sales/returns.ts). */
  readonly limitCents?: number | undefined;
  readonly token?: string | undefined;
  /** Identity's `verifyApproval`; absent: returns above the limit cannot be approved. */
  readonly check?:
    | ((
        token: string,
        need: { readonly action: 'return'; readonly storeId: string; readonly amountCents: number },
      ) => Promise<unknown>)
    | undefined;
}

/**
 * A refund above the till's limit needs a manager's approval of a return of at least its amount at the
 * order's store: none → 403 approval-required (nothing written), a token that does not cover it → 403
 * approval-invalid. Checked before the return is recorded; a retry of a recorded return answers from it.
 */
async function checkReturnApproval(approval: ReturnApproval, storeId: string, amountCents: number) {
  const limitCents = approval.limitCents ?? defaultReturnLimitCents;
  if (!returnNeedsApproval({ amountCents }, limitCents)) return;
  const need = { action: 'return' as const, storeId, amountCents };
  if (!approval.token || !approval.check)
    throw new NeedsApproval(
      m`A refund of ${amountCents} cents is above the till's limit (${limitCents} cents): it needs a manager's approval`,
      { ...need, limitCents },
    );
  await approval.check(approval.token, need);
}

/**
 * Steps (2)–(4) of a pending return; idempotent, so the recovery, a retry and a till's close may all
 * run it. The payment provider refunds what goes back to the payment (a split tender's card part; the
 * cash part comes from the drawer).
 */
export async function finishReturn(
  deps: SalesDeps,
  recorded: Order,
  returnId: string,
  correlationId: string,
): Promise<Order> {
  const r = recorded.returns.find((x) => x.id === returnId);
  if (!r) throw new Error(`return ${returnId} is not on order ${recorded.id}`);
  const toPayment = recorded.tenders ? refundPartsOf(recorded, r).cardCents : r.amountCents;
  if (toPayment > 0)
    await deps.payments.refund(paymentKey(runIdOf(recorded.id, recorded.attempt)), r.id, toPayment);
  const meta = { correlationId, occurredAt: r.at };
  const unitPrice = new Map(recorded.lines.map((l) => [l.productId, l.unitPriceCents]));
  const madeToOrder = new Set(recorded.lines.filter((l) => l.stocked === false).map((l) => l.productId));
  await deps.events.publish([
    ...(toPayment > 0
      ? [
          PaymentRefunded.make(
            { orderId: recorded.id, refundKey: r.id, reason: 'return', amountCents: toPayment },
            meta,
          ),
        ]
      : []),
    OrderReturned.make(
      {
        orderId: recorded.id,
        returnId: r.id,
        channel: recorded.channel,
        locationId: recorded.locationId,
        lines: r.lines.map((l) => ({
          ...l,
          unitPriceCents: unitPrice.get(l.productId) ?? 0,
          ...(madeToOrder.has(l.productId) ? { stocked: false } : {}),
        })),
        amountCents: r.amountCents,
        ...(r.taxLines ? { taxLines: r.taxLines.map((t) => ({ ...t })) } : {}),
        // Where the refund went (reports' tenders): a split sale's parts, else the sale's one method.
        tenders: r.tenders
          ? r.tenders.map((t) => ({ ...t }))
          : [{ method: recorded.payment.method, amountCents: r.amountCents }],
        ...(r.registerId ? { registerId: r.registerId, sessionId: r.sessionId } : {}),
        returnedAt: r.at,
      },
      meta,
    ),
  ]);
  for (let attempt = 0; ; attempt++) {
    const order = attempt === 0 ? recorded : await deps.orders.get(recorded.id);
    if (!order) throw new Error(`order ${recorded.id} vanished`);
    if (order.returns.find((x) => x.id === returnId)?.status !== 'pending') return order;
    const completed = { ...completeReturn(order, returnId, deps.now()), version: order.version + 1 };
    try {
      await deps.orders.replace(completed, order.version);
      return completed;
    } catch (e) {
      if (!(e instanceof ConflictError) || attempt >= 5) throw e;
    }
  }
}

/**
 * A confirmed web order cancelled by its fulfilment (before picking, or not collected in time): a full
 * return of the units not returned yet, through the return mechanism — recorded, refunded by its key,
 * OrderReturned (inventory puts the units back on hand at the order's location, once per return id),
 * completed. The return id is derived from the order, so however often OrderCancelled arrives (or the
 * consumer is retried after a crash) there is one refund and one restock.
 */
export async function cancelOrder(
  deps: SalesDeps,
  orderId: string,
  reason: 'customer' | 'staff' | 'not-collected',
  correlationId: string,
): Promise<{ order: Order; refunded: boolean }> {
  const returnId = idFromKey('ret', 'order-cancelled', orderId);
  for (let attempt = 0; ; attempt++) {
    const order = await deps.orders.get(orderId);
    if (!order) throw new NotFoundError('Order', orderId);
    const existing = order.returns.find((r) => r.id === returnId);
    if (existing) {
      if (existing.status !== 'pending') return { order, refunded: false };
      return { order: await finishReturn(deps, order, returnId, correlationId), refunded: true };
    }
    const lines = unreturnedLines(order);
    if (lines.length === 0 || (order.status !== 'confirmed' && order.status !== 'partially-returned')) {
      log.warn('cancelled order has nothing left to refund', { orderId, status: order.status });
      return { order, refunded: false };
    }
    const planned = planReturn(order, lines, returnId, deps.now(), {
      reason: reason === 'not-collected' ? 'not-collected' : 'cancelled',
    });
    try {
      await deps.orders.replace({ ...planned.order, version: order.version + 1 }, order.version);
    } catch (e) {
      if (e instanceof ConflictError && attempt < 5) continue;
      throw e;
    }
    const done = await finishReturn(
      deps,
      { ...planned.order, version: order.version + 1 },
      returnId,
      correlationId,
    );
    return { order: done, refunded: true };
  }
}

// ---- recovery ----

export interface RecoveryReport {
  readonly examined: number;
  readonly finished: number;
  readonly returnsCompleted: number;
  readonly errors: number;
}

/**
 * The recovery job (every minute on AWS, and at `npm start`): every order of the unsettled index whose
 * lease is over (or, `orphanedBefore`, whose lease was taken before that time: the local runtime after
 * a restart, when no run from before can still be alive) is taken over and finished by the rules of
 * the saga's recover mode — payment taken → commit and confirm; otherwise refund (voiding the payment
 * key), release and fail (retryable: a retry with the same key runs it again). Pending returns are
 * resumed, and a final order whose outcome event was not published yet is announced. Each order at
 * most once per pass; a few at a time.
 */
export async function recoverOrders(
  deps: SellingDeps,
  options: { orphanedBefore?: string | undefined; limit?: number; correlationId: string },
): Promise<RecoveryReport> {
  const now = deps.now();
  const before = options.orphanedBefore
    ? new Date(
        Math.max(Date.parse(now), Date.parse(options.orphanedBefore) + checkoutBudget.leaseSeconds * 1000),
      ).toISOString()
    : now;
  const due = await deps.orders.unsettled(before, options.limit ?? 50);
  let finished = 0;
  let returnsCompleted = 0;
  let errors = 0;
  const work = due.map((order) => async () => {
    try {
      if (order.status === 'pending') {
        const leaseOver =
          !order.lease ||
          Date.parse(order.lease.until) <= Date.parse(now) ||
          (options.orphanedBefore !== undefined &&
            Date.parse(order.lease.until) - checkoutBudget.leaseSeconds * 1000 <
              Date.parse(options.orphanedBefore));
        if (!leaseOver) return;
        const lease = leaseOf('recovery', deps.now());
        if (!(await deps.orders.takeLease(order.id, order.attempt, order.lease?.until, lease))) return;
        const result = await deps.saga.run(
          sagaInput({ ...order, lease }, 'recover', 'recovery', options.correlationId),
        );
        if (result.status !== 'unsettled') finished++;
      } else if (order.announced === false) {
        // Final, but its run died before publishing the outcome: publish it (and settle its cart).
        await announce(deps, order, options.correlationId);
        if (order.cartId)
          await deps.carts.settleCart(
            order.cartId,
            order.id,
            order.status === 'failed' ? 'failed' : 'confirmed',
            deps.now(),
          );
        finished++;
      }
      for (const r of pendingReturns(order)) {
        const current = (await deps.orders.get(order.id)) ?? order;
        await finishReturn(deps, current, r.id, options.correlationId);
        returnsCompleted++;
      }
    } catch (error) {
      errors++;
      log.error('recovery could not finish an order', { orderId: order.id, error });
    }
  });
  for (let i = 0; i < work.length; i += 4) await Promise.all(work.slice(i, i + 4).map((w) => w()));
  if (due.length > 0) log.info('recovery pass', { examined: due.length, finished, returnsCompleted, errors });
  return { examined: due.length, finished, returnsCompleted, errors };
}
