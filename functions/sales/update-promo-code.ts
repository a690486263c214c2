import { httpHandler, json } from '#functions/shared/http.ts';
import { salesDeps } from './deps.ts';
import { updatePromo } from './promo-service.ts';
import { promoApi } from './promo-schemas.ts';

/** Head office changes a promo code's dates, minimum, limit or description, or deactivates it. */
const deps = salesDeps();

export const handler = httpHandler(promoApi['PATCH /promo-codes/{code}'], async ({ params, body }) =>
  json(200, await updatePromo(deps.promos!, params.code, body, deps.now())),
);
