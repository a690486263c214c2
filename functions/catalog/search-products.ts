import { httpHandler, json } from '#functions/shared/http.ts';
import { searchProducts } from './catalog-service.ts';
import { catalogDeps } from './deps.ts';
import { SearchQuery } from './schemas.ts';

const deps = catalogDeps();

export const handler = httpHandler({ route: 'GET /products', query: SearchQuery }, async ({ query }) =>
  json(200, await searchProducts(deps, query)),
);
