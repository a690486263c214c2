import * as z from 'zod/mini';
import { stockStatuses } from '#domain/inventory/stock.ts';
import { Id, LocationId, defineRoutes } from '#functions/shared/schemas.ts';

export const Location = z.object({
  id: LocationId,
  name: z.string(),
  kind: z.enum(['store', 'warehouse', 'head-office']),
});

export const StockLine = z.object({
  locationId: LocationId,
  productId: Id,
  name: z.string(),
  onHand: z.int(),
  reserved: z.int(),
  available: z.int(),
  status: z.enum(stockStatuses),
  thresholds: z.object({ low: z.int(), reorder: z.int(), over: z.int() }),
  /** Units to request to get back up to the overstock threshold; 0 when none is suggested. */
  suggestedQuantity: z.int(),
  /** Its reorder rule (docs/inventory.md "Reorder rules"), when a manager set one. */
  reorderRule: z.optional(
    z.object({
      orderUpTo: z.int(),
      multiple: z.int(),
      minimum: z.int(),
      snoozedUntil: z.optional(z.string()),
      updatedAt: z.string(),
      updatedBy: z.string(),
    }),
  ),
});

export const LocationParams = z.strictObject({ locationId: LocationId });
export const ProductParams = z.strictObject({ productId: Id });
export const LocationStockQuery = z.strictObject({
  productId: z.optional(Id),
  status: z.optional(z.enum(stockStatuses)),
});

const Availability = z.enum(['in-stock', 'few', 'out']);
export const ProductAvailability = z.object({
  productId: Id,
  /** For delivery: the central warehouse's stock. */
  delivery: Availability,
  stores: z.array(z.object({ locationId: LocationId, name: z.string(), availability: Availability })),
});

/** The stock routes' contracts (functions/shared/contract.ts). */
export const inventoryApi = defineRoutes({
  'GET /products/{productId}/availability': {
    params: ProductParams,
    responses: { 200: ProductAvailability },
  },
  'GET /locations': { responses: { 200: z.object({ items: z.array(Location) }) } },
  'GET /locations/{locationId}/stock': {
    params: LocationParams,
    query: LocationStockQuery,
    responses: { 200: z.object({ location: Location, items: z.array(StockLine) }) },
  },
  'GET /stock/{productId}': {
    params: ProductParams,
    responses: { 200: z.object({ productId: Id, items: z.array(StockLine) }) },
  },
});
