import type { PaymentStatus, Order } from '#domain/sales/order.ts';
import { priceLines, totalsOfLines } from '#domain/sales/order.ts';
import { failureCodeOf, parseTaskFailure, stepList, type SagaStep } from '#domain/sales/saga.ts';
import type { SagaState } from '#functions/shared/saga-task.ts';

/**
 * The order as the saga leaves it: priced lines and totals (when pricing got that far), payment,
 * steps; `confirmed` or `failed` with the failure the error that stopped the saga stands for.
 */
function pricedPart(
  pending: Order,
  state: SagaState,
): Pick<Order, 'lines' | keyof ReturnType<typeof totalsOfLines>> {
  if (!state.priced) return { lines: pending.lines, ...totalsOfLines(pending.lines, pending.payment.method) };
  const lines = priceLines(
    state.order.lines,
    state.priced.prices.map((p) => ({ productId: p.productId, name: p.name, priceCents: p.priceCents })),
  );
  return { lines, ...totalsOfLines(lines, state.order.payment.method) };
}

export function forwardStepsOf(state: SagaState, extra: readonly (SagaStep | undefined)[] = []): SagaStep[] {
  return stepList({
    forward: [
      state.priced?.step,
      state.reservation?.step,
      state.payment?.step,
      state.confirmation?.step,
      ...extra,
    ],
    compensations: [],
  });
}

export function confirmedOrder(pending: Order, state: SagaState, confirmStep: SagaStep, at: string): Order {
  const priced = pricedPart(pending, state);
  return {
    ...pending,
    ...priced,
    status: 'confirmed',
    payment: {
      ...pending.payment,
      status: 'captured',
      amountCents: state.payment?.amountCents ?? priced.totalCents,
      ...(state.payment ? { captureId: state.payment.captureId } : {}),
    },
    steps: forwardStepsOf(state, [confirmStep]),
    updatedAt: at,
    version: pending.version + 1,
  };
}

export function failedOrder(pending: Order, state: SagaState, at: string): Order {
  const failure = parseTaskFailure(state.error, at);
  const code = failureCodeOf(failure.errorName);
  const priced = pricedPart(pending, state);
  const refunded = state.refund?.refundedCents ?? 0;
  const paymentStatus: PaymentStatus =
    refunded > 0
      ? 'refunded'
      : failure.errorName === 'PaymentDeclined'
        ? 'declined'
        : code === 'payment-unavailable'
          ? 'failed'
          : 'not-taken';
  return {
    ...pending,
    ...priced,
    status: 'failed',
    payment: {
      ...pending.payment,
      status: paymentStatus,
      amountCents: state.payment?.amountCents ?? priced.totalCents,
      refundedCents: refunded,
      ...(state.payment ? { captureId: state.payment.captureId } : {}),
    },
    failure: {
      code,
      detail: failure.detail,
      ...(failure.shortLines ? { lines: failure.shortLines } : {}),
    },
    steps: stepList({
      forward: [state.priced?.step, state.reservation?.step, state.payment?.step, state.confirmation?.step],
      failed: { name: failure.step, status: 'failed', at: failure.at, detail: failure.detail },
      compensations: [state.refund?.step, state.release?.step],
    }),
    updatedAt: at,
    version: pending.version + 1,
  };
}
