import { httpHandler, json } from '#functions/shared/http.ts';
import { sendPurchaseOrder } from './purchasing-service.ts';
import { purchasingApi } from './purchasing-schemas.ts';
import { replenishmentDeps } from './replenishment-deps.ts';

const deps = replenishmentDeps().purchasingDeps;

/** Head office approves a suggested purchase order and sends it to its supplier. */
export const handler = httpHandler(
  purchasingApi['POST /purchase-orders/{purchaseOrderId}/send'],
  async ({ params, caller }) =>
    json(200, await sendPurchaseOrder(deps, params.purchaseOrderId, caller?.userId ?? 'anonymous')),
);
