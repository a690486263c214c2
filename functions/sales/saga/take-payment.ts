import { priceLines, totalsOfLines } from '#domain/sales/order.ts';
import { PaymentCaptured } from '#functions/events/payment-captured.ts';
import { sagaTask, stepRecord } from '#functions/shared/saga-task.ts';
import { paymentKey, salesDeps } from '../deps.ts';

/**
 * Saga step "take-payment": captures the order's total through the payment gateway with a key
 * derived from the order, so a retry (PaymentTransient, PaymentTimeout, a crash) never captures
 * twice. PaymentDeclined is final; the state machine retries the transient errors with backoff.
 */
const deps = salesDeps();

export const handler = sagaTask('take-payment', async ({ order, priced, correlationId }) => {
  const lines = priceLines(order.lines, priced?.prices ?? []);
  const { totalCents } = totalsOfLines(lines, order.payment.method);
  const capture = await deps.payments.capture({
    idempotencyKey: paymentKey(order.id),
    orderId: order.id,
    method: order.payment.method,
    amountCents: totalCents,
    cardNumber: order.payment.cardNumber,
  });
  const at = deps.now();
  await deps.events.publish([
    PaymentCaptured.make(
      {
        orderId: order.id,
        captureId: capture.captureId,
        method: capture.method,
        amountCents: capture.amountCents,
      },
      { correlationId, occurredAt: at },
    ),
  ]);
  return {
    captureId: capture.captureId,
    amountCents: capture.amountCents,
    ...(capture.cardLast4 ? { cardLast4: capture.cardLast4 } : {}),
    step: stepRecord('take-payment', 'completed', at),
  };
});
