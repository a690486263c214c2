import * as z from 'zod/mini';
import { defineRoutes } from '#functions/shared/schemas.ts';

export const Health = z.object({
  status: z.literal('ok'),
  service: z.string(),
  version: z.string(),
  node: z.string(),
  region: z.optional(z.string()),
  time: z.string(),
});

/** The ops routes' contracts (functions/shared/contract.ts). */
export const opsApi = defineRoutes({
  'GET /health': { responses: { 200: Health } },
  'GET /openapi.json': { responses: { 200: z.looseObject({ openapi: z.string() }) } },
});
