import { httpHandler, json } from '#functions/shared/http.ts';
import { fulfilmentDeps } from './deps.ts';
import { getFulfilment } from './fulfilment-service.ts';
import { fulfilmentApi } from './schemas.ts';

/** Where a web order is in its fulfilment: the customer's tracking (with the pickup code), or staff's view. */
const deps = fulfilmentDeps();

export const handler = httpHandler(fulfilmentApi['GET /fulfilments/{orderId}'], async (req) =>
  json(200, await getFulfilment(deps, req.caller, req.params.orderId)),
);
