import { OrderConfirmed } from '#functions/events/order-confirmed.ts';
import { consumer, on } from '#functions/shared/consumer.ts';
import { fulfilmentDeps } from '../deps.ts';
import { openFromOrder } from '../fulfilment-service.ts';

/** Consumer of rule `fulfilment-open`: a confirmed web order gets its fulfilment (on the pick list or the store's shelf). */
const deps = fulfilmentDeps();

export const handler = consumer({ name: 'fulfilment/open-fulfilment', table: 'fulfilment' }, [
  on(OrderConfirmed, async (d) => {
    await openFromOrder(deps, d);
  }),
]);
