import { httpHandler, json } from '#functions/shared/http.ts';
import { listPurchaseOrders } from './purchasing-service.ts';
import { purchasingApi } from './purchasing-schemas.ts';
import { replenishmentDeps } from './replenishment-deps.ts';

const deps = replenishmentDeps().purchasingDeps;

export const handler = httpHandler(purchasingApi['GET /purchase-orders'], async ({ query }) =>
  json(200, await listPurchaseOrders(deps, query)),
);
