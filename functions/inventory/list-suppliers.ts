import { httpHandler, json } from '#functions/shared/http.ts';
import { listSuppliers } from './purchasing-service.ts';
import { purchasingApi } from './purchasing-schemas.ts';
import { replenishmentDeps } from './replenishment-deps.ts';

const deps = replenishmentDeps().purchasingDeps;

export const handler = httpHandler(purchasingApi['GET /suppliers'], async () =>
  json(200, { items: await listSuppliers(deps) }),
);
