import * as z from 'zod/mini';
import { defineEvent } from './define.ts';
import { fulfilmentFields } from './fulfilment-fields.ts';

/** The carrier delivered a web order. */
export const OrderDelivered = defineEvent({
  name: 'OrderDelivered',
  source: 'comptoir.fulfilment',
  version: 1,
  schema: z.object({ ...fulfilmentFields }),
});
