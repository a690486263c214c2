import { OrderConfirmed } from '#functions/events/order-confirmed.ts';
import { sagaTask } from '#functions/shared/saga-task.ts';
import { salesDeps } from '../deps.ts';
import { forwardStepsOf } from './outcome.ts';

/**
 * Last step of a sale: the order's step list gets the stock commit, and OrderConfirmed goes to the bus
 * (at least once: a retry may publish again; consumers are idempotent per orderId).
 */
const deps = salesDeps();

export const handler = sagaTask('publish-order-confirmed', async (state) => {
  const order = await deps.orders.get(state.order.id);
  if (!order) throw new Error(`order ${state.order.id} does not exist`);
  await deps.orders.setSteps(order.id, forwardStepsOf(state, [state.commit?.step]));
  await deps.events.publish([
    OrderConfirmed.make(
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
        paymentMethod: order.payment.method,
        createdAt: order.createdAt,
      },
      { correlationId: state.correlationId, occurredAt: deps.now() },
    ),
  ]);
  return { published: 'OrderConfirmed' };
});
