import { httpHandler, json } from '#functions/shared/http.ts';
import { getProduct } from './catalog-service.ts';
import { catalogDeps } from './deps.ts';
import { catalogApi } from './schemas.ts';

const deps = catalogDeps();

export const handler = httpHandler(catalogApi['GET /products/{productId}'], async ({ params }) =>
  json(200, await getProduct(deps, params.productId)),
);
