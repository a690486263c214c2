import * as z from 'zod/mini';
import { defineEvent } from './define.ts';

/** A till's register session (cash drawer) was opened with a counted float (docs/api.md, "Register sessions"). */
export const RegisterOpened = defineEvent({
  name: 'RegisterOpened',
  source: 'comptoir.sales',
  version: 1,
  schema: z.object({
    sessionId: z.string(),
    storeId: z.string(),
    registerId: z.string(),
    floatCents: z.int(),
    openedBy: z.string(),
    openedAt: z.string(),
  }),
});
