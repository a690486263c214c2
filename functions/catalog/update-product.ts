import { httpHandler, json } from '#functions/shared/http.ts';
import { changeProduct } from './catalog-service.ts';
import { catalogDeps } from './deps.ts';
import { ProductParams, UpdateProductBody } from './schemas.ts';

const deps = catalogDeps();

export const handler = httpHandler(
  { route: 'PATCH /products/{productId}', params: ProductParams, body: UpdateProductBody },
  async ({ params, body }) => json(200, await changeProduct(deps, params.productId, body)),
);
