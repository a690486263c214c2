import type { Order, Payment, PaymentStatus } from '#domain/sales/order.ts';
import {
  failureCodeOf,
  isRetryableFailure,
  parseTaskFailure,
  SagaError,
  stepList,
  type SagaStep,
} from '#domain/sales/saga.ts';
import type { EventPublisher } from '#functions/adapters/event-publisher.ts';
import { OrderConfirmed } from '#functions/events/order-confirmed.ts';
import { OrderFailed } from '#functions/events/order-failed.ts';
import { PaymentCaptured } from '#functions/events/payment-captured.ts';
import { PaymentRefunded } from '#functions/events/payment-refunded.ts';
import { businessMetrics } from '#functions/shared/metrics.ts';
import { stepRecord, type SagaResult, type SagaState } from '#functions/shared/saga-task.ts';
import type { CartRepository, OrderRepository } from '../adapters/order-repository.ts';
import type { PaymentGateway } from '../adapters/payment-gateway.ts';
import type { ReceiptBook } from '../adapters/receipt-book.ts';
import { numberReceipt } from '../receipts.ts';
import { orderView } from '../order-view.ts';
import { giveBackUse, type PromoStore } from '../promo-service.ts';

/**
 * The sales context's saga steps (take the payment, assess an interrupted order, confirm, refund,
 * fail), as functions of their ports so that they are tested without AWS and with a crash at any
 * call (tests/unit/sales/saga-crash.test.ts). Each is idempotent: Step Functions and the recovery
 * may run it again with the same input.
 */
export interface SalesSagaDeps {
  readonly orders: OrderRepository;
  readonly carts: CartRepository;
  readonly payments: PaymentGateway;
  readonly events: EventPublisher;
  /** The tills' receipt counters (a sale at a till is numbered when confirmed). */
  readonly receipts: ReceiptBook;
  readonly now: () => string;
  /** Promo codes' uses (an order with a code gives its use back when it fails). */
  readonly promos?: PromoStore;
}

/** The provider idempotency key of an attempt's payment: the same on every retry of that attempt. */
export const paymentKey = (runId: string): string => `pay_${runId}`;

export async function takePayment(deps: SalesSagaDeps, state: SagaState) {
  const { order } = state;
  const key = paymentKey(order.runId);
  const capture = await deps.payments.capture({
    idempotencyKey: key,
    orderId: order.id,
    method: order.payment.method,
    // A split tender: the card part only (the cash part is in the drawer).
    amountCents: order.payment.amountCents ?? order.totalCents,
    cardToken: order.payment.cardToken,
  });
  // The provider's risk review may reverse a card capture at once: then it is refunded, and the stock released.
  if (order.payment.method === 'card' && (await deps.payments.verify(key)) === 'reversed')
    throw new SagaError('PaymentReversed', 'The payment was reversed by the provider after capture');
  const at = deps.now();
  await deps.events.publish([
    PaymentCaptured.make(
      {
        orderId: order.id,
        captureId: capture.captureId,
        method: capture.method,
        amountCents: capture.amountCents,
      },
      { correlationId: state.correlationId, occurredAt: at },
    ),
  ]);
  return {
    captureId: capture.captureId,
    amountCents: capture.amountCents,
    step: stepRecord('take-payment', 'completed', at, state.actor),
  };
}

/**
 * The recovery's first step for an order whose run died: was its payment taken (and does it stand)?
 * Then the sale is finished (commit, confirm); otherwise the order is released and failed.
 */
export async function assessOrder(deps: SalesSagaDeps, state: SagaState) {
  const key = paymentKey(state.order.runId);
  const capture = await deps.payments.find(key);
  let captured = capture !== undefined && capture.refundedCents < capture.amountCents;
  if (captured && state.order.payment.method === 'card' && (await deps.payments.verify(key)) === 'reversed')
    captured = false;
  const at = deps.now();
  return {
    captured,
    ...(captured && capture ? { captureId: capture.captureId, amountCents: capture.amountCents } : {}),
    step: stepRecord(
      'assess-order',
      'completed',
      at,
      'recovery',
      captured ? 'the payment was taken: finishing the sale' : 'no payment stands: releasing the stock',
    ),
  };
}

function forwardSteps(state: SagaState, extra: readonly (SagaStep | undefined)[] = []): SagaStep[] {
  return stepList({
    forward: [
      stepRecord('price-order', 'completed', state.order.pricedAt),
      state.reservation?.step,
      state.payment?.step,
      state.assessment?.step,
      state.commit?.step,
      ...extra,
    ],
    compensations: [],
  });
}

