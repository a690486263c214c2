import {
  cancelled,
  checkSupplier,
  isOnOrder,
  newPurchaseOrder,
  sent,
  suggestPurchases,
  withReceipt,
  type PurchaseOrder,
  type ReceiptLine,
  type Supplier,
} from '#domain/inventory/purchasing.ts';
import { defaultRuleOf, ruleOf } from '#domain/inventory/reorder.ts';
import { centralWarehouse } from '#domain/inventory/replenishment.ts';
import { available } from '#domain/inventory/stock.ts';
import { ConflictError, NotFoundError, RuleViolation } from '#domain/shared/errors.ts';
import { m } from '#domain/shared/message.ts';
import { log } from '#functions/shared/correlation.ts';
import { idFromKey } from '#functions/shared/idempotency.ts';
import type { PurchaseOrderPage, PurchasingRepository } from './adapters/purchasing-repository.ts';
import type { ReplenishmentRepository } from './adapters/replenishment-repository.ts';
import { marker, type StockMover } from './adapters/stock-mover.ts';
import type { StockRepository } from './adapters/stock-repository.ts';

/**
 * The warehouse buys from suppliers (domain/inventory/purchasing.ts). A purchase order is
 * **suggested** when the warehouse's projected stock — available, minus what stores' waiting
 * requests are owed — is below its reorder point (its own rule, or the default from its
 * thresholds): on a warehouse stock event, and each time a store's automatic request waits for the
 * warehouse. Exactly one open order per (supplier, product), whatever the redeliveries: the claim
 * `OPENPURCHASE#<supplier>#<product>` moves to a new generation only once the order it names is
 * closed, and the order's id derives from the generation. Head office sends it; the warehouse
 * receives it in one or more receipts, each line a `receipt` movement; once posted, the stores'
 * waiting requests are served.
 */
export interface PurchasingDeps {
  readonly purchasing: PurchasingRepository;
  readonly stock: Pick<StockRepository, 'stockLine'>;
  readonly replenishments: Pick<ReplenishmentRepository, 'waitingFor'>;
  readonly mover: Pick<StockMover, 'receivePurchase' | 'clearMarker'>;
  readonly now: () => Date;
  /** Serves the stores' requests waiting for a product (the replenishment fulfilment), once its units came. */
  readonly unblock?: (productId: string) => Promise<void>;
}

/** What suggesting an order reads and writes (no stock write: a consumer may suggest). */
export type SuggestDeps = Pick<PurchasingDeps, 'purchasing' | 'stock' | 'replenishments' | 'now'>;

/** Who suggested orders are created by. */
export const purchaseSuggester = 'reorder-rule';

/** A receipt left unposted for longer than this is posted by the recovery. */
export const unpostedAfterMs = 60_000;

const orderIdOf = (supplierId: string, productId: string, generation: number) =>
  idFromKey('po', `purchase:${supplierId}:${productId}`, String(generation));

/** The order the warehouse's needs call for now, with this id (undefined: nothing to buy). */
async function suggestionOf(
  deps: SuggestDeps,
  purchaseOrderId: string,
  productId: string,
  trigger: string,
): Promise<PurchaseOrder | undefined> {
  const [line, offer, waiting] = await Promise.all([
    deps.stock.stockLine(centralWarehouse, productId),
    deps.purchasing.offerOf(productId),
    deps.replenishments.waitingFor(productId),
  ]);
  if (!line || !offer) return undefined;
  const supplier = await deps.purchasing.getSupplier(offer.supplierId);
  if (!supplier) return undefined;
  const now = deps.now().toISOString();
  const rule = line.reorderRule ? ruleOf(line.thresholds, line.reorderRule) : defaultRuleOf(line.thresholds);
  const backordered = waiting.reduce((n, r) => n + r.quantity, 0);
  const { orders } = suggestPurchases({
    lines: [{ productId, name: line.name, available: available(line), rule }],
    // No other order of this product is open: the claim says so.
    onOrder: new Map(),
    backordered: new Map([[productId, backordered]]),
    suppliers: [{ ...supplier, products: [offer] }],
    now,
  });
  const suggested = orders[0]?.lines[0];
  if (!suggested) return undefined;
  return newPurchaseOrder({
    purchaseOrderId,
    supplier: { ...supplier, products: [offer] },
    locationId: centralWarehouse,
    lines: [{ productId, quantity: suggested.quantity }],
    names: new Map([[productId, line.name]]),
    createdBy: purchaseSuggester,
    now,
    suggestion: {
      trigger,
      available: suggested.available,
      onOrder: suggested.onOrder,
      backordered: suggested.backordered,
      projected: suggested.projected,
      reorderPoint: suggested.reorderPoint,
      orderUpTo: suggested.orderUpTo,
    },
  });
}

