import * as z from 'zod/mini';
import { defineEvent } from './define.ts';
import { fulfilmentFields, MailAddress } from './fulfilment-fields.ts';

/** A web order left the warehouse with its carrier; the customer is told the tracking number. */
export const OrderShipped = defineEvent({
  name: 'OrderShipped',
  source: 'comptoir.fulfilment',
  version: 1,
  schema: z.object({
    ...fulfilmentFields,
    carrier: z.string(),
    trackingNumber: z.string(),
    address: z.optional(MailAddress),
  }),
});
