import { mergeLines } from '#domain/sales/order.ts';
import { StockReleased } from '#functions/events/stock-released.ts';
import { sagaTask, stepRecord } from '#functions/shared/saga-task.ts';
import { inventorySagaDeps } from './deps.ts';

/**
 * Compensation of "reserve-stock": gives back every unit the order still holds. Idempotent (a
 * line released or never held gives nothing back); leaves a `compensated` step only when units
 * actually came back.
 */
const deps = inventorySagaDeps();

export const handler = sagaTask('release-stock', async ({ order, correlationId }) => {
  const lines = mergeLines(order.lines);
  const given = await Promise.all(lines.map((l) => deps.stock.releaseLine(order.id, order.locationId, l)));
  const released = lines
    .map((l, i) => ({ productId: l.productId, quantity: given[i]! }))
    .filter((l) => l.quantity > 0);
  const at = deps.now();
  if (released.length === 0) return {};
  await deps.events.publish([
    StockReleased.make(
      { orderId: order.id, locationId: order.locationId, lines: released },
      { correlationId, occurredAt: at },
    ),
  ]);
  return { step: stepRecord('reserve-stock', 'compensated', at) };
});
