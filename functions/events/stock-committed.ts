import * as z from 'zod/mini';
import { defineEvent } from './define.ts';

/** Units an order held left the shelf: the sale is paid (the saga's commit step). */
export const StockCommitted = defineEvent({
  name: 'StockCommitted',
  source: 'comptoir.inventory',
  version: 1,
  schema: z.object({
    orderId: z.string(),
    locationId: z.string(),
    lines: z.array(z.object({ productId: z.string(), quantity: z.int() })),
  }),
});
