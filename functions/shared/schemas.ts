import * as z from 'zod/mini';
import { en } from 'zod/locales';

/**
 * Building blocks shared by every context's API schemas.
 * We use `zod/mini`: the same validation as `zod` but tree-shakable — a handler bundle is about
 * 20 KB of zod instead of 450 KB (measured by `npm run bench`, see docs/decisions.md).
 */
z.config(en());

export const Id = z
  .string()
  .check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'must be 1–64 letters, digits, - or _'));
export const LocationId = z
  .string()
  .check(z.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be a location id such as store-1 or warehouse'));
export const Cents = z.int();
export const Count = z.int().check(z.minimum(0));
export const IsoDateTime = z.iso.datetime();
export const Limit = z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 20);
export const Cursor = z.string().check(z.minLength(1), z.maxLength(2048));

/** RFC 9457 problem details (extension members such as `orderId` or `lines` may follow). */
export const Problem = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.string(),
  code: z.string(),
  errors: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
});

export const pageOf = <T extends z.ZodMiniType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.optional(z.string()) });

export { defineRoutes, type Schema } from './contract.ts';
