import { httpHandler, json } from '#functions/shared/http.ts';
import { changeProduct } from './catalog-service.ts';
import { catalogDeps } from './deps.ts';
import { catalogApi } from './schemas.ts';

const deps = catalogDeps();

export const handler = httpHandler(catalogApi['PATCH /products/{productId}'], async ({ params, body }) =>
  json(200, await changeProduct(deps, params.productId, body)),
);