async function settleCart(
  deps: SalesSagaDeps,
  state: SagaState,
  outcome: 'confirmed' | 'failed',
  at: string,
) {
  if (state.order.cartId) await deps.carts.settleCart(state.order.cartId, state.order.id, outcome, at);
}

/** The outcome event of a final order: OrderConfirmed or OrderFailed, built from the order as written. */
export function outcomeEvent(order: Order, correlationId: string, occurredAt: string) {
  const meta = { correlationId, occurredAt };
  if (order.status === 'failed')
    return OrderFailed.make(
      {
        orderId: order.id,
        channel: order.channel,
        locationId: order.locationId,
        code: order.failure?.code ?? 'internal-error',
        detail: order.failure?.detail ?? '',
        ...(order.failure?.retryable ? { retryable: true } : {}),
        createdAt: order.createdAt,
      },
      meta,
    );
  return OrderConfirmed.make(
    {
      orderId: order.id,
      channel: order.channel,
      locationId: order.locationId,
      ...(order.customerId ? { customerId: order.customerId } : {}),
      lines: order.lines.map((l) => ({
        productId: l.productId,
        name: l.name,
        quantity: l.quantity,
        unitPriceCents: l.unitPriceCents,
        lineTotalCents: l.lineTotalCents,
      })),
      subtotalCents: order.subtotalCents,
      gstCents: order.gstCents,
      qstCents: order.qstCents,
      totalCents: order.totalCents,
      roundingCents: order.roundingCents,
      ...(order.taxLines ? { taxLines: order.taxLines.map((t) => ({ ...t })) } : {}),
      ...(order.discountCents ? { discountCents: order.discountCents } : {}),
      paymentMethod: order.payment.method,
      tenders: order.tenders
        ? order.tenders.map((t) => ({ ...t }))
        : [{ method: order.payment.method, amountCents: order.payment.amountCents }],
      ...(order.registerId ? { registerId: order.registerId } : {}),
      ...(order.sessionId ? { sessionId: order.sessionId } : {}),
      ...(order.receiptNumber ? { receiptNumber: order.receiptNumber } : {}),
      createdAt: order.createdAt,
      ...(order.delivery ? { delivery: deliveryOf(order.delivery) } : {}),
      ...(order.offline ? { offline: true, offlineSale: offlineSaleOf(order.offline) } : {}),
    },
    meta,
  );
}

/** The offline facts of a sale synced late, as OrderConfirmed carries them. */
function offlineSaleOf(o: NonNullable<Order['offline']>) {
  return {
    soldAt: o.soldAt,
    receipt: o.receipt,
    ...(o.priceDifferences?.length ? { priceDifferences: o.priceDifferences.map((d) => ({ ...d })) } : {}),
  };
}

/** The order's delivery as OrderConfirmed carries it. */
function deliveryOf(d: NonNullable<Order['delivery']>) {
  if (d.method === 'pickup') return { method: d.method, storeId: d.storeId, shippingCents: 0 };
  const { country: _country, phone: _phone, ...address } = d.address;
  return { method: d.method, optionId: d.optionId, address, shippingCents: d.shippingCents };
}

/**
 * Publishes a final order's outcome event, then takes it out of the unsettled index (its outbox). A
 * sale confirmed at a till gets its receipt number first (once: ../receipts.ts), so OrderConfirmed
 * carries it. Returns the order as announced.
 */
export async function announce(deps: SalesSagaDeps, order: Order, correlationId: string): Promise<Order> {
  const numbered = await numberReceipt(deps, order);
  await deps.events.publish([outcomeEvent(numbered, correlationId, order.updatedAt)]);
  await deps.orders.announced(order.id);
  return numbered;
}

/**
 * Last step of a sale: the order is written `confirmed` (its only write after creation, fenced by the
 * run's lease: a run that outlived it cannot confirm over the recovery), then OrderConfirmed goes to
 * the bus and the order leaves the unsettled index. If the process dies in between, the recovery
 * finds the order confirmed and not yet announced, and publishes it (consumers are idempotent per order).
 */
