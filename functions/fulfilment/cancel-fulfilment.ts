import { httpHandler, json } from '#functions/shared/http.ts';
import { fulfilmentDeps } from './deps.ts';
import { cancelByCustomer } from './fulfilment-service.ts';
import { fulfilmentApi } from './schemas.ts';

/**
 * The customer (or staff) cancels a web order before picking starts: OrderCancelled, then sales
 * refunds it and inventory puts its units back, each once. Asking again answers the cancelled order.
 */
const deps = fulfilmentDeps();

export const handler = httpHandler(fulfilmentApi['POST /fulfilments/{orderId}/cancel'], async (req) =>
  json(200, await cancelByCustomer(deps, req.caller, req.params.orderId)),
);
