import { httpHandler, json } from '#functions/shared/http.ts';
import { shrinkageReport } from './count-service.ts';
import { purchasingApi } from './purchasing-schemas.ts';
import { replenishmentDeps } from './replenishment-deps.ts';

const deps = replenishmentDeps().countDeps;

/** Head office's shrinkage report: counts' variances and transfers' discrepancies, per location and product. */
export const handler = httpHandler(purchasingApi['GET /shrinkage'], async ({ query }) =>
  json(200, await shrinkageReport(deps, query)),
);
