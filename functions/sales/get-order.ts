import { httpHandler, json } from '#functions/shared/http.ts';
import { salesDeps } from './deps.ts';
import { getOrder } from './sales-service.ts';
import { orderView } from './order-view.ts';
import { salesApi } from './schemas.ts';

const deps = salesDeps();

export const handler = httpHandler(salesApi['GET /orders/{orderId}'], async ({ params, caller }) =>
  json(200, orderView(await getOrder(deps, caller, params.orderId))),
);
