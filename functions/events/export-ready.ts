import * as z from 'zod/mini';
import { defineEvent } from './define.ts';

/** A sales report export is written (GET /reports/exports/{exportId} downloads it); `scheduled` for the daily one. */
export const ExportReady = defineEvent({
  name: 'ExportReady',
  source: 'comptoir.reporting',
  version: 1,
  schema: z.object({
    exportId: z.string(),
    from: z.string(),
    to: z.string(),
    format: z.string(),
    locale: z.string(),
    trigger: z.enum(['manual', 'scheduled']),
  }),
});
