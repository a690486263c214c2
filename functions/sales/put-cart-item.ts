import { httpHandler, json } from '#functions/shared/http.ts';
import { CatalogRepositoryReader } from './adapters/catalog-reader.ts';
import { salesDeps } from './deps.ts';
import { cartView, putCartItem } from './sales-service.ts';
import { salesApi } from './schemas.ts';

const deps = salesDeps();
const catalog = new CatalogRepositoryReader();

export const handler = httpHandler(
  salesApi['PUT /carts/{cartId}/items/{productId}'],
  async ({ params, body, caller }) => {
    const cart = await putCartItem(deps, catalog, caller, params.cartId, params.productId, body.quantity);
    return json(200, await cartView(catalog, cart));
  },
);
