import { OrderCancelled } from '#functions/events/order-cancelled.ts';
import { consumer, on } from '#functions/shared/consumer.ts';
import { salesDeps } from '../deps.ts';
import { cancelOrder } from '../sales-service.ts';

/**
 * Consumer of rule `sales-cancellations`: a web order its fulfilment cancelled is refunded in full and
 * announced as returned (OrderReturned puts the stock back), once per order (the return id is the order's).
 */
const deps = salesDeps();

export const handler = consumer({ name: 'sales/cancel-order', table: 'sales' }, [
  on(OrderCancelled, async (d) => {
    await cancelOrder(deps, d.orderId, d.reason, d.correlationId);
  }),
]);
