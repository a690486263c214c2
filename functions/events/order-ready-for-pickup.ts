import * as z from 'zod/mini';
import { defineEvent } from './define.ts';
import { fulfilmentFields } from './fulfilment-fields.ts';

/** A pickup order is on the shelf of its store: the customer is sent the code to collect it with, and the deadline. */
export const OrderReadyForPickup = defineEvent({
  name: 'OrderReadyForPickup',
  source: 'comptoir.fulfilment',
  version: 1,
  schema: z.object({ ...fulfilmentFields, pickupCode: z.string(), pickupDeadline: z.string() }),
});
