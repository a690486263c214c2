import { httpHandler, json } from '#functions/shared/http.ts';
import { DynamoReportingRepository } from './adapters/reporting-repository.ts';
import { alertsApi } from './alert-schemas.ts';
import { currentAlerts } from './alerts-query.ts';

const deps = { reporting: new DynamoReportingRepository() };

export const handler = httpHandler(alertsApi['GET /alerts'], async ({ query }) =>
  json(200, await currentAlerts(deps, query)),
);
