import type { PurchasingDeps } from './purchasing-service.ts';
import { fulfil, type ReplenishmentDeps } from './replenishment-service.ts';

/**
 * The purchasing wiring of a handler that receives purchases (the receipt route, the recovery): once
 * a receipt is posted, the stores' requests waiting for its products are served at once by the
 * fulfilment (which publishes ReplenishmentFulfilled / Rejected).
 */
export const withUnblock = (
  deps: ReplenishmentDeps & { readonly purchasingDeps: PurchasingDeps },
): PurchasingDeps => ({
  ...deps.purchasingDeps,
  unblock: async (productId) => {
    for (const r of await deps.replenishments.waitingFor(productId)) await fulfil(deps, r.id);
  },
});
