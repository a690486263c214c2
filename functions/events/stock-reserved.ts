import * as z from 'zod/mini';
import { defineEvent } from './define.ts';

/** Units of an order are held at a location (no longer available, still on hand). */
export const StockReserved = defineEvent({
  name: 'StockReserved',
  source: 'comptoir.inventory',
  version: 1,
  schema: z.object({
    orderId: z.string(),
    locationId: z.string(),
    lines: z.array(z.object({ productId: z.string(), quantity: z.int() })),
  }),
});
