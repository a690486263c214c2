import { callerOf } from '#functions/shared/access.ts';
import { httpHandler, json } from '#functions/shared/http.ts';
import { salesDeps } from './deps.ts';
import { createCart } from './sales-service.ts';

const deps = salesDeps();

export const handler = httpHandler({ route: 'POST /carts' }, async (req) => {
  const cart = await createCart(deps, callerOf(req));
  return json(201, { cartId: cart.id }, { location: `/carts/${cart.id}` });
});
