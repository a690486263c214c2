import { isSale, type Order } from '#domain/sales/order.ts';
import { receiptNumberOf } from '#domain/sales/receipt.ts';
import type { OrderRepository } from './adapters/order-repository.ts';
import type { ReceiptBook } from './adapters/receipt-book.ts';

export interface ReceiptDeps {
  readonly orders: OrderRepository;
  readonly receipts: ReceiptBook;
}

/**
 * Gives a confirmed sale made at a till its receipt number, exactly once and without gaps, under
 * retries and crashes at any point (no transactions: conditional single-item writes).
 *
 * The till's counter names the last number handed out and the order that claimed it. A sale (1) reads
 * its order again (already numbered → done); (2) reads the counter: claimed by this very order → that
 * number (a crash came after the claim); (3) otherwise it first finishes the counter's last claim —
 * writes that number on that order and its receipt item (idempotent: whoever claimed it may have died
 * before) — then (4) moves the counter to n + 1 claimed by itself, conditional on n (a concurrent sale
 * moved it → back to 2); (5) writes the number on its order (only if it has none) and the receipt
 * item. So the counter never moves past a number whose order does not carry it: no number is given
 * twice, none is skipped, and an order never gets two.
 */
export async function numberReceipt(deps: ReceiptDeps, order: Order): Promise<Order> {
  if (order.receiptNumber || !order.registerId || !isSale(order.status)) return order;
  const fresh = (await deps.orders.get(order.id)) ?? order;
  if (fresh.receiptNumber) return fresh;
  const { locationId: storeId, registerId } = order;
  for (let attempt = 0; attempt < 50; attempt++) {
    const seen = await deps.receipts.counter(storeId, registerId);
    const mine = { id: order.id, locationId: storeId, registerId };
    if (seen.orderId === order.id) return settle(deps, mine, seen.n);
    if (seen.orderId) await settle(deps, { id: seen.orderId, locationId: storeId, registerId }, seen.n);
    if (await deps.receipts.advance(storeId, registerId, seen, order.id))
      return settle(deps, mine, seen.n + 1);
  }
  throw new Error(`till ${storeId}/${registerId}: no receipt number after 50 tries`);
}

async function settle(
  deps: ReceiptDeps,
  order: Pick<Order, 'id' | 'locationId'> & { registerId: string },
  n: number,
): Promise<Order> {
  const receiptNumber = receiptNumberOf(order.locationId, order.registerId, n);
  await deps.receipts.record(receiptNumber, order.id, order.locationId, order.registerId);
  const written = await deps.orders.setReceipt(order.id, receiptNumber);
  if (!written) throw new Error(`order ${order.id} vanished`);
  return written;
}
