import { EventBridgePublisher } from '#functions/adapters/eventbridge-publisher.ts';
import { DynamoStockWriter } from '../adapters/stock-writer.ts';
import type { InventorySagaDeps } from './steps.ts';

/** Wiring of the inventory saga steps, made once per cold start. */
export const inventorySagaDeps = (): InventorySagaDeps => ({
  stock: new DynamoStockWriter(),
  events: new EventBridgePublisher(),
  now: () => new Date().toISOString(),
});
