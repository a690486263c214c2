import { SagaError } from '#domain/sales/saga.ts';
import { businessMetrics } from '#functions/shared/metrics.ts';
import { sagaTask, stepRecord } from '#functions/shared/saga-task.ts';
import { paymentKey, salesDeps } from '../deps.ts';
import { confirmedOrder } from './outcome.ts';

/**
 * Saga step "confirm-order": asks the provider whether the capture still stands (its risk review
 * may reverse it: PaymentReversed, compensated by refund and release), then writes the order
 * `confirmed` with its priced lines, totals, payment and steps. A retry finding it confirmed is a no-op.
 */
const deps = salesDeps();

export const handler = sagaTask('confirm-order', async (state) => {
  const { order } = state;
  if (order.payment.method === 'card' && (await deps.payments.verify(paymentKey(order.id))) === 'reversed')
    throw new SagaError('PaymentReversed', 'The payment was reversed by the provider after capture');
  const pending = await deps.orders.get(order.id);
  if (!pending) throw new Error(`order ${order.id} does not exist`);
  const at = deps.now();
  const step = stepRecord('confirm-order', 'completed', at);
  if (pending.status === 'confirmed') return { step: pending.steps.at(-1) ?? step };
  const confirmed = confirmedOrder(pending, state, step, at);
  if ((await deps.orders.finish(confirmed)) === 'written') {
    businessMetrics.sale(confirmed.locationId, confirmed.totalCents, { orderId: confirmed.id });
    businessMetrics.sagaOutcome('confirmed', undefined, { orderId: confirmed.id });
  }
  return { step };
});
