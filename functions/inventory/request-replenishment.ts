import { httpHandler, json } from '#functions/shared/http.ts';
import { movementsApi } from './movement-schemas.ts';
import { idFromKey, replenishmentDeps } from './replenishment-deps.ts';
import { requestReplenishment } from './replenishment-service.ts';

const deps = replenishmentDeps();

/** 202 with the new request; 200 with the request already open for this store and product. */
export const handler = httpHandler(
  movementsApi['POST /locations/{storeId}/replenishments'],
  async ({ params, body, caller, headers }) => {
    const requestedBy = caller?.userId ?? 'anonymous';
    const { replenishment, created } = await requestReplenishment(deps, {
      id: idFromKey('rep', params.storeId, requestedBy, headers['idempotency-key'] ?? ''),
      storeId: params.storeId,
      productId: body.productId,
      quantity: body.quantity,
      requestedBy,
    });
    return json(created ? 202 : 200, { replenishmentId: replenishment.id, ...replenishment });
  },
);
