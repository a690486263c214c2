import * as z from 'zod/mini';
import { stockStatuses } from '#domain/inventory/stock.ts';
import { movementKinds } from '#domain/inventory/movement.ts';
import { defineEvent } from './define.ts';
import { Thresholds } from './stock-alert.ts';

/**
 * Published by inventory once per crossing of any threshold (out, low, reorder, over) by the
 * available level of a product at a location (domain/inventory/thresholds.ts). `seq` is the stock
 * item's movement number: per (location, product), a greater seq is a later state.
 */
export const StockLevelChanged = defineEvent({
  name: 'StockLevelChanged',
  source: 'comptoir.inventory',
  version: 1,
  schema: z.object({
    locationId: z.string(),
    productId: z.string(),
    name: z.string(),
    previousLevel: z.int(),
    level: z.int(),
    onHand: z.int(),
    reserved: z.int(),
    thresholds: Thresholds,
    previousStatus: z.enum(stockStatuses),
    status: z.enum(stockStatuses),
    seq: z.int(),
    movementKind: z.enum(movementKinds),
    reference: z.string(),
  }),
});
