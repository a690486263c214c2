import * as z from 'zod/mini';
import { countStatuses, maxCountedUnits } from '#domain/inventory/count.ts';
import { maxOrderLineQuantity, purchaseOrderStatuses } from '#domain/inventory/purchasing.ts';
import { isDay, maxReportDays, daysInPeriod } from '#domain/reporting/days.ts';
import { m } from '#domain/shared/message.ts';
import {
  Cents,
  Cursor,
  Id,
  IsoDateTime,
  Limit,
  LocationId,
  defineRoutes,
  pageOf,
} from '#functions/shared/schemas.ts';

/** Schemas of the supplier, purchase-order, count and shrinkage routes (docs/stock.md). */
export const SupplierParams = z.strictObject({ supplierId: Id });
export const SupplierProductParams = z.strictObject({ supplierId: Id, productId: Id });
export const SupplierBody = z.strictObject({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)),
  leadTimeDays: z.int().check(z.minimum(0), z.maximum(365)),
});
export const SupplierProductBody = z.strictObject({
  costCents: z.int().check(z.minimum(0), z.maximum(10_000_000)),
  caseSize: z.int().check(z.minimum(1), z.maximum(1000)),
});
export const SupplierProduct = z.object({ productId: Id, costCents: Cents, caseSize: z.int() });
export const SupplierOffer = z.extend(SupplierProduct, { supplierId: Id });
export const SupplierInfo = z.object({
  supplierId: Id,
  name: z.string(),
  leadTimeDays: z.int(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export const Supplier = z.extend(SupplierInfo, { products: z.array(SupplierProduct) });

const poStatus = z.enum(purchaseOrderStatuses);
export const PurchaseOrder = z.object({
  purchaseOrderId: Id,
  supplierId: Id,
  supplierName: z.string(),
  locationId: LocationId,
  status: poStatus,
  lines: z.array(
    z.object({ productId: Id, name: z.string(), quantity: z.int(), costCents: Cents, received: z.int() }),
  ),
  totalCents: Cents,
  expectedAt: z.optional(IsoDateTime),
  receipts: z.array(
    z.object({
      receiptId: z.string(),
      lines: z.array(z.object({ productId: Id, quantity: z.int() })),
      receivedBy: z.string(),
      at: IsoDateTime,
      posted: z.boolean(),
    }),
  ),
  history: z.array(
    z.object({ status: poStatus, at: IsoDateTime, by: z.string(), receiptId: z.optional(z.string()) }),
  ),
  /** What the warehouse saw when it suggested the order. */
  suggestion: z.optional(
    z.object({
      trigger: z.string(),
      available: z.int(),
      onOrder: z.int(),
      backordered: z.int(),
      projected: z.int(),
      reorderPoint: z.int(),
      orderUpTo: z.int(),
    }),
  ),
  createdBy: z.string(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export const PurchaseOrderParams = z.strictObject({ purchaseOrderId: Id });
export const PurchaseOrderQuery = z.strictObject({ limit: Limit, cursor: z.optional(Cursor) });
export const ReceiptBody = z.strictObject({
  lines: z
    .array(
      z.strictObject({
        productId: Id,
        quantity: z.int().check(z.minimum(0), z.maximum(maxOrderLineQuantity)),
      }),
    )
    .check(z.minLength(1), z.maxLength(200)),
});

export const CountParams = z.strictObject({ locationId: LocationId });
export const CountBody = z.strictObject({
  lines: z
    .array(
      z.strictObject({ productId: Id, counted: z.int().check(z.minimum(0), z.maximum(maxCountedUnits)) }),
    )
    .check(z.minLength(1), z.maxLength(500)),
});
export const Count = z.object({
  countId: z.string(),
  locationId: LocationId,
  category: z.optional(z.string()),
  status: z.enum(countStatuses),
  lines: z.array(
    z.object({
      productId: Id,
      name: z.string(),
      counted: z.optional(z.int()),
      onHandBefore: z.optional(z.int()),
      variance: z.optional(z.int()),
      valueCents: z.optional(Cents),
    }),
  ),
  createdBy: z.string(),
  createdAt: IsoDateTime,
  postedBy: z.optional(z.string()),
  postedAt: z.optional(IsoDateTime),
  updatedAt: IsoDateTime,
});

/** Its French text is found by the template (see fromZodError). */
const tooLong = m`a report covers at most ${maxReportDays} days`;
const Day = z.string().check(z.refine(isDay, 'must be a calendar day written yyyy-mm-dd'));
export const ShrinkageQuery = z
  .strictObject({ from: Day, to: Day, locationId: z.optional(LocationId) })
  .check(
    z.refine((p) => !isDay(p.from) || !isDay(p.to) || p.from <= p.to, {
      message: 'must be the same day as from or later',
      path: ['to'],
    }),
    z.refine(
      (p) => !isDay(p.from) || !isDay(p.to) || p.from > p.to || daysInPeriod(p.from, p.to) <= maxReportDays,
      { message: tooLong.text, path: ['to'], params: { said: tooLong } },
    ),
  );
const units = {
  lostUnits: z.int(),
  foundUnits: z.int(),
  units: z.int(),
  valueCents: Cents,
};
export const Shrinkage = z.object({
  from: z.string(),
  to: z.string(),
  locations: z.array(
    z.object({
      locationId: LocationId,
      counts: z.int(),
      discrepancies: z.int(),
      ...units,
      products: z.array(z.object({ productId: Id, name: z.string(), ...units, unvalued: z.int() })),
    }),
  ),
});

export const purchasingApi = defineRoutes({
  'GET /suppliers': { responses: { 200: z.object({ items: z.array(Supplier) }) } },
  'PUT /suppliers/{supplierId}': {
    params: SupplierParams,
    body: SupplierBody,
    responses: { 200: SupplierInfo },
    problems: [422],
  },
  'PUT /suppliers/{supplierId}/products/{productId}': {
    params: SupplierProductParams,
    body: SupplierProductBody,
    responses: { 200: SupplierOffer },
    problems: [422],
  },
  'GET /purchase-orders': { query: PurchaseOrderQuery, responses: { 200: pageOf(PurchaseOrder) } },
  'GET /purchase-orders/{purchaseOrderId}': {
    params: PurchaseOrderParams,
    responses: { 200: PurchaseOrder },
  },
  'POST /purchase-orders/{purchaseOrderId}/send': {
    params: PurchaseOrderParams,
    responses: { 200: PurchaseOrder },
    idempotency: { table: 'inventory', required: true },
    problems: [409],
  },
  'POST /purchase-orders/{purchaseOrderId}/cancel': {
    params: PurchaseOrderParams,
    responses: { 200: PurchaseOrder },
    idempotency: { table: 'inventory', required: true },
    problems: [409],
  },
  'POST /purchase-orders/{purchaseOrderId}/receipts': {
    params: PurchaseOrderParams,
    body: ReceiptBody,
    responses: { 201: PurchaseOrder },
    idempotency: { table: 'inventory', required: true },
    problems: [409, 422],
  },
  'POST /locations/{locationId}/counts': {
    params: CountParams,
    body: CountBody,
    responses: { 201: Count },
    idempotency: { table: 'inventory', required: true },
    problems: [409, 422],
  },
  'GET /shrinkage': { query: ShrinkageQuery, responses: { 200: Shrinkage } },
});
