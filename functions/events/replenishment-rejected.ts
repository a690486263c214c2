import * as z from 'zod/mini';
import { defineEvent } from './define.ts';

/** A replenishment could not be served (e.g. the warehouse has fewer units than asked); nothing moved. */
export const ReplenishmentRejected = defineEvent({
  name: 'ReplenishmentRejected',
  source: 'comptoir.inventory',
  version: 1,
  schema: z.object({
    replenishmentId: z.string(),
    storeId: z.string(),
    productId: z.string(),
    quantity: z.int(),
    reason: z.string(),
  }),
});
