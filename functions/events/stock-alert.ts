import * as z from 'zod/mini';
import { stockStatuses } from '#domain/inventory/stock.ts';

/**
 * Payload shared by the stock alert events (StockLow, StockOut, Overstock, StockBackToNormal),
 * published by inventory once per crossing. `level` is the available quantity after the change;
 * `previousStatus`/`status` as in stock lines.
 */
export const Thresholds = z.object({ low: z.int(), reorder: z.int(), over: z.int() });

export const StockAlertPayload = z.object({
  locationId: z.string(),
  productId: z.string(),
  name: z.string(),
  level: z.int(),
  thresholds: Thresholds,
  previousStatus: z.enum(stockStatuses),
  status: z.enum(stockStatuses),
});
