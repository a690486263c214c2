import { httpHandler, json } from '#functions/shared/http.ts';
import { salesDeps } from './deps.ts';
import { listOrders } from './sales-service.ts';
import { ListOrdersQuery } from './schemas.ts';

const deps = salesDeps();

export const handler = httpHandler(
  { route: 'GET /orders', query: ListOrdersQuery },
  async ({ query, caller }) => json(200, await listOrders(deps, caller, query)),
);
