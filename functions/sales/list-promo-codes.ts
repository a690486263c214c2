import { httpHandler, json } from '#functions/shared/http.ts';
import { salesDeps } from './deps.ts';
import { listPromos } from './promo-service.ts';
import { promoApi } from './promo-schemas.ts';

/** Head office's promo codes, by code, with their uses. */
const deps = salesDeps();

export const handler = httpHandler(promoApi['GET /promo-codes'], async () =>
  json(200, { items: await listPromos(deps.promos!) }),
);
