import { reorderQuantity, ruleIdOf, ruleOf, type ReorderSettings } from '#domain/inventory/reorder.ts';
import type { RaisedBy, Replenishment } from '#domain/inventory/replenishment.ts';
import { available, type StockLevel } from '#domain/inventory/stock.ts';
import { ConflictError, NotFoundError, RuleViolation } from '#domain/shared/errors.ts';
import { m } from '#domain/shared/message.ts';
import { idFromKey } from '#functions/shared/idempotency.ts';
import { log } from '#functions/shared/correlation.ts';
import { checkRule } from '#domain/inventory/reorder.ts';
import { viewOf, type StockLineView } from './inventory-service.ts';
import { DynamoStockRepository, type StockRepository } from './adapters/stock-repository.ts';
import { DynamoReplenishmentRepository } from './adapters/replenishment-repository.ts';
import { EventBridgePublisher } from '#functions/adapters/eventbridge-publisher.ts';
import { raise, type RaiseDeps } from './replenishment-service.ts';

/**
 * Reorder rules (domain/inventory/reorder.ts): a store's stock line with a rule raises its own
 * replenishment request when its available level falls below the `reorder` threshold. Looked at
 * when the ledger announces a crossing (StockLevelChanged), when a request of the line closes (the
 * units arrived, or a person's request was refused) and when a manager sets the rule.
 */
export type ReorderDeps = RaiseDeps & {
  readonly stock: Pick<StockRepository, 'getLocation' | 'stockLine' | 'setReorderRule'>;
};

/** The wiring of the rule's handlers, made once per cold start: no stock write, no ledger. */
export const reorderDeps = (): ReorderDeps => ({
  stock: new DynamoStockRepository(),
  replenishments: new DynamoReplenishmentRepository(),
  events: new EventBridgePublisher(),
  now: () => new Date(),
});

/** Who an automatic request is requested by. */
export const reorderRequester = 'reorder-rule';

/** What the rule orders for this stock line now (undefined: nothing). */
function orderOf(
  line: StockLevel,
  trigger: string,
  now: string,
): { quantity: number; raisedBy: RaisedBy } | undefined {
  if (!line.reorderRule) return undefined;
  const rule = ruleOf(line.thresholds, line.reorderRule);
  // Projected = available: what is on its way would be an open request, and the claim is ours.
  const projected = available(line);
  const quantity = reorderQuantity(rule, projected, now);
  if (quantity === 0) return undefined;
  return {
    quantity,
    raisedBy: {
      ruleId: ruleIdOf(line.locationId, line.productId),
      reorderPoint: rule.reorderPoint,
      orderUpTo: rule.orderUpTo,
      multiple: rule.multiple,
      minimum: rule.minimum,
      projected,
      trigger,
    },
  };
}

/**
 * Applies the rule of (store, product), if any: raises one request when the level is below the
 * point and no request is open for the line (the one open-request claim), for at most up to the
 * target. `trigger` names what made it look (`seq <n>`, `after <request id>`, `rule set at <time>`):
 * the request's id derives from it, so a redelivered event lands on the same request.
 */
export async function applyReorderRule(
  deps: ReorderDeps,
  storeId: string,
  productId: string,
  trigger: string,
): Promise<Replenishment | undefined> {
  const line = await deps.stock.stockLine(storeId, productId);
  if (!line?.reorderRule) return undefined;
  const first = orderOf(line, trigger, deps.now().toISOString());
  if (!first) return undefined;
  const location = await deps.stock.getLocation(storeId);
  if (location?.kind !== 'store') return undefined;
  const out = await raise(
    deps,
    {
      id: idFromKey('rpl', `reorder:${storeId}:${productId}`, trigger),
      storeId,
      productId,
      quantity: first.quantity,
      requestedBy: reorderRequester,
      raisedBy: first.raisedBy,
    },
    async () => {
      const fresh = await deps.stock.stockLine(storeId, productId);
      return fresh ? orderOf(fresh, trigger, deps.now().toISOString()) : undefined;
    },
  ).catch((e: unknown) => {
    // Another trigger holds the claim and is raising the request right now: nothing more to do.
    if (e instanceof ConflictError && e.code === 'replenishment-in-progress') return undefined;
    throw e;
  });
  if (out?.created)
    log.info('reorder rule raised a request', {
      replenishmentId: out.replenishment.id,
      storeId,
      productId,
      quantity: out.replenishment.quantity,
    });
  return out?.replenishment;
}

/**
 * A manager sets (or, with `null`, removes) the reorder rule of a store's stock line; the rule is
 * applied at once (a line already below its point gets its request now).
 */
export async function setReorderRule(
  deps: ReorderDeps,
  input: {
    locationId: string;
    productId: string;
    settings: ReorderSettings | null;
    setBy: string;
  },
): Promise<StockLineView> {
  const location = await deps.stock.getLocation(input.locationId);
  if (!location) throw new NotFoundError('Location', input.locationId);
  if (location.kind !== 'store')
    throw new RuleViolation('locationId', m`${input.locationId} is not a store: only stores are replenished`);
  const line = await deps.stock.stockLine(input.locationId, input.productId);
  if (!line) throw new NotFoundError('Stock line', m`${input.productId} at ${input.locationId}`);
  const at = deps.now().toISOString();
  if (input.settings) checkRule(ruleOf(line.thresholds, input.settings));
  const stored = await deps.stock.setReorderRule(
    input.locationId,
    input.productId,
    input.settings ? { ...input.settings, updatedAt: at, updatedBy: input.setBy } : undefined,
  );
  if (!stored) throw new NotFoundError('Stock line', m`${input.productId} at ${input.locationId}`);
  if (input.settings) await applyReorderRule(deps, input.locationId, input.productId, `rule set at ${at}`);
  return viewOf(stored);
}
