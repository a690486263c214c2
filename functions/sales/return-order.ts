import { httpHandler, json } from '#functions/shared/http.ts';
import { salesDeps } from './deps.ts';
import { orderView, returnOrder } from './sales-service.ts';
import { OrderParams, ReturnBody } from './schemas.ts';

/** Return of some or all units of a confirmed order: refund, then stock back (OrderReturned). */
const deps = salesDeps();

export const handler = httpHandler(
  {
    route: 'POST /orders/{orderId}/returns',
    params: OrderParams,
    body: ReturnBody,
    idempotency: { table: 'sales', required: false },
  },
  async ({ params, body, caller, correlationId }) =>
    json(201, orderView(await returnOrder(deps, caller, params.orderId, body.lines, correlationId))),
);
