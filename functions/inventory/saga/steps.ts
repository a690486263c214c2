import { SagaError } from '#domain/sales/saga.ts';
import type { EventPublisher } from '#functions/adapters/event-publisher.ts';
import { StockCommitted } from '#functions/events/stock-committed.ts';
import { StockReleased } from '#functions/events/stock-released.ts';
import { StockReserved } from '#functions/events/stock-reserved.ts';
import { stepRecord, type SagaState } from '#functions/shared/saga-task.ts';
import type { StockWriter } from '../adapters/stock-writer.ts';

/**
 * The inventory context's saga steps (hold, commit, release the order's units at its location), as
 * functions of their ports (tests/unit/sales/saga-crash.test.ts runs them with a crash at any call).
 * Each is idempotent per run: holds and tombstones on the stock items are keyed by the run's id. The
 * event each one publishes also tells the ledger recorder which stock items have movements to record.
 */
export interface InventorySagaDeps {
  readonly stock: StockWriter;
  readonly events: EventPublisher;
  readonly now: () => string;
}

/**
 * The order's stocked lines: products made to order (`stocked: false`) have no stock item, and the
 * stock writer is never asked about them — an order of drinks only holds, commits and releases nothing.
 */
const linesOf = (state: SagaState) =>
  state.order.lines
    .filter((l) => l.stocked !== false)
    .map((l) => ({ productId: l.productId, quantity: l.quantity }));

/**
 * All lines or none: a short line fails the step with InsufficientStock (not retried), naming each
 * short line — except in a sale made offline (`order.offline`), which happened: its short lines are
 * held anyway (an `offline-shortfall` movement; the stock goes below 0 and raises its out alert).
 */
export async function reserveStock(deps: InventorySagaDeps, state: SagaState) {
  const { order } = state;
  const lines = linesOf(state);
  if (lines.length === 0) return { step: stepRecord('reserve-stock', 'completed', deps.now(), state.actor) };
  const outcome = await deps.stock.reserve(order.runId, order.locationId, lines, order.leaseUntil, {
    allowShort: order.offline === true,
  });
  if (!outcome.ok && 'released' in outcome)
    throw new SagaError('ReservationReleased', `The order ${order.id} was already released`);
  if (!outcome.ok)
    throw new SagaError(
      'InsufficientStock',
      `Not enough stock at ${order.locationId} for ${outcome.short.map((s) => `${s.productId} (${s.available} available, ${s.requested} requested)`).join(', ')}`,
      outcome.short,
    );
  const at = deps.now();
  await deps.events.publish([
    StockReserved.make(
      { orderId: order.id, locationId: order.locationId, lines },
      { correlationId: state.correlationId, occurredAt: at },
    ),
  ]);
  return { step: stepRecord('reserve-stock', 'completed', at, state.actor) };
}

/**
 * The held units leave on-hand stock (onHand −= q, reserved −= q, per line, once). If a line's hold
 * was released instead (a compensation got there first), the sale cannot be finished:
 * ReservationReleased sends the order to refund and fail.
 */
export async function commitStock(deps: InventorySagaDeps, state: SagaState) {
  const { order } = state;
  const lines = linesOf(state);
  if (lines.length === 0) return { step: stepRecord('commit-stock', 'completed', deps.now(), state.actor) };
  if ((await deps.stock.commit(order.runId, order.locationId, lines)) === 'released')
    throw new SagaError(
      'ReservationReleased',
      `The stock of order ${order.id} was released before its commit`,
    );
  const at = deps.now();
  await deps.events.publish([
    StockCommitted.make(
      { orderId: order.id, locationId: order.locationId, lines },
      { correlationId: state.correlationId, occurredAt: at },
    ),
  ]);
  return { step: stepRecord('commit-stock', 'completed', at, state.actor) };
}

/**
 * Compensation of "reserve-stock": gives back every unit the run still holds, and blocks any hold of
 * that run still on its way. Leaves a `compensated` step only when units actually came back.
 */
export async function releaseStock(deps: InventorySagaDeps, state: SagaState) {
  const { order } = state;
  const lines = linesOf(state);
  if (lines.length === 0) return {};
  const released = await deps.stock.release(order.runId, order.locationId, lines);
  if (released.length === 0) return {};
  const at = deps.now();
  await deps.events.publish([
    StockReleased.make(
      { orderId: order.id, locationId: order.locationId, lines: released },
      { correlationId: state.correlationId, occurredAt: at },
    ),
  ]);
  return { step: stepRecord('reserve-stock', 'compensated', at, state.actor) };
}
