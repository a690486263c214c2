import { OrderFailed } from '#functions/events/order-failed.ts';
import { sagaTask } from '#functions/shared/saga-task.ts';
import { salesDeps } from '../deps.ts';

/** After the compensations: OrderFailed goes to the bus (at least once). */
const deps = salesDeps();

export const handler = sagaTask('publish-order-failed', async (state) => {
  const order = await deps.orders.get(state.order.id);
  if (!order) throw new Error(`order ${state.order.id} does not exist`);
  await deps.events.publish([
    OrderFailed.make(
      {
        orderId: order.id,
        channel: order.channel,
        locationId: order.locationId,
        code: order.failure?.code ?? 'internal-error',
        detail: order.failure?.detail ?? '',
        createdAt: order.createdAt,
      },
      { correlationId: state.correlationId, occurredAt: deps.now() },
    ),
  ]);
  return { published: 'OrderFailed' };
});
