import { httpHandler, json } from '#functions/shared/http.ts';
import { movementsApi } from './movement-schemas.ts';
import { replenishmentDeps } from './replenishment-deps.ts';
import { confirmReceipt } from './replenishment-service.ts';

const deps = replenishmentDeps();

/** The store confirms what arrived of a transfer in transit; a shortfall is posted as a discrepancy. */
export const handler = httpHandler(
  movementsApi['POST /replenishments/{replenishmentId}/receipt'],
  async ({ params, body, caller }) => {
    const r = await confirmReceipt(deps, params.replenishmentId, body, caller);
    return json(200, { replenishmentId: r.id, ...r });
  },
);
