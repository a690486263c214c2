import { httpHandler, json } from '#functions/shared/http.ts';
import { getPurchaseOrder } from './purchasing-service.ts';
import { purchasingApi } from './purchasing-schemas.ts';
import { replenishmentDeps } from './replenishment-deps.ts';

const deps = replenishmentDeps().purchasingDeps;

export const handler = httpHandler(
  purchasingApi['GET /purchase-orders/{purchaseOrderId}'],
  async ({ params }) => json(200, await getPurchaseOrder(deps, params.purchaseOrderId)),
);