/**
 * Suggests a purchase order for a product the warehouse lacks, unless one is open for its supplier.
 * Returns the open order (new or existing), or undefined when nothing is needed or nobody sells it.
 */
export async function suggestPurchase(
  deps: SuggestDeps,
  productId: string,
  trigger: string,
): Promise<PurchaseOrder | undefined> {
  const offer = await deps.purchasing.offerOf(productId);
  if (!offer) {
    log.warn('no supplier sells this product: nothing suggested', { productId });
    return undefined;
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    const claim = await deps.purchasing.claimOf(offer.supplierId, productId);
    if (claim) {
      const po = await deps.purchasing.get(claim.purchaseOrderId);
      if (po && isOnOrder(po.status)) return po;
      if (!po) {
        // The claim was moved but its order never stored (its writer died): finish it, same id.
        const made = await suggestionOf(deps, claim.purchaseOrderId, productId, trigger);
        if (!made) return undefined;
        await deps.purchasing.create({ ...made, revision: 1 });
        return (await deps.purchasing.get(claim.purchaseOrderId)) ?? made;
      }
    }
    const generation = (claim?.generation ?? 0) + 1;
    const id = orderIdOf(offer.supplierId, productId, generation);
    const made = await suggestionOf(deps, id, productId, trigger);
    if (!made) return undefined;
    if (
      !(await deps.purchasing.claimNext(offer.supplierId, productId, claim?.generation ?? 0, {
        purchaseOrderId: id,
        generation,
      }))
    )
      continue; // another trigger moved it: look again
    await deps.purchasing.create({ ...made, revision: 1 });
    log.info('purchase order suggested', {
      purchaseOrderId: id,
      productId,
      quantity: made.lines[0]?.quantity,
    });
    return (await deps.purchasing.get(id)) ?? made;
  }
  throw new ConflictError('purchase-in-progress', 'Could not claim the purchase order; retry in a moment');
}

async function load(deps: Pick<PurchasingDeps, 'purchasing'>, id: string) {
  const po = await deps.purchasing.get(id);
  if (!po) throw new NotFoundError('Purchase order', id);
  return po;
}

const publicOf = ({ revision: _r, ...po }: PurchaseOrder & { revision?: number }): PurchaseOrder => po;

/** Applies `change` to the stored order under its revision, re-reading on contention. */
async function update(
  deps: Pick<PurchasingDeps, 'purchasing'>,
  id: string,
  change: (po: PurchaseOrder) => PurchaseOrder | undefined,
): Promise<PurchaseOrder & { revision: number }> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const po = await load(deps, id);
    const next = change(publicOf(po));
    if (!next) return po;
    if (await deps.purchasing.save(next, po.revision)) return { ...next, revision: po.revision + 1 };
  }
  throw new ConflictError('concurrent-update', m`purchase order ${id} is being changed; retry in a moment`);
}

/** Head office approves a suggested order and sends it to the supplier (sending it again changes nothing). */
export async function sendPurchaseOrder(
  deps: PurchasingDeps,
  id: string,
  by: string,
): Promise<PurchaseOrder> {
  const supplier = await deps.purchasing.getSupplier((await load(deps, id)).supplierId);
  const out = await update(deps, id, (po) => {
    if (po.status !== 'suggested' && po.history.some((h) => h.status === 'sent')) return undefined;
    return sent(po, { by, now: deps.now().toISOString(), leadTimeDays: supplier?.leadTimeDays ?? 0 });
  });
  return publicOf(out);
}

export async function cancelPurchaseOrder(
  deps: PurchasingDeps,
  id: string,
  by: string,
): Promise<PurchaseOrder> {
  return publicOf(
    await update(deps, id, (po) =>
      po.status === 'cancelled' ? undefined : cancelled(po, { by, now: deps.now().toISOString() }),
    ),
  );
}

/**
 * A receipt at the warehouse: stored on the order first (refused when the order is not sent, or
 * when a line is more than still expected), then each line posted as a `receipt` movement (marker
 * `rcpt#<receiptId>` on the stock item), then marked posted; a retry or the recovery resumes a
 * receipt stored but not posted. Then the stores' requests waiting for these products are served.
 */
