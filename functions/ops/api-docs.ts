import { catalogApi } from '#functions/catalog/schemas.ts';
import { identityApi } from '#functions/identity/schemas.ts';
import { inventoryApi } from '#functions/inventory/schemas.ts';
import { movementsApi } from '#functions/inventory/movement-schemas.ts';
import { reportingApi } from '#functions/reporting/schemas.ts';
import { alertsApi } from '#functions/reporting/alert-schemas.ts';
import { salesApi } from '#functions/sales/schemas.ts';
import { fulfilmentApi } from '#functions/fulfilment/schemas.ts';
import type { RouteDoc } from '#functions/shared/schemas.ts';
import { eventsApi } from './event-schemas.ts';
import { opsApi } from './schemas.ts';

/** Schemas of every route, by route key, for the OpenAPI document (a test checks none is missing). */
export const apiDocs: Record<string, RouteDoc> = {
  ...opsApi,
  ...eventsApi,
  ...catalogApi,
  ...inventoryApi,
  ...movementsApi,
  ...identityApi,
  ...reportingApi,
  ...alertsApi,
  ...salesApi,
  ...fulfilmentApi,
};
