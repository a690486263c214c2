import { httpHandler, json } from '#functions/shared/http.ts';
import { reportingDeps } from './deps.ts';
import { listExports } from './reporting-service.ts';
import { ListExportsQuery } from './schemas.ts';

const deps = reportingDeps();

export const handler = httpHandler(
  { route: 'GET /reports/exports', query: ListExportsQuery },
  async ({ query }) => json(200, await listExports(deps, query.limit, query.cursor)),
);
