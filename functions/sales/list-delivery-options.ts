import { httpHandler, json } from '#functions/shared/http.ts';
import { deliveryOptions } from './delivery-options.ts';
import { salesApi } from './schemas.ts';

/** Public: how a web order can be delivered — shipping options and their prices, pickup stores. */
export const handler = httpHandler(salesApi['GET /delivery-options'], async ({ query }) =>
  json(200, deliveryOptions(query.subtotalCents), { 'cache-control': 'public, max-age=300' }),
);
