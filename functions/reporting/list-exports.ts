import { httpHandler, json } from '#functions/shared/http.ts';
import { reportingDeps } from './deps.ts';
import { listExports } from './reporting-service.ts';
import { reportingApi } from './schemas.ts';

const deps = reportingDeps();

export const handler = httpHandler(reportingApi['GET /reports/exports'], async ({ query }) =>
  json(200, await listExports(deps, query.limit, query.cursor)),
);
