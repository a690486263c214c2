import * as z from 'zod/mini';
import { movementKinds } from '#domain/inventory/movement.ts';
import { StockLine } from './schemas.ts';
import { maxReplenishmentQuantity, replenishmentStatuses } from '#domain/inventory/replenishment.ts';
import {
  Cursor,
  Id,
  IsoDateTime,
  Limit,
  LocationId,
  pageOf,
  defineRoutes,
} from '#functions/shared/schemas.ts';

/** Schemas of the stock ledger, replenishment and adjustment routes (docs/inventory.md). */
export const Movement = z.object({
  locationId: LocationId,
  productId: Id,
  seq: z.int(),
  movementId: z.string(),
  kind: z.enum(movementKinds),
  quantity: z.int(),
  delta: z.object({ onHand: z.int(), reserved: z.int() }),
  onHand: z.int(),
  reserved: z.int(),
  available: z.int(),
  reference: z.string(),
  reason: z.optional(z.string()),
  /** `thresholds` movements: the thresholds before and after. */
  previousThresholds: z.optional(z.object({ low: z.int(), reorder: z.int(), over: z.int() })),
  thresholds: z.optional(z.object({ low: z.int(), reorder: z.int(), over: z.int() })),
  correlationId: z.string(),
  at: IsoDateTime,
});

export const MovementsParams = z.strictObject({ productId: Id });
export const MovementsQuery = z.strictObject({
  locationId: LocationId,
  limit: Limit,
  cursor: z.optional(Cursor),
  /** `desc` (default): newest first; `asc`: in the order they happened. */
  order: z.optional(z.enum(['asc', 'desc'])),
});

export const Replenishment = z.object({
  id: Id,
  replenishmentId: Id,
  storeId: LocationId,
  productId: Id,
  quantity: z.int(),
  status: z.enum(replenishmentStatuses),
  /** `rule`: raised by the store line's reorder rule (`raisedBy` says what it saw); `manual`: a person asked. */
  origin: z.optional(z.enum(['manual', 'rule'])),
  raisedBy: z.optional(
    z.object({
      ruleId: z.string(),
      reorderPoint: z.int(),
      orderUpTo: z.int(),
      multiple: z.int(),
      minimum: z.int(),
      projected: z.int(),
      trigger: z.string(),
    }),
  ),
  reason: z.optional(z.string()),
  /** What the store confirmed it received (from `receiving` on): a shortfall is a `discrepancy` movement. */
  receipt: z.optional(
    z.object({
      received: z.int(),
      difference: z.int(),
      reason: z.optional(z.string()),
      confirmedBy: z.string(),
      at: IsoDateTime,
    }),
  ),
  history: z.array(
    z.object({ status: z.enum(replenishmentStatuses), at: IsoDateTime, detail: z.optional(z.string()) }),
  ),
  requestedBy: z.string(),
  correlationId: z.string(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});

export const StoreParams = z.strictObject({ storeId: LocationId });
export const ReplenishmentParams = z.strictObject({ replenishmentId: Id });
export const ReplenishmentBody = z.strictObject({
  productId: Id,
  quantity: z.int().check(z.minimum(1), z.maximum(maxReplenishmentQuantity)),
});
/** The store's count of a transfer: units that arrived sellable; fewer than shipped needs a reason. */
export const ReplenishmentReceiptBody = z.strictObject({
  received: z.int().check(z.minimum(0), z.maximum(maxReplenishmentQuantity)),
  reason: z.optional(z.string().check(z.trim(), z.maxLength(200))),
});
export const PageQuery = z.strictObject({ limit: Limit, cursor: z.optional(Cursor) });

export const AdjustmentParams = z.strictObject({ locationId: LocationId });
export const AdjustmentBody = z.strictObject({
  productId: Id,
  quantity: z.int().check(
    z.minimum(-10_000),
    z.maximum(10_000),
    z.refine((n) => n !== 0, 'must not be 0'),
  ),
  reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
});
export const Adjustment = z.object({
  adjustmentId: z.string(),
  locationId: LocationId,
  productId: Id,
  quantity: z.int(),
  reason: z.string(),
  onHand: z.int(),
  reserved: z.int(),
  available: z.int(),
  adjustedBy: z.string(),
  at: IsoDateTime,
});

export const ThresholdsParams = z.strictObject({ locationId: LocationId, productId: Id });
const thresholdUnits = z.int().check(z.minimum(0), z.maximum(1_000_000));
/** Whole numbers, 0 ≤ low ≤ reorder ≤ over (domain/inventory/stock.ts `checkThresholds`). */
export const ThresholdsBody = z
  .strictObject({ low: thresholdUnits, reorder: thresholdUnits, over: thresholdUnits })
  .check(
    z.refine((t) => t.low <= t.reorder, { message: 'must be at least low', path: ['reorder'] }),
    z.refine((t) => t.reorder <= t.over, { message: 'must be at least reorder', path: ['over'] }),
  );

const ruleUnits = z.int().check(z.minimum(0), z.maximum(100_000));
/**
 * A reorder rule: below the line's `reorder` threshold, order up to `orderUpTo`, in multiples of
 * `multiple` (default 1), at least `minimum` (default 1); snoozed (nothing ordered) until
 * `snoozedUntil`. `{"rule": null}` removes it.
 */
export const ReorderRuleBody = z.strictObject({
  rule: z.nullable(
    z.strictObject({
      orderUpTo: ruleUnits,
      multiple: z.optional(z.int().check(z.minimum(1), z.maximum(100_000))),
      minimum: z.optional(ruleUnits),
      snoozedUntil: z.optional(IsoDateTime),
    }),
  ),
});

/** The movement, replenishment and adjustment routes' contracts (functions/shared/contract.ts). */
export const movementsApi = defineRoutes({
  'GET /stock/{productId}/movements': {
    params: MovementsParams,
    query: MovementsQuery,
    responses: { 200: z.object({ locationId: LocationId, productId: Id, ...pageOf(Movement).shape }) },
  },
  'POST /locations/{storeId}/replenishments': {
    params: StoreParams,
    body: ReplenishmentBody,
    /** 202: a new request, on its way; 200: the open request this one joined. */
    responses: { 200: Replenishment, 202: Replenishment },
    idempotency: { table: 'inventory', required: true },
    problems: [409, 422],
  },
  'GET /locations/{storeId}/replenishments': {
    params: StoreParams,
    query: PageQuery,
    responses: { 200: pageOf(Replenishment) },
  },
  'GET /replenishments/{replenishmentId}': {
    params: ReplenishmentParams,
    responses: { 200: Replenishment },
  },
  'POST /replenishments/{replenishmentId}/receipt': {
    params: ReplenishmentParams,
    body: ReplenishmentReceiptBody,
    responses: { 200: Replenishment },
    idempotency: { table: 'inventory', required: true },
    problems: [409, 422],
  },
  'POST /locations/{locationId}/adjustments': {
    params: AdjustmentParams,
    body: AdjustmentBody,
    responses: { 201: Adjustment },
    idempotency: { table: 'inventory', required: true },
    problems: [409, 422],
  },
  'PUT /locations/{locationId}/stock/{productId}/thresholds': {
    params: ThresholdsParams,
    body: ThresholdsBody,
    responses: { 200: StockLine },
  },
  'PUT /locations/{locationId}/stock/{productId}/reorder-rule': {
    params: ThresholdsParams,
    body: ReorderRuleBody,
    responses: { 200: StockLine },
  },
});
