import { httpHandler, json } from '#functions/shared/http.ts';
import { idFromKey } from '#functions/shared/idempotency.ts';
import { addProduct } from './catalog-service.ts';
import { catalogDeps } from './deps.ts';
import { catalogApi } from './schemas.ts';

const deps = catalogDeps();

export const handler = httpHandler(catalogApi['POST /products'], async ({ body, idempotency }) => {
  const product = await addProduct(
    deps,
    body,
    idempotency ? idFromKey('prd', idempotency.scope, idempotency.key) : undefined,
  );
  return json(201, product, { location: `/products/${product.id}` });
});
