import { stockStatuses } from '#domain/inventory/stock.ts';
import { defineEvent } from './define.ts';
import * as z from 'zod/mini';

/**
 * Published by inventory once per crossing when a product at a location runs low (below the low threshold, above 0).
 * `level` is the available quantity after the change; `previousStatus`/`status` as in stock lines.
 */
export const StockLow = defineEvent({
  name: 'StockLow',
  source: 'comptoir.inventory',
  version: 1,
  schema: z.object({
    locationId: z.string(),
    productId: z.string(),
    name: z.string(),
    level: z.int(),
    thresholds: z.object({ low: z.int(), reorder: z.int(), over: z.int() }),
    previousStatus: z.enum(stockStatuses),
    status: z.enum(stockStatuses),
  }),
});
