import { httpHandler, json } from '#functions/shared/http.ts';
import { addProduct } from './catalog-service.ts';
import { catalogDeps } from './deps.ts';
import { CreateProductBody } from './schemas.ts';

const deps = catalogDeps();

export const handler = httpHandler(
  { route: 'POST /products', body: CreateProductBody, idempotency: { table: 'catalog', required: false } },
  async ({ body }) => {
    const product = await addProduct(deps, body);
    return json(201, product, { location: `/products/${product.id}` });
  },
);
