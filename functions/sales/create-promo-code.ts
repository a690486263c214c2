import { httpHandler, json } from '#functions/shared/http.ts';
import { salesDeps } from './deps.ts';
import { createPromo } from './promo-service.ts';
import { promoApi } from './promo-schemas.ts';

/** Head office creates a promo code (Idempotency-Key required: a retry answers the first answer). */
const deps = salesDeps();

export const handler = httpHandler(promoApi['POST /promo-codes'], async ({ body, caller }) => {
  const promo = await createPromo(deps.promos!, body, caller?.userId, deps.now());
  return json(201, promo, { location: `/promo-codes/${promo.code}` });
});
