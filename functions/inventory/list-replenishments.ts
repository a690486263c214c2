import { httpHandler, json } from '#functions/shared/http.ts';
import { movementsApi } from './movement-schemas.ts';
import { replenishmentDeps } from './replenishment-deps.ts';
import { listReplenishments } from './replenishment-service.ts';

const deps = replenishmentDeps();

export const handler = httpHandler(
  movementsApi['GET /locations/{storeId}/replenishments'],
  async ({ params, query }) => {
    const page = await listReplenishments(deps, params.storeId, query);
    return json(200, { ...page, items: page.items.map((r) => ({ replenishmentId: r.id, ...r })) });
  },
);
