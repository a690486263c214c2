import { PaymentRefunded } from '#functions/events/payment-refunded.ts';
import { sagaTask, stepRecord } from '#functions/shared/saga-task.ts';
import { paymentKey, salesDeps } from '../deps.ts';

/**
 * Compensation of "take-payment": refunds whatever the order's payment key captured. It runs after
 * any payment failure other than a decline, because a provider timeout may hide a capture; with
 * nothing captured it refunds nothing and leaves no step. Idempotent by its refund key.
 */
const deps = salesDeps();

export const handler = sagaTask('refund-payment', async ({ order, correlationId }) => {
  const result = await deps.payments.refund(paymentKey(order.id), 'compensation');
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
      { correlationId, occurredAt: at },
    ),
  ]);
  return { refundedCents: result.refundedCents, step: stepRecord('take-payment', 'compensated', at) };
});
