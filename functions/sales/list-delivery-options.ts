import { httpHandler, json } from '#functions/shared/http.ts';
import { deliveryOptions } from './delivery-options.ts';
import { DeliveryOptionsQuery } from './schemas.ts';

/** Public: how a web order can be delivered — shipping options and their prices, pickup stores. */
export const handler = httpHandler(
  { route: 'GET /delivery-options', query: DeliveryOptionsQuery },
  async ({ query }) =>
    json(200, deliveryOptions(query.subtotalCents), { 'cache-control': 'public, max-age=300' }),
);
