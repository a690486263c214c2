import * as z from 'zod/mini';
import { defineEvent } from './define.ts';

/** Units an order held are available again (the order failed). Only lines actually given back are listed. */
export const StockReleased = defineEvent({
  name: 'StockReleased',
  source: 'comptoir.inventory',
  version: 1,
  schema: z.object({
    orderId: z.string(),
    locationId: z.string(),
    lines: z.array(z.object({ productId: z.string(), quantity: z.int() })),
  }),
});
