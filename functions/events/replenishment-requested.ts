import * as z from 'zod/mini';
import { defineEvent } from './define.ts';

/** A store asked the central warehouse for units; the fulfilment consumer moves them. */
export const ReplenishmentRequested = defineEvent({
  name: 'ReplenishmentRequested',
  source: 'comptoir.inventory',
  version: 1,
  schema: z.object({
    replenishmentId: z.string(),
    storeId: z.string(),
    productId: z.string(),
    quantity: z.int(),
  }),
});
