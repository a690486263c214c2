import * as z from 'zod/mini';
import { defineEvent } from './define.ts';

/** The units of a replenishment left the warehouse and were received at the store. */
export const ReplenishmentFulfilled = defineEvent({
  name: 'ReplenishmentFulfilled',
  source: 'comptoir.inventory',
  version: 1,
  schema: z.object({
    replenishmentId: z.string(),
    storeId: z.string(),
    productId: z.string(),
    quantity: z.int(),
  }),
});
