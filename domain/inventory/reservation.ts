/**
 * Reservation of stock for an order, line by line, without transactions.
 *
 * Per (order, product) a reservation line goes `held` → `committed` (the sale is confirmed: the
 * units leave on-hand stock) or `held` → `released` (the order failed: the units are available
 * again). A line may also be `released` before it was ever held (a release that overtook a slow
 * reserve): it then stays released, and a late reserve is refused and undone.
 *
 * Invariant kept by every stock write: 0 ≤ reserved ≤ onHand, so available = onHand − reserved ≥ 0.
 */
export type ReservationState = 'held' | 'released' | 'committed';

const allowed: Readonly<Record<ReservationState | 'none', readonly ReservationState[]>> = {
  none: ['held', 'released'],
  held: ['held', 'released', 'committed'],
  released: ['released'],
  committed: ['committed'],
};

/** Whether a line in state `from` (or none) may move to `to`; moving to the same state is a retry. */
export function canMove(from: ReservationState | undefined, to: ReservationState): boolean {
  return allowed[from ?? 'none'].includes(to);
}

/** States a line must be in (or absent) for a move to `to`: the condition of the conditional write. */
export function statesAllowing(to: ReservationState): readonly ReservationState[] {
  return (['held', 'released', 'committed'] as const).filter((s) => canMove(s, to));
}

export interface LineToReserve {
  readonly productId: string;
  readonly quantity: number;
}

/**
 * The most `reserved` may be before reserving `quantity` units out of `onHand`:
 * reserving is allowed while reserved ≤ onHand − quantity.
 */
export const maxReservedBefore = (onHand: number, quantity: number): number => onHand - quantity;
