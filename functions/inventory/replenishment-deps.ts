import { createHash } from 'node:crypto';
import { EventBridgePublisher } from '#functions/adapters/eventbridge-publisher.ts';
import { StockLedger } from './adapters/ledger.ts';
import { DynamoReplenishmentRepository } from './adapters/replenishment-repository.ts';
import { DynamoStockMover } from './adapters/stock-mover.ts';
import { DynamoStockRepository } from './adapters/stock-repository.ts';
import type { ReplenishmentDeps } from './replenishment-service.ts';

/** Wiring of the replenishment, adjustment and ledger use cases, made once per cold start. */
export const replenishmentDeps = (): ReplenishmentDeps & {
  ledger: StockLedger;
  stock: DynamoStockRepository;
} => {
  const events = new EventBridgePublisher();
  const ledger = new StockLedger(undefined, events);
  return {
    stock: new DynamoStockRepository(),
    replenishments: new DynamoReplenishmentRepository(),
    mover: new DynamoStockMover(undefined, ledger),
    events,
    ledger,
    now: () => new Date(),
  };
};

/**
 * A stable id for a write retried with the same Idempotency-Key by the same caller, so that a retry
 * whose first attempt died half-way finds what that attempt wrote (its claim, its stock marker).
 */
export const idFromKey = (prefix: string, ...parts: string[]): string =>
  `${prefix}-${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 24)}`;
