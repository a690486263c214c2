import { RuleViolation } from '#domain/shared/errors.ts';
import type { Thresholds } from './stock.ts';

/**
 * Reorder rules (Odoo's "reordering rules", ERPNext's "reorder levels"): per (location, product), a
 * reorder point and an order-up-to level. When the location's projected stock — what it has
 * available plus what is already on its way to it (a replenishment request open for it, or the
 * purchase orders not yet received, for the warehouse) — is below the point, the rule orders enough to
 * bring it back up to the target, in whole multiples of `multiple` (a case), at least `minimum`.
 *
 * The two classic double-ordering bugs are excluded by construction:
 * - a rule applied twice (two triggers at once, a scheduler run during a run): a store's automatic
 *   request takes the one open-request claim of its (store, product) like any request, and a
 *   second trigger finds the claim taken — never a second open request;
 * - an order growing at each run: the quantity counts what is already on its way (projected
 *   stock), and is rounded DOWN to the multiple: never more than up to the target.
 *
 * Pure: the caller reads the levels and passes the time.
 */
export interface ReorderRule {
  /** Reorder when the projected stock is below this. */
  readonly reorderPoint: number;
  /** Order enough to bring the projected stock back up to (at most) this. */
  readonly orderUpTo: number;
  /** Order in whole multiples of this (a case of 12: 12, 24, …). */
  readonly multiple: number;
  /** Do not order fewer units than this. */
  readonly minimum: number;
  /** A manager snoozed the rule until then (ISO-8601): it orders nothing meanwhile. */
  readonly snoozedUntil?: string;
}

/**
 * What a manager sets on a stock line; the reorder point is the line's `reorder` threshold, so that
 * every crossing of the point is a status change announced by the ledger (StockLevelChanged) — the
 * event that makes the rule look — and changing it goes through the ledger like any threshold.
 */
export interface ReorderSettings {
  readonly orderUpTo: number;
  readonly multiple: number;
  readonly minimum: number;
  readonly snoozedUntil?: string;
}

/** Settings as stored on the stock item: who set them and when. */
export interface StoredReorderSettings extends ReorderSettings {
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** The rule in force on a stock line: its settings, below its `reorder` threshold. */
export const ruleOf = (t: Thresholds, s: ReorderSettings): ReorderRule => ({
  reorderPoint: t.reorder,
  orderUpTo: s.orderUpTo,
  multiple: s.multiple,
  minimum: s.minimum,
  ...(s.snoozedUntil !== undefined ? { snoozedUntil: s.snoozedUntil } : {}),
});

/** Largest quantity one automatic order may ask for. */
export const maxOrderQuantity = 1000;

/** The rule proposed for a stock line that has none: below the reorder threshold, up to the overstock one. */
export const defaultRuleOf = (t: Thresholds): ReorderRule => ({
  reorderPoint: t.reorder,
  orderUpTo: t.over,
  multiple: 1,
  minimum: 1,
});

/** The id naming a rule on the requests it raises: `<locationId>/<productId>`. */
export const ruleIdOf = (locationId: string, productId: string): string => `${locationId}/${productId}`;

/** Throws a RuleViolation naming the field when the rule cannot be used. */
export function checkRule(r: ReorderRule): void {
  const whole = (n: number) => Number.isInteger(n) && n >= 0 && n <= 100_000;
  if (!whole(r.reorderPoint))
    throw new RuleViolation('reorderPoint', 'the reorder point must be a whole number from 0 to 100000');
  if (!whole(r.orderUpTo))
    throw new RuleViolation('orderUpTo', 'the order-up-to level must be a whole number from 0 to 100000');
  if (!whole(r.multiple) || r.multiple < 1)
    throw new RuleViolation('multiple', 'the multiple must be a whole number from 1 to 100000');
  if (!whole(r.minimum))
    throw new RuleViolation('minimum', 'the minimum must be a whole number from 0 to 100000');
  // One step below the point there must be room for an order under the target.
  if (r.orderUpTo - r.reorderPoint + 1 < Math.max(r.multiple, r.minimum, 1))
    throw new RuleViolation(
      'orderUpTo',
      'the order-up-to level must leave room above the reorder point for one multiple and the minimum',
    );
}

export const isSnoozed = (r: ReorderRule, now: string): boolean =>
  r.snoozedUntil !== undefined && r.snoozedUntil > now;

/** Projected stock: available now, plus what is already on its way (requested, in transit, on order). */
export const projectedOf = (available: number, incoming: number): number => available + incoming;

/** The largest multiple of `multiple` not above `n` (0 when n < multiple). */
const floorTo = (n: number, multiple: number): number => Math.floor(Math.max(n, 0) / multiple) * multiple;

/**
 * Units the rule orders for this projected stock: none while snoozed or at or above the point;
 * otherwise the most whole multiples that keep projected + quantity ≤ orderUpTo (and ≤
 * `maxOrderQuantity`), or none when that is below the minimum. So projected + quantity never
 * exceeds the target.
 */
export function reorderQuantity(rule: ReorderRule, projected: number, now: string): number {
  if (isSnoozed(rule, now) || projected >= rule.reorderPoint) return 0;
  const q = floorTo(Math.min(rule.orderUpTo - projected, maxOrderQuantity), rule.multiple);
  return q >= Math.max(rule.minimum, 1) ? q : 0;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
/** The smallest quantity that is a whole number of both multiples (a rule's and a supplier's case). */
export const commonMultiple = (a: number, b: number): number => (a * b) / gcd(a, b);
