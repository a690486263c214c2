import { callerOf } from '#functions/shared/access.ts';
import { httpHandler, json } from '#functions/shared/http.ts';
import { idFromKey } from '#functions/shared/idempotency.ts';
import { salesDeps } from './deps.ts';
import { createCart } from './sales-service.ts';
import { salesApi } from './schemas.ts';

const deps = salesDeps();

/** A new cart; with an Idempotency-Key (optional) a retried create answers with the same cart. */
export const handler = httpHandler(salesApi['POST /carts'], async (req) => {
  const cart = await createCart(
    deps,
    callerOf(req),
    req.idempotency ? idFromKey('cart', req.idempotency.scope, req.idempotency.key) : undefined,
  );
  return json(201, { cartId: cart.id }, { location: `/carts/${cart.id}` });
});
