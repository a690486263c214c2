/**
 * Reservation of stock for an order, line by line, without transactions
 * (functions/inventory/adapters/stock-writer.ts, docs/inventory.md):
 *
 * Per (order attempt, product) a hold goes `held` → `committed` (the sale is paid: the units leave
 * on-hand stock) or `held` → `released` (the order failed: the units are available again). A line may
 * also be `released` before it was ever held (a release that overtook a slow reserve): it then stays
 * released, and a late reserve is refused. Committed and released are final: a tombstone on the stock
 * item says which, so a repeated or late reserve never holds again.
 *
 * Invariant kept by every stock write: 0 ≤ reserved ≤ onHand, so available = onHand − reserved ≥ 0.
 */
export interface LineToReserve {
  readonly productId: string;
  readonly quantity: number;
}

/**
 * The most `reserved` may be before reserving `quantity` units out of `onHand`:
 * reserving is allowed while reserved ≤ onHand − quantity.
 */
export const maxReservedBefore = (onHand: number, quantity: number): number => onHand - quantity;
