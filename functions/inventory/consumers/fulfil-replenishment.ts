import { ReplenishmentRequested } from '#functions/events/replenishment-requested.ts';
import { consumer, on } from '#functions/shared/consumer.ts';
import { replenishmentDeps } from '../replenishment-deps.ts';
import { fulfil } from '../replenishment-service.ts';

/**
 * Consumer of rule `inventory-fulfil-replenishments`: moves the units of a request from the warehouse
 * to the store, resuming from the request's status on a retry (replenishment-service.ts `fulfil`).
 */
const deps = replenishmentDeps();

export const handler = consumer({ name: 'inventory/fulfil-replenishment', table: 'inventory' }, [
  on(ReplenishmentRequested, async (d) => {
    await fulfil(deps, d.replenishmentId);
  }),
]);
