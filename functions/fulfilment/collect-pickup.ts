import { httpHandler, json } from '#functions/shared/http.ts';
import { fulfilmentDeps } from './deps.ts';
import { collectPickup } from './fulfilment-service.ts';
import { fulfilmentApi } from './schemas.ts';

/** The store hands a pickup order over against its code (a wrong code: 422 wrong-pickup-code, counted). */
const deps = fulfilmentDeps();

export const handler = httpHandler(fulfilmentApi['POST /fulfilments/{orderId}/collect'], async (req) =>
  json(200, await collectPickup(deps, req.caller, req.params.orderId, req.body.code)),
);
