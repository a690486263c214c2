import { catalogApi } from '#functions/catalog/schemas.ts';
import { identityApi } from '#functions/identity/schemas.ts';
import { inventoryApi } from '#functions/inventory/schemas.ts';
import { movementsApi } from '#functions/inventory/movement-schemas.ts';
import { purchasingApi } from '#functions/inventory/purchasing-schemas.ts';
import { reportingApi } from '#functions/reporting/schemas.ts';
import { alertsApi } from '#functions/reporting/alert-schemas.ts';
import { promoApi } from '#functions/sales/promo-schemas.ts';
import { salesApi } from '#functions/sales/schemas.ts';
import { fulfilmentApi } from '#functions/fulfilment/schemas.ts';
import type { RouteContract } from '#functions/shared/contract.ts';
import { eventsApi } from './event-schemas.ts';
import { opsApi } from './schemas.ts';

/**
 * Every route's contract, by route key: the OpenAPI document is generated from them and the
 * integration tests' client checks answers against them. tests/integration/openapi.test.ts fails when
 * one is missing, one names no route of the route table, or a handler is built from another.
 */
export const apiContracts: Readonly<Record<string, RouteContract>> = {
  ...opsApi,
  ...eventsApi,
  ...catalogApi,
  ...inventoryApi,
  ...movementsApi,
  ...purchasingApi,
  ...identityApi,
  ...reportingApi,
  ...alertsApi,
  ...salesApi,
  ...fulfilmentApi,
  ...promoApi,
};
