import { httpHandler, json } from '#functions/shared/http.ts';
import { putSupplier } from './purchasing-service.ts';
import { purchasingApi } from './purchasing-schemas.ts';
import { replenishmentDeps } from './replenishment-deps.ts';

const deps = replenishmentDeps().purchasingDeps;

export const handler = httpHandler(purchasingApi['PUT /suppliers/{supplierId}'], async ({ params, body }) =>
  json(200, await putSupplier(deps, { supplierId: params.supplierId, ...body })),
);
