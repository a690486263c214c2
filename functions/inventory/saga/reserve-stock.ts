import { mergeLines } from '#domain/sales/order.ts';
import { SagaError, type ShortLine } from '#domain/sales/saga.ts';
import { StockReserved } from '#functions/events/stock-reserved.ts';
import { sagaTask, stepRecord } from '#functions/shared/saga-task.ts';
import { inventorySagaDeps } from './deps.ts';

/**
 * Saga step "reserve-stock": all lines or none. Each line is held by its own conditional write;
 * every line is tried so that the answer names each short line, then, if any was short, the lines
 * held are released again before failing with InsufficientStock (not retried). Idempotent per
 * (order, product): a retried step finds its holds and does not add them twice.
 */
const deps = inventorySagaDeps();

export const handler = sagaTask('reserve-stock', async ({ order, correlationId }) => {
  const lines = mergeLines(order.lines);
  const outcomes = await Promise.all(lines.map((l) => deps.stock.reserveLine(order.id, order.locationId, l)));
  const short: ShortLine[] = [];
  outcomes.forEach((o, i) => {
    if (!o.ok)
      short.push({ productId: lines[i]!.productId, requested: lines[i]!.quantity, available: o.available });
  });
  if (short.length > 0) {
    await Promise.all(lines.map((l) => deps.stock.releaseLine(order.id, order.locationId, l)));
    throw new SagaError(
      'InsufficientStock',
      `Not enough stock at ${order.locationId} for ${short.map((s) => `${s.productId} (${s.available} available, ${s.requested} requested)`).join(', ')}`,
      short,
    );
  }
  const at = deps.now();
  await deps.events.publish([
    StockReserved.make(
      { orderId: order.id, locationId: order.locationId, lines },
      { correlationId, occurredAt: at },
    ),
  ]);
  return { step: stepRecord('reserve-stock', 'completed', at) };
});
