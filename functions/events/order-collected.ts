import * as z from 'zod/mini';
import { defineEvent } from './define.ts';
import { fulfilmentFields } from './fulfilment-fields.ts';

/** The customer collected a pickup order at its store (with the right code). */
export const OrderCollected = defineEvent({
  name: 'OrderCollected',
  source: 'comptoir.fulfilment',
  version: 1,
  schema: z.object({ ...fulfilmentFields }),
});
