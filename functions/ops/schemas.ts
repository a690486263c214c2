import * as z from 'zod/mini';
import type { RouteDoc } from '#functions/shared/schemas.ts';

export const Health = z.object({
  status: z.literal('ok'),
  service: z.string(),
  version: z.string(),
  node: z.string(),
  region: z.optional(z.string()),
  time: z.string(),
});

export const opsApi: Record<string, RouteDoc> = {
  'GET /health': { response: Health },
  'GET /openapi.json': { response: z.looseObject({ openapi: z.string() }) },
};
