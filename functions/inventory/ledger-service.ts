import type { Movement } from '#domain/inventory/movement.ts';
import { checkThresholds, type Thresholds } from '#domain/inventory/stock.ts';
import { ConflictError, NotFoundError, RuleViolation } from '#domain/shared/errors.ts';
import type { MovementPage } from './adapters/ledger.ts';
import type { AdjustmentRecord, StockMover } from './adapters/stock-mover.ts';
import type { StockRepository } from './adapters/stock-repository.ts';
import type { ThresholdsWriter } from './adapters/thresholds-writer.ts';
import { viewOf, type StockLineView } from './inventory-service.ts';
import { m } from '#domain/shared/message.ts';
import { assertStore } from '#functions/shared/access.ts';
import type { Caller } from '#functions/shared/http.ts';

/** The stock movement ledger as staff read it, and managers' adjustments (which write to it). */
export interface LedgerDeps {
  readonly stock: Pick<StockRepository, 'stockLine'>;
  readonly ledger: {
    list(
      locationId: string,
      productId: string,
      page: { limit: number; cursor?: string | undefined; order?: 'asc' | 'desc' | undefined },
    ): Promise<MovementPage | undefined>;
  };
}

/**
 * The ledger of a (location, product). A cashier reads their own store's only — not even the
 * warehouse's, whose movements name other stores' replenishments and the web orders.
 */
export async function listMovements(
  deps: LedgerDeps,
  productId: string,
  query: {
    locationId: string;
    limit: number;
    cursor?: string | undefined;
    order?: 'asc' | 'desc' | undefined;
  },
  caller: Caller | undefined,
): Promise<{ locationId: string; productId: string; items: Movement[]; nextCursor?: string }> {
  assertStore(caller, query.locationId);
  if (!(await deps.stock.stockLine(query.locationId, productId)))
    throw new NotFoundError('Stock line', m`${productId} at ${query.locationId}`);
  const page = await deps.ledger.list(query.locationId, productId, query);
  if (!page) throw new RuleViolation('query.cursor', 'this cursor does not belong to this listing');
  return { locationId: query.locationId, productId, ...page };
}

export interface AdjustmentInput {
  readonly adjustmentId: string;
  readonly locationId: string;
  readonly productId: string;
  /** Signed units: + found or received outside a replenishment, − lost, broken or written off. */
  readonly quantity: number;
  readonly reason: string;
  readonly adjustedBy: string;
}

export async function adjustStock(
  deps: { stock: Pick<StockRepository, 'stockLine'>; mover: StockMover; now: () => Date },
  input: AdjustmentInput,
): Promise<AdjustmentRecord> {
  if (!(await deps.stock.stockLine(input.locationId, input.productId)))
    throw new NotFoundError('Stock line', m`${input.productId} at ${input.locationId}`);
  const out = await deps.mover.adjust({ ...input, at: deps.now().toISOString() });
  if ('short' in out)
    throw new ConflictError(
      'insufficient-stock',
      m`Only ${out.available} ${input.productId} available at ${input.locationId} (the rest is reserved): cannot remove ${-input.quantity}`,
      { available: out.available },
    );
  return out;
}

/**
 * Sets the thresholds of a (location, product) — a manager's PUT, idempotent: the same thresholds
 * again change nothing. Recorded in the ledger as a `thresholds` movement, whose crossing (same
 * level, old → new thresholds) publishes the events a changed status calls for.
 */
export async function setThresholds(
  deps: { thresholds: ThresholdsWriter },
  input: { locationId: string; productId: string; thresholds: Thresholds; setBy: string },
): Promise<StockLineView> {
  const problem = checkThresholds(input.thresholds);
  if (problem) throw new RuleViolation('thresholds', problem);
  const level = await deps.thresholds.set(input.locationId, input.productId, input.thresholds, input.setBy);
  if (!level) throw new NotFoundError('Stock line', m`${input.productId} at ${input.locationId}`);
  return viewOf(level);
}
