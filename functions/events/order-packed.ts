import * as z from 'zod/mini';
import { defineEvent } from './define.ts';
import { fulfilmentFields } from './fulfilment-fields.ts';

/** A web order to ship is picked and packed, waiting for the carrier. */
export const OrderPacked = defineEvent({
  name: 'OrderPacked',
  source: 'comptoir.fulfilment',
  version: 1,
  schema: z.object({ ...fulfilmentFields }),
});
