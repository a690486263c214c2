import { httpHandler, json } from '#functions/shared/http.ts';
import { searchProducts } from './catalog-service.ts';
import { catalogDeps } from './deps.ts';
import { catalogApi } from './schemas.ts';

const deps = catalogDeps();

export const handler = httpHandler(catalogApi['GET /products'], async ({ query }) =>
  json(200, await searchProducts(deps, query)),
);
