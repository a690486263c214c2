import { httpHandler, json } from '#functions/shared/http.ts';
import { reportingDeps } from './deps.ts';
import { salesReport } from './reporting-service.ts';
import { reportingApi } from './schemas.ts';

const deps = reportingDeps();

export const handler = httpHandler(reportingApi['GET /reports/sales'], async ({ query }) =>
  json(200, await salesReport(deps, query)),
);
