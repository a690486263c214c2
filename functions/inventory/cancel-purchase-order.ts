import { httpHandler, json } from '#functions/shared/http.ts';
import { cancelPurchaseOrder } from './purchasing-service.ts';
import { purchasingApi } from './purchasing-schemas.ts';
import { replenishmentDeps } from './replenishment-deps.ts';

const deps = replenishmentDeps().purchasingDeps;

export const handler = httpHandler(
  purchasingApi['POST /purchase-orders/{purchaseOrderId}/cancel'],
  async ({ params, caller }) =>
    json(200, await cancelPurchaseOrder(deps, params.purchaseOrderId, caller?.userId ?? 'anonymous')),
);
