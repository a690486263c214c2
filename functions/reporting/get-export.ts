import { httpHandler, json } from '#functions/shared/http.ts';
import { reportingDeps } from './deps.ts';
import { exportDownload } from './reporting-service.ts';
import { reportingApi } from './schemas.ts';

const deps = reportingDeps();

/** The export's details and a short-lived presigned link to the file (JSON, not a redirect: see docs/reporting.md). */
export const handler = httpHandler(reportingApi['GET /reports/exports/{exportId}'], async ({ params }) =>
  json(200, await exportDownload(deps, params.exportId), { 'cache-control': 'no-store' }),
);
