import { httpHandler, json } from '#functions/shared/http.ts';
import { putSupplierProduct } from './purchasing-service.ts';
import { purchasingApi } from './purchasing-schemas.ts';
import { replenishmentDeps } from './replenishment-deps.ts';

const deps = replenishmentDeps().purchasingDeps;

export const handler = httpHandler(
  purchasingApi['PUT /suppliers/{supplierId}/products/{productId}'],
  async ({ params, body }) => json(200, await putSupplierProduct(deps, { ...params, ...body })),
);
