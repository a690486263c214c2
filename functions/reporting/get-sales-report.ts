import { httpHandler, json } from '#functions/shared/http.ts';
import { reportingDeps } from './deps.ts';
import { salesReport } from './reporting-service.ts';
import { SalesReportQuery } from './schemas.ts';

const deps = reportingDeps();

export const handler = httpHandler(
  { route: 'GET /reports/sales', query: SalesReportQuery },
  async ({ query }) => json(200, await salesReport(deps, query)),
);
