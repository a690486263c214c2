import { EventBridgePublisher } from '#functions/adapters/eventbridge-publisher.ts';
import type { EventPublisher } from '#functions/adapters/event-publisher.ts';
import { DynamoStockWriter, type StockWriter } from '../adapters/stock-writer.ts';

/** Wiring of the inventory saga steps, made once per cold start. */
export interface InventorySagaDeps {
  readonly stock: StockWriter;
  readonly events: EventPublisher;
  readonly now: () => string;
}

export const inventorySagaDeps = (): InventorySagaDeps => ({
  stock: new DynamoStockWriter(),
  events: new EventBridgePublisher(),
  now: () => new Date().toISOString(),
});
