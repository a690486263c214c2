import * as z from 'zod/mini';
import { Cents, IsoDateTime, defineRoutes } from '#functions/shared/schemas.ts';

/** Request and response schemas of head office's promo-code routes (docs/taxes.md, "Promo codes"). */
const Day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day (yyyy-mm-dd)'));
/** As typed: case and surrounding spaces do not matter (stored upper case). */
export const PromoCodeText = z
  .string()
  .check(z.trim(), z.regex(/^[A-Za-z0-9][A-Za-z0-9_-]{2,31}$/, 'must be 3–32 letters, digits, - or _'));
const Description = z.string().check(z.trim(), z.minLength(1), z.maxLength(100));
const Percent = z.number().check(z.gt(0), z.lte(100));
const Minimum = z.int().check(z.minimum(0), z.maximum(10_000_000));
const UsageLimit = z.int().check(z.minimum(1), z.maximum(1_000_000));

const common = {
  code: PromoCodeText,
  validFrom: Day,
  validUntil: Day,
  minimumCents: z.optional(Minimum),
  usageLimit: z.optional(UsageLimit),
  description: Description,
};
export const CreatePromoBody = z.discriminatedUnion('kind', [
  z.strictObject({ ...common, kind: z.literal('percent'), percent: Percent }),
  z.strictObject({ ...common, kind: z.literal('amount'), amountCents: z.int().check(z.minimum(1)) }),
]);

/** What head office may change: the dates, the minimum, the limit, the description; `active: false` deactivates. */
export const UpdatePromoBody = z.strictObject({
  validFrom: z.optional(Day),
  validUntil: z.optional(Day),
  minimumCents: z.optional(Minimum),
  usageLimit: z.optional(UsageLimit),
  description: z.optional(Description),
  active: z.optional(z.boolean()),
});
export const PromoParams = z.strictObject({ code: PromoCodeText });

export const PromoCode = z.object({
  code: z.string(),
  kind: z.enum(['percent', 'amount']),
  percent: z.optional(z.number()),
  amountCents: z.optional(Cents),
  /** Business days in America/Montreal, both included. */
  validFrom: z.string(),
  validUntil: z.string(),
  /** The subtotal (before discounts) a basket must reach. */
  minimumCents: Cents,
  usageLimit: z.optional(z.int()),
  /** Orders that used it (a failed order gives its use back). */
  uses: z.int(),
  description: z.string(),
  active: z.boolean(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  createdBy: z.optional(z.string()),
  revision: z.int(),
});

/** The promo-code routes' contracts (functions/shared/contract.ts). */
export const promoApi = defineRoutes({
  'POST /promo-codes': {
    body: CreatePromoBody,
    responses: { 201: PromoCode },
    idempotency: { table: 'sales', required: true },
    problems: [409],
  },
  'PATCH /promo-codes/{code}': {
    params: PromoParams,
    body: UpdatePromoBody,
    responses: { 200: PromoCode },
    problems: [409, 422],
  },
  'GET /promo-codes': { responses: { 200: z.object({ items: z.array(PromoCode) }) } },
});
