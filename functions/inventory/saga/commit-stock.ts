import { mergeLines } from '#domain/sales/order.ts';
import { sagaTask, stepRecord } from '#functions/shared/saga-task.ts';
import { inventorySagaDeps } from './deps.ts';

/**
 * Saga step "commit-stock", after the order is confirmed: the held units leave on-hand stock
 * (onHand −= q, reserved −= q, per line, once). It cannot run short — the units were held — so it
 * is only retried, never compensated.
 */
const deps = inventorySagaDeps();

export const handler = sagaTask('commit-stock', async ({ order }) => {
  const lines = mergeLines(order.lines);
  await Promise.all(lines.map((l) => deps.stock.commitLine(order.id, order.locationId, l)));
  return { step: stepRecord('commit-stock', 'completed', deps.now()) };
});
