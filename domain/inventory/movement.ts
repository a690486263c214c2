import type { Thresholds } from './stock.ts';

/**
 * Stock movements: every change of a stock item (one product at one location) is one movement of
 * the ledger. A movement says what changed — `onHand` (units physically at the location) and/or
 * `reserved` (units held by orders in progress) — and the levels that resulted.
 *
 * | kind                | onHand | reserved | available (= onHand − reserved, the level of thresholds) |
 * | ------------------- | ------ | -------- | --------------------------------------------------------- |
 * | `reserve`           |        | + q      | − q  (an order holds units: the sale is under way)         |
 * | `release`           |        | − q      | + q  (the order failed: held units are for sale again)     |
 * | `sale`              | − q    | − q      | 0    (the order is confirmed: held units leave the shelf)  |
 * | `return`            | + q    |          | + q  (returned units back on the shelf)                   |
 * | `replenishment-out` | − q    |          | − q  (units leave the warehouse, in transit to a store)    |
 * | `replenishment-in`  | + q    |          | + q  (units received at the store)                        |
 * | `adjustment`        | ± q    |          | ± q  (a manager's correction or write-off, signed)        |
 * | `thresholds`        |        |          |      (a manager changed the thresholds; quantity 0)        |
 * | `receipt`           | + q    |          | + q  (units of a purchase order received at the warehouse) |
 * | `discrepancy`       | ± q    |          | ± q  (a transfer arrived short (−) or over (+) at a store) |
 * | `count`             | ± q    |          | ± q  (a stock count: counted − on hand, signed)           |
 * | `offline-shortfall` |        | + q      | − q  (an offline sale's line held beyond the stock: below 0) |
 *
 * So a sale lowers the level when its units are reserved, not when it is committed, and threshold
 * events fire at the moment stock stops being available to other buyers. A `thresholds` movement
 * moves no unit: it records the old and new thresholds, so that a status changed by new thresholds
 * (20 units, low raised from 15 to 30 → low) is announced through the ledger like any crossing.
 * A `discrepancy` is posted with the `replenishment-in` of the same transfer, in the same write: the
 * store takes in what the warehouse shipped, and the difference with what arrived goes out again.
 * An `offline-shortfall` is the hold of a line sold by a till while offline (docs/web.md) when the
 * stock did not have its units: the sale happened, so it is held anyway (its reason says how many
 * units were missing) and its `sale` then takes on-hand stock below 0 — the one movement that may
 * break 0 ≤ reserved ≤ onHand, until a count or a delivery brings the level back.
 */
export type MovementKind =
  | 'reserve'
  | 'release'
  | 'sale'
  | 'return'
  | 'replenishment-out'
  | 'replenishment-in'
  | 'adjustment'
  | 'thresholds'
  | 'receipt'
  | 'discrepancy'
  | 'count'
  | 'offline-shortfall';

export const movementKinds: readonly MovementKind[] = [
  'reserve',
  'release',
  'sale',
  'return',
  'replenishment-out',
  'replenishment-in',
  'adjustment',
  'thresholds',
  'receipt',
  'discrepancy',
  'count',
  'offline-shortfall',
];

/** Kinds whose quantity is signed (+ units found or arrived over, − units missing or lost). */
export const signedKinds: readonly MovementKind[] = ['adjustment', 'discrepancy', 'count'];

export interface Levels {
  readonly onHand: number;
  readonly reserved: number;
}

/** The change a movement makes to `onHand` and `reserved`. */
export type Delta = Levels;

/**
 * Delta of a movement of `quantity` units: positive for every kind except `adjustment`,
 * `discrepancy` and `count`, whose quantity is signed (+ found or arrived, − lost or missing).
 */
export function deltaOf(kind: MovementKind, quantity: number): Delta {
  switch (kind) {
    case 'reserve':
    case 'offline-shortfall':
      return { onHand: 0, reserved: quantity };
    case 'release':
      return { onHand: 0, reserved: -quantity };
    case 'sale':
      return { onHand: -quantity, reserved: -quantity };
    case 'return':
    case 'replenishment-in':
    case 'receipt':
    case 'adjustment':
    case 'discrepancy':
    case 'count':
      return { onHand: quantity, reserved: 0 };
    case 'replenishment-out':
      return { onHand: -quantity, reserved: 0 };
    case 'thresholds':
      return { onHand: 0, reserved: 0 };
  }
}

export const apply = (levels: Levels, delta: Delta): Levels => ({
  onHand: levels.onHand + delta.onHand,
  reserved: levels.reserved + delta.reserved,
});

export const availableOf = (levels: Levels): number => levels.onHand - levels.reserved;

/** The invariant every stock write keeps: 0 ≤ reserved ≤ onHand. */
export const isValidLevel = (levels: Levels): boolean =>
  levels.reserved >= 0 && levels.reserved <= levels.onHand;

/** One entry of the ledger of a (location, product). `seq` counts the item's movements from 1. */
export interface Movement {
  readonly locationId: string;
  readonly productId: string;
  readonly seq: number;
  /** Stable id of the change, unique per (location, product): `<kind>#<reference>`. */
  readonly movementId: string;
  readonly kind: MovementKind;
  /** Units moved (signed for adjustments, discrepancies and counts). */
  readonly quantity: number;
  readonly delta: Delta;
  /** Levels after this movement. */
  readonly onHand: number;
  readonly reserved: number;
  readonly available: number;
  /** The order, return, replenishment, adjustment, purchase-order receipt or count that caused it. */
  readonly reference: string;
  readonly reason?: string;
  /**
   * `count` and `discrepancy` movements: what the units are worth at cost (quantity × the
   * cheapest supplier's unit cost, signed like the quantity); absent when no supplier lists it.
   */
  readonly valueCents?: number;
  /** `thresholds` movements only: the thresholds before and after the change. */
  readonly previousThresholds?: Thresholds;
  readonly thresholds?: Thresholds;
  readonly correlationId: string;
  /** ISO-8601 UTC. */
  readonly at: string;
}

export const movementIdOf = (kind: MovementKind, reference: string): string => `${kind}#${reference}`;
