import { ConflictError, RuleViolation } from '#domain/shared/errors.ts';
import { m } from '../shared/message.ts';
import { commonMultiple, isSnoozed, projectedOf, reorderQuantity, type ReorderRule } from './reorder.ts';

/**
 * The warehouse buys from suppliers: a supplier lists the products it sells with their unit cost and
 * case size; a purchase order goes
 *
 *   suggested ──(head office approves)──▶ sent ──(a receipt)──▶ partially-received ──(…)──▶ received
 *       └──────────────────────────────────┴──────────────┴──▶ cancelled (what was not received is no longer expected)
 *
 * A suggested order is raised by the warehouse's needs (its reorder point, or stores' requests it
 * cannot serve), one open per (supplier, product). Receiving posts `receipt` movements at the
 * warehouse (through the ledger) and may be fewer units than ordered (the rest stays expected),
 * never more (an over-receipt is refused: receive what was ordered, adjust the rest). Pure.
 */
export interface SupplierProduct {
  readonly productId: string;
  /** What one unit costs the chain, in cents (CAD, before taxes). */
  readonly costCents: number;
  /** Units per case: the supplier sells whole cases. */
  readonly caseSize: number;
}

export interface Supplier {
  readonly supplierId: string;
  readonly name: string;
  /** Days from sending an order to its delivery. */
  readonly leadTimeDays: number;
  readonly products: readonly SupplierProduct[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function checkSupplier(s: Pick<Supplier, 'name' | 'leadTimeDays' | 'products'>): void {
  if (s.name.trim().length === 0) throw new RuleViolation('name', 'a supplier needs a name');
  if (!Number.isInteger(s.leadTimeDays) || s.leadTimeDays < 0 || s.leadTimeDays > 365)
    throw new RuleViolation('leadTimeDays', 'lead time must be a whole number of days from 0 to 365');
  const seen = new Set<string>();
  for (const p of s.products) {
    if (seen.has(p.productId)) throw new RuleViolation('products', m`${p.productId} is listed twice`);
    seen.add(p.productId);
  }
}

/** Each product's unit cost at its cheapest supplier: what a unit counted or lost is worth. */
export function unitCosts(suppliers: readonly Supplier[]): Map<string, number> {
  const costs = new Map<string, number>();
  for (const s of suppliers)
    for (const p of s.products) {
      const known = costs.get(p.productId);
      if (known === undefined || p.costCents < known) costs.set(p.productId, p.costCents);
    }
  return costs;
}

/** The supplier a product is bought from: the cheapest, then the quickest, then by id. */
export function supplierFor(
  productId: string,
  suppliers: readonly Supplier[],
): { supplier: Supplier; product: SupplierProduct } | undefined {
  const offers = suppliers
    .flatMap((supplier) =>
      supplier.products.filter((p) => p.productId === productId).map((product) => ({ supplier, product })),
    )
    .sort(
      (a, b) =>
        a.product.costCents - b.product.costCents ||
        a.supplier.leadTimeDays - b.supplier.leadTimeDays ||
        a.supplier.supplierId.localeCompare(b.supplier.supplierId),
    );
  return offers[0];
}

// ---- purchase orders

export type PurchaseOrderStatus = 'suggested' | 'sent' | 'partially-received' | 'received' | 'cancelled';
export const purchaseOrderStatuses: readonly PurchaseOrderStatus[] = [
  'suggested',
  'sent',
  'partially-received',
  'received',
  'cancelled',
];
/** Orders whose units are still expected: they count as on order in the warehouse's projected stock. */
export const isOnOrder = (s: PurchaseOrderStatus): boolean =>
  s === 'suggested' || s === 'sent' || s === 'partially-received';
export const canReceive = (s: PurchaseOrderStatus): boolean => s === 'sent' || s === 'partially-received';

export const maxOrderLineQuantity = 10_000;

export interface PurchaseOrderLine {
  readonly productId: string;
  readonly name: string;
  readonly quantity: number;
  readonly costCents: number;
  /** Units received so far (never more than `quantity`). */
  readonly received: number;
}

export interface PurchaseOrderEvent {
  readonly status: PurchaseOrderStatus;
  readonly at: string;
  readonly by: string;
  /** The receipt that moved it. */
  readonly receiptId?: string;
}

export interface ReceiptLine {
  readonly productId: string;
  readonly quantity: number;
}

export interface PurchaseReceipt {
  readonly receiptId: string;
  readonly lines: readonly ReceiptLine[];
  readonly receivedBy: string;
  readonly at: string;
  /** True once its receipt movements are in the warehouse's stock and ledger. */
  readonly posted: boolean;
}

/** What the warehouse saw when the order was suggested. */
export interface Suggestion {
  /** What made it look: a stock event of the warehouse, a store's request it could not serve. */
  readonly trigger: string;
  readonly available: number;
  readonly onOrder: number;
  readonly backordered: number;
  readonly projected: number;
  readonly reorderPoint: number;
  readonly orderUpTo: number;
}

export interface PurchaseOrder {
  readonly purchaseOrderId: string;
  readonly supplierId: string;
  readonly supplierName: string;
  readonly locationId: string;
  readonly status: PurchaseOrderStatus;
  readonly lines: readonly PurchaseOrderLine[];
  readonly totalCents: number;
  /** When the supplier's lead time says the units arrive (set when sent). */
  readonly expectedAt?: string;
  readonly receipts: readonly PurchaseReceipt[];
  readonly history: readonly PurchaseOrderEvent[];
  readonly suggestion?: Suggestion;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

const totalOf = (lines: readonly PurchaseOrderLine[]) =>
  lines.reduce((sum, l) => sum + l.quantity * l.costCents, 0);

export function newPurchaseOrder(input: {
  purchaseOrderId: string;
  supplier: Supplier;
  locationId: string;
  lines: readonly { productId: string; quantity: number }[];
  names: ReadonlyMap<string, string>;
  createdBy: string;
  now: string;
  suggestion?: Suggestion;
}): PurchaseOrder {
  if (input.lines.length === 0) throw new RuleViolation('lines', 'a purchase order needs at least one line');
  const seen = new Set<string>();
  const lines = input.lines.map((l, i): PurchaseOrderLine => {
    if (seen.has(l.productId))
      throw new RuleViolation(`lines.${i}.productId`, m`${l.productId} is listed twice`);
    seen.add(l.productId);
    const offer = input.supplier.products.find((p) => p.productId === l.productId);
    if (!offer)
      throw new RuleViolation(`lines.${i}.productId`, m`${input.supplier.name} does not sell ${l.productId}`);
    if (!Number.isInteger(l.quantity) || l.quantity < 1 || l.quantity > maxOrderLineQuantity)
      throw new RuleViolation(
        `lines.${i}.quantity`,
        m`quantity must be a whole number from 1 to ${maxOrderLineQuantity}`,
      );
    if (l.quantity % offer.caseSize !== 0)
      throw new RuleViolation(
        `lines.${i}.quantity`,
        m`${l.productId} comes in cases of ${offer.caseSize}: order a multiple of it`,
      );
    return {
      productId: l.productId,
      name: input.names.get(l.productId) ?? l.productId,
      quantity: l.quantity,
      costCents: offer.costCents,
      received: 0,
    };
  });
  return {
    purchaseOrderId: input.purchaseOrderId,
    supplierId: input.supplier.supplierId,
    supplierName: input.supplier.name,
    locationId: input.locationId,
    status: 'suggested',
    lines,
    totalCents: totalOf(lines),
    receipts: [],
    history: [{ status: 'suggested', at: input.now, by: input.createdBy }],
    ...(input.suggestion ? { suggestion: input.suggestion } : {}),
    createdBy: input.createdBy,
    createdAt: input.now,
    updatedAt: input.now,
  };
}

const notNow = (po: PurchaseOrder, action: string) =>
  new ConflictError(
    'purchase-order-status',
    m`purchase order ${po.purchaseOrderId} is ${po.status}: it cannot be ${action}`,
  );

export function sent(
  po: PurchaseOrder,
  input: { by: string; now: string; leadTimeDays: number },
): PurchaseOrder {
  if (po.status !== 'suggested') throw notNow(po, 'sent');
  return {
    ...po,
    status: 'sent',
    expectedAt: new Date(Date.parse(input.now) + input.leadTimeDays * 86_400_000).toISOString(),
    history: [...po.history, { status: 'sent', at: input.now, by: input.by }],
    updatedAt: input.now,
  };
}

export function cancelled(po: PurchaseOrder, input: { by: string; now: string }): PurchaseOrder {
  if (!isOnOrder(po.status)) throw notNow(po, 'cancelled');
  return {
    ...po,
    status: 'cancelled',
    history: [...po.history, { status: 'cancelled', at: input.now, by: input.by }],
    updatedAt: input.now,
  };
}

/**
 * The order after a receipt of `lines` (products of the order, whole non-negative quantities, at
 * least one unit, never more than what is still expected): `received` when every line has all its
 * quantity, else `partially-received`.
 */
export function withReceipt(
  po: PurchaseOrder,
  receipt: { receiptId: string; lines: readonly ReceiptLine[]; by: string; now: string },
): PurchaseOrder {
  if (!canReceive(po.status)) throw notNow(po, 'received');
  const counted = new Map<string, number>();
  receipt.lines.forEach((l, i) => {
    if (!po.lines.some((x) => x.productId === l.productId))
      throw new RuleViolation(
        `lines.${i}.productId`,
        m`${l.productId} is not on purchase order ${po.purchaseOrderId}`,
      );
    if (counted.has(l.productId))
      throw new RuleViolation(`lines.${i}.productId`, m`${l.productId} is listed twice`);
    if (!Number.isInteger(l.quantity) || l.quantity < 0 || l.quantity > maxOrderLineQuantity)
      throw new RuleViolation(
        `lines.${i}.quantity`,
        m`quantity must be a whole number from 0 to ${maxOrderLineQuantity}`,
      );
    const line = po.lines.find((x) => x.productId === l.productId)!;
    const expected = line.quantity - line.received;
    if (l.quantity > expected)
      throw new RuleViolation(
        `lines.${i}.quantity`,
        m`${l.quantity} received of ${l.productId}, but only ${expected} are still expected on this order`,
      );
    counted.set(l.productId, l.quantity);
  });
  const units = [...counted.values()].reduce((a, b) => a + b, 0);
  if (units === 0) throw new RuleViolation('lines', 'a receipt needs at least one unit');
  const lines = po.lines.map((l) => ({ ...l, received: l.received + (counted.get(l.productId) ?? 0) }));
  const status: PurchaseOrderStatus = lines.every((l) => l.received >= l.quantity)
    ? 'received'
    : 'partially-received';
  return {
    ...po,
    status,
    lines,
    receipts: [
      ...po.receipts,
      {
        receiptId: receipt.receiptId,
        lines: receipt.lines.filter((l) => l.quantity > 0),
        receivedBy: receipt.by,
        at: receipt.now,
        posted: false,
      },
    ],
    history: [...po.history, { status, at: receipt.now, by: receipt.by, receiptId: receipt.receiptId }],
    updatedAt: receipt.now,
  };
}

/** Units each product still expects from open orders (what is ordered and not received yet). */
export function onOrderOf(orders: readonly Pick<PurchaseOrder, 'status' | 'lines'>[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const po of orders)
    if (isOnOrder(po.status))
      for (const l of po.lines)
        out.set(l.productId, (out.get(l.productId) ?? 0) + Math.max(0, l.quantity - l.received));
  return out;
}

// ---- suggested purchase orders

export interface WarehouseLine {
  readonly productId: string;
  readonly name: string;
  readonly available: number;
  /** The warehouse's rule for the product (its own, or the default from its thresholds). */
  readonly rule: ReorderRule;
}

export interface SuggestedLine {
  readonly productId: string;
  readonly name: string;
  readonly quantity: number;
  readonly caseSize: number;
  readonly costCents: number;
  readonly available: number;
  readonly onOrder: number;
  /** Units stores wait for (automatic requests the warehouse could not serve yet). */
  readonly backordered: number;
  readonly projected: number;
  readonly reorderPoint: number;
  readonly orderUpTo: number;
}

export interface SuggestedOrder {
  readonly supplierId: string;
  readonly supplierName: string;
  readonly leadTimeDays: number;
  readonly lines: readonly SuggestedLine[];
  readonly totalCents: number;
}

export interface PurchaseSuggestions {
  readonly orders: readonly SuggestedOrder[];
  /** Below their point, but no supplier sells them, or no whole case fits under the target. */
  readonly unmet: readonly {
    productId: string;
    name: string;
    projected: number;
    reason: 'no-supplier' | 'case-too-large';
  }[];
}

/**
 * What the warehouse should buy: each product whose projected stock — available + on order −
 * backordered by stores — is below its rule's point, from its supplier, in whole cases, up to the
 * rule's target (the same `reorderQuantity` as the stores' rules: never above the target). A
 * suggested order counts as on order, so it cannot be bought twice.
 */
export function suggestPurchases(input: {
  readonly lines: readonly WarehouseLine[];
  readonly onOrder: ReadonlyMap<string, number>;
  readonly backordered: ReadonlyMap<string, number>;
  readonly suppliers: readonly Supplier[];
  readonly now: string;
}): PurchaseSuggestions {
  const bySupplier = new Map<string, { supplier: Supplier; lines: SuggestedLine[] }>();
  const unmet: PurchaseSuggestions['unmet'][number][] = [];
  for (const l of input.lines) {
    const onOrder = input.onOrder.get(l.productId) ?? 0;
    const backordered = input.backordered.get(l.productId) ?? 0;
    const projected = projectedOf(l.available, onOrder - backordered);
    if (projected >= l.rule.reorderPoint || isSnoozed(l.rule, input.now)) continue;
    const offer = supplierFor(l.productId, input.suppliers);
    if (!offer) {
      unmet.push({ productId: l.productId, name: l.name, projected, reason: 'no-supplier' });
      continue;
    }
    const rule = { ...l.rule, multiple: commonMultiple(l.rule.multiple, offer.product.caseSize) };
    const quantity = reorderQuantity(rule, projected, input.now);
    if (quantity === 0) {
      unmet.push({ productId: l.productId, name: l.name, projected, reason: 'case-too-large' });
      continue;
    }
    const group = bySupplier.get(offer.supplier.supplierId) ?? { supplier: offer.supplier, lines: [] };
    group.lines.push({
      productId: l.productId,
      name: l.name,
      quantity,
      caseSize: offer.product.caseSize,
      costCents: offer.product.costCents,
      available: l.available,
      onOrder,
      backordered,
      projected,
      reorderPoint: l.rule.reorderPoint,
      orderUpTo: l.rule.orderUpTo,
    });
    bySupplier.set(offer.supplier.supplierId, group);
  }
  const orders = [...bySupplier.values()]
    .map(({ supplier, lines }) => ({
      supplierId: supplier.supplierId,
      supplierName: supplier.name,
      leadTimeDays: supplier.leadTimeDays,
      lines: lines.sort((a, b) => a.name.localeCompare(b.name, 'fr-CA')),
      totalCents: lines.reduce((sum, x) => sum + x.quantity * x.costCents, 0),
    }))
    .sort((a, b) => a.supplierName.localeCompare(b.supplierName, 'fr-CA'));
  return { orders, unmet };
}
