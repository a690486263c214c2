import { httpHandler, json } from '#functions/shared/http.ts';
import { CatalogRepositoryReader } from './adapters/catalog-reader.ts';
import { salesDeps } from './deps.ts';
import { findPromo } from './promo-service.ts';
import { cartView, getCart } from './sales-service.ts';
import { salesApi } from './schemas.ts';

const deps = salesDeps();
const catalog = new CatalogRepositoryReader();

/**
 * A cart priced now; `?promoCode=` shows the discount the checkout would give, or why it is refused (4xx);
 * `?shipping=standard` puts that option's delivery charge and its taxes in the total.
 */
export const handler = httpHandler(salesApi['GET /carts/{cartId}'], async ({ params, query, caller }) => {
  const cart = await getCart(deps, caller, params.cartId);
  const promo = query.promoCode
    ? { code: await findPromo(deps.promos!, query.promoCode), at: deps.now() }
    : undefined;
  return json(200, await cartView(catalog, cart, promo, query.shipping));
});
