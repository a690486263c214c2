import { httpHandler, json } from '#functions/shared/http.ts';
import { CatalogRepositoryReader } from './adapters/catalog-reader.ts';
import { salesDeps } from './deps.ts';
import { cartView, getCart } from './sales-service.ts';
import { salesApi } from './schemas.ts';

const deps = salesDeps();
const catalog = new CatalogRepositoryReader();

export const handler = httpHandler(salesApi['GET /carts/{cartId}'], async ({ params, caller }) =>
  json(200, await cartView(catalog, await getCart(deps, caller, params.cartId))),
);
