import { httpHandler, json } from '#functions/shared/http.ts';
import { salesDeps } from './deps.ts';
import { listOrders } from './sales-service.ts';
import { salesApi } from './schemas.ts';

const deps = salesDeps();

export const handler = httpHandler(salesApi['GET /orders'], async ({ query, caller }) =>
  json(200, await listOrders(deps, caller, query)),
);
