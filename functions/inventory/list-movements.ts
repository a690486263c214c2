import { httpHandler, json } from '#functions/shared/http.ts';
import { listMovements } from './ledger-service.ts';
import { MovementsParams, MovementsQuery } from './movement-schemas.ts';
import { replenishmentDeps } from './replenishment-deps.ts';

const deps = replenishmentDeps();

export const handler = httpHandler(
  { route: 'GET /stock/{productId}/movements', params: MovementsParams, query: MovementsQuery },
  async ({ params, query, caller }) => json(200, await listMovements(deps, params.productId, query, caller)),
);
