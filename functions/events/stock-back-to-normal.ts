import { stockStatuses } from '#domain/inventory/stock.ts';
import { defineEvent } from './define.ts';
import * as z from 'zod/mini';

/**
 * Published by inventory once per crossing when a product at a location is back between its thresholds after an alert.
 * `level` is the available quantity after the change; `previousStatus`/`status` as in stock lines.
 */
export const StockBackToNormal = defineEvent({
  name: 'StockBackToNormal',
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
