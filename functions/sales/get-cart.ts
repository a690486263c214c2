import { httpHandler, json } from '#functions/shared/http.ts';
import { CatalogRepositoryReader } from './adapters/catalog-reader.ts';
import { salesDeps } from './deps.ts';
import { cartView, getCart } from './sales-service.ts';
import { CartParams } from './schemas.ts';

const deps = salesDeps();
const catalog = new CatalogRepositoryReader();

export const handler = httpHandler(
  { route: 'GET /carts/{cartId}', params: CartParams },
  async ({ params, caller }) =>
    json(200, await cartView(catalog, await getCart(deps, caller, params.cartId))),
);
