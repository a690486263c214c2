import { httpHandler, json } from '#functions/shared/http.ts';
import { reportingDeps } from './deps.ts';
import { dashboard } from './reporting-service.ts';

const deps = reportingDeps();

export const handler = httpHandler({ route: 'GET /dashboard' }, async () => json(200, await dashboard(deps)));
