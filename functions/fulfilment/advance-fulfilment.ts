import { httpHandler, json } from '#functions/shared/http.ts';
import { fulfilmentDeps } from './deps.ts';
import { advanceFulfilment } from './fulfilment-service.ts';
import { fulfilmentApi } from './schemas.ts';

/**
 * A staff step of a fulfilment (start picking, packed, shipped with tracking, delivered; ready for
 * pickup; cancel). Idempotent by state: the same step again changes nothing and announces nothing.
 * Its Idempotency-Key (required) replays the first answer to a retry.
 */
const deps = fulfilmentDeps();

export const handler = httpHandler(fulfilmentApi['POST /fulfilments/{orderId}/steps'], async (req) =>
  json(200, await advanceFulfilment(deps, req.caller, req.params.orderId, req.body)),
);
