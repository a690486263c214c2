import { httpHandler, json } from '#functions/shared/http.ts';
import { reportingDeps } from './deps.ts';
import { dashboard } from './reporting-service.ts';
import { reportingApi } from './schemas.ts';

const deps = reportingDeps();

export const handler = httpHandler(reportingApi['GET /dashboard'], async () =>
  json(200, await dashboard(deps)),
);
