import { httpHandler, json } from '#functions/shared/http.ts';
import { movementsApi } from './movement-schemas.ts';
import { replenishmentDeps } from './replenishment-deps.ts';
import { getReplenishment } from './replenishment-service.ts';

const deps = replenishmentDeps();

export const handler = httpHandler(
  movementsApi['GET /replenishments/{replenishmentId}'],
  async ({ params, caller }) => {
    const r = await getReplenishment(deps, params.replenishmentId, caller);
    return json(200, { replenishmentId: r.id, ...r });
  },
);
