import { httpHandler, json } from '#functions/shared/http.ts';
import { adjustStock } from './ledger-service.ts';
import { movementsApi } from './movement-schemas.ts';
import { idFromKey, replenishmentDeps } from './replenishment-deps.ts';

const deps = replenishmentDeps();

export const handler = httpHandler(
  movementsApi['POST /locations/{locationId}/adjustments'],
  async ({ params, body, caller, headers }) => {
    const adjustedBy = caller?.userId ?? 'anonymous';
    return json(
      201,
      await adjustStock(deps, {
        adjustmentId: idFromKey('adj', params.locationId, adjustedBy, headers['idempotency-key'] ?? ''),
        locationId: params.locationId,
        productId: body.productId,
        quantity: body.quantity,
        reason: body.reason,
        adjustedBy,
      }),
    );
  },
);
