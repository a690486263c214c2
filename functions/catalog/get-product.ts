import { httpHandler, json } from '#functions/shared/http.ts';
import { getProduct } from './catalog-service.ts';
import { catalogDeps } from './deps.ts';
import { ProductParams } from './schemas.ts';

const deps = catalogDeps();

export const handler = httpHandler(
  { route: 'GET /products/{productId}', params: ProductParams },
  async ({ params }) => json(200, await getProduct(deps, params.productId)),
);
