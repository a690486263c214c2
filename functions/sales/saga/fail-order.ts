import { businessMetrics } from '#functions/shared/metrics.ts';
import { sagaTask } from '#functions/shared/saga-task.ts';
import { salesDeps } from '../deps.ts';
import { failedOrder } from './outcome.ts';

/**
 * Last compensation: the order becomes `failed` with the failure the stopping error stands for
 * (insufficient-stock with each short line, payment-declined, …) and every step, compensations
 * included. A retry finding it failed already is a no-op.
 */
const deps = salesDeps();

export const handler = sagaTask('fail-order', async (state) => {
  const pending = await deps.orders.get(state.order.id);
  if (!pending) throw new Error(`order ${state.order.id} does not exist`);
  if (pending.status === 'failed') return { code: pending.failure?.code };
  const failed = failedOrder(pending, state, deps.now());
  if ((await deps.orders.finish(failed)) === 'written')
    businessMetrics.sagaOutcome('failed', failed.failure?.code, { orderId: failed.id });
  return { code: failed.failure?.code };
});
