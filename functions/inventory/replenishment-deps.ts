import { createHash } from 'node:crypto';
import type { Replenishment } from '#domain/inventory/replenishment.ts';
import { EventBridgePublisher } from '#functions/adapters/eventbridge-publisher.ts';
import { StockLedger } from './adapters/ledger.ts';
import { DynamoReplenishmentRepository } from './adapters/replenishment-repository.ts';
import { DynamoStockMover } from './adapters/stock-mover.ts';
import { DynamoStockRepository } from './adapters/stock-repository.ts';
import { DynamoCountRepository } from './adapters/count-repository.ts';
import { DynamoPurchasingRepository } from './adapters/purchasing-repository.ts';
import type { CountDeps } from './count-service.ts';
import { suggestPurchase, type PurchasingDeps } from './purchasing-service.ts';
import type { ReplenishmentDeps } from './replenishment-service.ts';

/**
 * Wiring of the replenishment, purchasing, count, adjustment and ledger use cases, made once per
 * cold start: a request that waits for the warehouse suggests a purchase. (A purchase received
 * serves the requests waiting for it: `withUnblock`, purchasing-deps.ts, for the handlers that
 * receive — kept out of here so that the others cannot reach the fulfilment's events.)
 */
export const replenishmentDeps = (): ReplenishmentDeps & {
  ledger: StockLedger;
  stock: DynamoStockRepository;
  mover: DynamoStockMover;
  replenishments: DynamoReplenishmentRepository;
  purchasingDeps: PurchasingDeps;
  countDeps: CountDeps;
} => {
  const events = new EventBridgePublisher();
  const ledger = new StockLedger(undefined, events);
  const stock = new DynamoStockRepository();
  const replenishments = new DynamoReplenishmentRepository();
  const mover = new DynamoStockMover(undefined, ledger);
  const purchasing = new DynamoPurchasingRepository();
  const counts = new DynamoCountRepository();
  const now = () => new Date();
  const purchasingDeps: PurchasingDeps = {
    purchasing,
    stock,
    replenishments,
    mover,
    now,
  };
  const deps = {
    stock,
    replenishments,
    mover,
    events,
    ledger,
    now,
    shrinkage: {
      put: (e: Parameters<DynamoCountRepository['putShrinkage']>[0]) => counts.putShrinkage(e),
      unitCost: async (productId: string) => (await purchasing.offerOf(productId))?.costCents,
    },
    onWaiting: async (r: Replenishment) => {
      await suggestPurchase(purchasingDeps, r.productId, `waiting ${r.id}`);
    },
    purchasingDeps,
    countDeps: { counts, stock, purchasing, mover, now },
  };
  return deps;
};

/**
 * A stable id for a write retried with the same Idempotency-Key by the same caller, so that a retry
 * whose first attempt died half-way finds what that attempt wrote (its claim, its stock marker).
 */
export const idFromKey = (prefix: string, ...parts: string[]): string =>
  `${prefix}-${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 24)}`;
