import * as z from 'zod/mini';
import { defineEvent } from './define.ts';
import { fulfilmentFields } from './fulfilment-fields.ts';

/** The warehouse started picking a web order to ship: it can no longer be cancelled. */
export const OrderPickingStarted = defineEvent({
  name: 'OrderPickingStarted',
  source: 'comptoir.fulfilment',
  version: 1,
  schema: z.object({ ...fulfilmentFields }),
});