export async function confirmOrder(deps: SalesSagaDeps, state: SagaState): Promise<SagaResult> {
  const { order } = state;
  const at = deps.now();
  const paid = state.payment ?? state.assessment;
  const payment: Payment = {
    method: order.payment.method,
    status: 'captured',
    amountCents: paid?.amountCents ?? order.payment.amountCents ?? order.totalCents,
    refundedCents: 0,
    ...(order.payment.cardLast4 ? { cardLast4: order.payment.cardLast4 } : {}),
    ...(order.payment.cardToken ? { token: order.payment.cardToken } : {}),
    ...(paid?.captureId ? { captureId: paid.captureId } : {}),
  };
  const confirmed = await deps.orders.finish(order.id, order.attempt, order.leaseUntil, {
    status: 'confirmed',
    payment,
    steps: forwardSteps(state, [stepRecord('confirm-order', 'completed', at, state.actor)]),
    at,
  });
  const announced = await announce(deps, confirmed, state.correlationId);
  await settleCart(deps, state, 'confirmed', at);
  businessMetrics.sale(order.locationId, order.totalCents, { orderId: order.id });
  businessMetrics.sagaOutcome('confirmed', undefined, { orderId: order.id });
  return { status: 'confirmed', order: orderView({ ...announced, announced: true }) };
}

/**
 * Compensation of "take-payment": refunds whatever the attempt's payment key captured (possibly
 * nothing: then the key is voided, so a capture still in flight cannot be taken later). Idempotent
 * by its refund key; leaves a `compensated` step only when money went back.
 */
export async function refundPayment(deps: SalesSagaDeps, state: SagaState) {
  const { order } = state;
  const result = await deps.payments.refund(paymentKey(order.runId), 'compensation');
  if (result.refundedCents === 0) return { refundedCents: 0 };
  const at = deps.now();
  await deps.events.publish([
    PaymentRefunded.make(
      {
        orderId: order.id,
        refundKey: 'compensation',
        reason: 'compensation',
        amountCents: result.refundedCents,
      },
      { correlationId: state.correlationId, occurredAt: at },
    ),
  ]);
  return {
    refundedCents: result.refundedCents,
    step: stepRecord('take-payment', 'compensated', at, state.actor),
  };
}

/**
 * Last compensation: the order is written `failed` (fenced by the run's lease, like a confirmation)
 * with the failure the stopping error stands for (insufficient-stock with each short line,
 * payment-declined, …), whether a retry may run it again, and every step, compensations included;
 * then OrderFailed goes to the bus.
 */
export async function failOrder(deps: SalesSagaDeps, state: SagaState): Promise<SagaResult> {
  const { order } = state;
  const at = deps.now();
  const failure = parseTaskFailure(state.error, at);
  const code = failureCodeOf(failure.errorName);
  const retryable = isRetryableFailure(failure.errorName);
  const refunded = state.refund?.refundedCents ?? 0;
  const paymentStatus: PaymentStatus =
    refunded > 0
      ? 'refunded'
      : failure.errorName === 'PaymentDeclined'
        ? 'declined'
        : code === 'payment-unavailable'
          ? 'failed'
          : 'not-taken';
  // The attempt's promo use goes back before the order is final (a retry's next attempt counts its own).
  if (order.promoCode) {
    if (!deps.promos) throw new Error('an order with a promo code needs the promo store');
    await giveBackUse(deps.promos, order.promoCode, order.runId, order.id, deps.now);
  }
  const payment: Payment = {
    method: order.payment.method,
    status: paymentStatus,
    amountCents: state.payment?.amountCents ?? order.totalCents,
    refundedCents: refunded,
    ...(order.payment.cardLast4 ? { cardLast4: order.payment.cardLast4 } : {}),
    ...(order.payment.cardToken ? { token: order.payment.cardToken } : {}),
    ...(state.payment ? { captureId: state.payment.captureId } : {}),
  };
  const failed: Order = await deps.orders.finish(order.id, order.attempt, order.leaseUntil, {
    status: 'failed',
    payment,
    failure: {
      code,
      detail: failure.detail,
      ...(retryable ? { retryable: true } : {}),
      ...(failure.shortLines ? { lines: failure.shortLines } : {}),
    },
    steps: stepList({
      forward: [
        stepRecord('price-order', 'completed', order.pricedAt),
        state.reservation?.step,
        state.payment?.step,
        state.assessment?.step,
        state.commit?.step,
      ],
      failed: {
        name: failure.step,
        status: 'failed',
        at: failure.at,
        detail: failure.detail,
        actor: state.actor,
      },
      compensations: [state.refund?.step, state.release?.step],
    }),
    at,
  });
  await announce(deps, failed, state.correlationId);
  await settleCart(deps, state, 'failed', at);
  businessMetrics.sagaOutcome('failed', code, { orderId: order.id });
  return { status: 'failed', order: orderView({ ...failed, announced: true }) };
}