export async function receivePurchaseOrder(
  deps: PurchasingDeps,
  input: { purchaseOrderId: string; receiptId: string; lines: readonly ReceiptLine[]; by: string },
): Promise<PurchaseOrder> {
  const po = await update(deps, input.purchaseOrderId, (current) =>
    current.receipts.some((r) => r.receiptId === input.receiptId)
      ? undefined
      : withReceipt(current, {
          receiptId: input.receiptId,
          lines: input.lines,
          by: input.by,
          now: deps.now().toISOString(),
        }),
  );
  return postReceipt(deps, po, input.receiptId);
}

async function postReceipt(
  deps: PurchasingDeps,
  po: PurchaseOrder,
  receiptId: string,
): Promise<PurchaseOrder> {
  const receipt = po.receipts.find((r) => r.receiptId === receiptId);
  if (!receipt) throw new Error(`receipt ${receiptId} not on ${po.purchaseOrderId}`);
  let posted = po;
  if (!receipt.posted) {
    for (const l of receipt.lines) await deps.mover.receivePurchase(receiptId, l.productId, l.quantity);
    posted = publicOf(
      await update(deps, po.purchaseOrderId, (current) =>
        current.receipts.find((r) => r.receiptId === receiptId)?.posted
          ? undefined
          : {
              ...current,
              receipts: current.receipts.map((r) => (r.receiptId === receiptId ? { ...r, posted: true } : r)),
            },
      ),
    );
  }
  // Again on a retry: the first attempt may have died after marking the receipt posted.
  for (const l of receipt.lines)
    await deps.mover.clearMarker(centralWarehouse, l.productId, marker.receipt(receiptId));
  for (const l of receipt.lines) await deps.unblock?.(l.productId);
  return posted;
}

/** The recovery's part: receipts stored on an order but not posted (their request died half-way). */
export async function recoverPurchases(deps: PurchasingDeps, limit = 20): Promise<number> {
  const before = new Date(deps.now().getTime() - unpostedAfterMs).toISOString();
  const orders = await deps.purchasing.unposted(before, limit);
  for (const po of orders)
    for (const r of po.receipts.filter((x) => !x.posted)) {
      log.warn('purchase receipt not posted, posted by the recovery', {
        purchaseOrderId: po.purchaseOrderId,
        receiptId: r.receiptId,
      });
      await postReceipt(deps, po, r.receiptId);
    }
  return orders.length;
}

export const getPurchaseOrder = async (deps: Pick<PurchasingDeps, 'purchasing'>, id: string) =>
  publicOf(await load(deps, id));

export async function listPurchaseOrders(
  deps: Pick<PurchasingDeps, 'purchasing'>,
  page: { limit: number; cursor?: string | undefined },
): Promise<PurchaseOrderPage> {
  const out = await deps.purchasing.list(page);
  if (!out) throw new RuleViolation('query.cursor', 'this cursor does not belong to this listing');
  return out;
}

// ---- suppliers

export const listSuppliers = (deps: Pick<PurchasingDeps, 'purchasing'>): Promise<Supplier[]> =>
  deps.purchasing.listSuppliers();

export async function putSupplier(
  deps: Pick<PurchasingDeps, 'purchasing' | 'now'>,
  input: { supplierId: string; name: string; leadTimeDays: number },
): Promise<Omit<Supplier, 'products'>> {
  checkSupplier({ ...input, products: [] });
  const now = deps.now().toISOString();
  const known = await deps.purchasing.getSupplier(input.supplierId);
  const s = { ...input, createdAt: known?.createdAt ?? now, updatedAt: now };
  await deps.purchasing.putSupplier(s);
  return s;
}

/** Which supplier sells a product, at what unit cost and case size (one supplier per product). */
export async function putSupplierProduct(
  deps: Pick<PurchasingDeps, 'purchasing' | 'stock'>,
  input: { supplierId: string; productId: string; costCents: number; caseSize: number },
) {
  if (!(await deps.purchasing.getSupplier(input.supplierId)))
    throw new NotFoundError('Supplier', input.supplierId);
  if (!(await deps.stock.stockLine(centralWarehouse, input.productId)))
    throw new RuleViolation('productId', m`${input.productId} is not stocked at the warehouse`);
  const offer = {
    supplierId: input.supplierId,
    productId: input.productId,
    costCents: input.costCents,
    caseSize: input.caseSize,
  };
  await deps.purchasing.putOffer(input.productId, offer);
  return offer;
}
