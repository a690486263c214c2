import { httpHandler, json } from '#functions/shared/http.ts';
import { listMovements } from './ledger-service.ts';
import { movementsApi } from './movement-schemas.ts';
import { replenishmentDeps } from './replenishment-deps.ts';

const deps = replenishmentDeps();

export const handler = httpHandler(
  movementsApi['GET /stock/{productId}/movements'],
  async ({ params, query, caller }) => json(200, await listMovements(deps, params.productId, query, caller)),
);
