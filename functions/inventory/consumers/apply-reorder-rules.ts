import { ReplenishmentFulfilled } from '#functions/events/replenishment-fulfilled.ts';
import { ReplenishmentRejected } from '#functions/events/replenishment-rejected.ts';
import { StockLevelChanged } from '#functions/events/stock-level-changed.ts';
import { consumer, on } from '#functions/shared/consumer.ts';
import { centralWarehouse } from '#domain/inventory/replenishment.ts';
import { suggestPurchase } from '../purchasing-service.ts';
import { applyReorderRule, reorderDeps } from '../reorder-service.ts';
import { DynamoPurchasingRepository } from '../adapters/purchasing-repository.ts';
import { DynamoReplenishmentRepository } from '../adapters/replenishment-repository.ts';
import { DynamoStockRepository } from '../adapters/stock-repository.ts';

/**
 * Consumer of rule `inventory-reorder-rules`: a store's stock line with a reorder rule raises its
 * own replenishment request when its level falls below the point (a StockLevelChanged into
 * reorder, low or out), or is still below it when its request closes. The one open-request claim
 * keeps it to one open request per (store, product), however often the events come. The warehouse's
 * lines below their point suggest a purchase order instead (one open per supplier and product).
 */
const deps = reorderDeps();
const purchasing = {
  purchasing: new DynamoPurchasingRepository(),
  stock: new DynamoStockRepository(),
  replenishments: new DynamoReplenishmentRepository(),
  now: () => new Date(),
};
const below = new Set(['reorder', 'low', 'out']);

export const handler = consumer({ name: 'inventory/apply-reorder-rules', table: 'inventory' }, [
  on(StockLevelChanged, async (d) => {
    if (!below.has(d.status)) return;
    if (d.locationId === centralWarehouse)
      await suggestPurchase(purchasing, d.productId, `warehouse seq ${d.seq}`);
    else await applyReorderRule(deps, d.locationId, d.productId, `seq ${d.seq}`);
  }),
  on(ReplenishmentFulfilled, async (d) => {
    await applyReorderRule(deps, d.storeId, d.productId, `after ${d.replenishmentId}`);
  }),
  on(ReplenishmentRejected, async (d) => {
    await applyReorderRule(deps, d.storeId, d.productId, `after ${d.replenishmentId}`);
  }),
]);
