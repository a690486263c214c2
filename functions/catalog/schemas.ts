import * as z from 'zod/mini';
import { maxPriceCents } from '#domain/catalog/product.ts';
import { taxClasses } from '#domain/sales/pricing.ts';
import { Cents, Cursor, Id, IsoDateTime, Limit, pageOf, defineRoutes } from '#functions/shared/schemas.ts';

export const Product = z.object({
  id: Id,
  sku: z.string(),
  name: z.string(),
  nameEn: z.optional(z.string()),
  category: z.string(),
  priceCents: Cents,
  /** Which taxes it bears (docs/taxes.md). */
  taxClass: z.enum(taxClasses),
  /** `false`: made to order — sold without stock, shown without a stock badge. */
  stocked: z.boolean(),
  barcode: z.optional(z.string()),
  description: z.optional(z.string()),
  descriptionEn: z.optional(z.string()),
  /** `false`: pickup in store only (made to order, fresh or frozen); absent: shippable. */
  shippable: z.optional(z.boolean()),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});

const Category = z
  .string()
  .check(z.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be a lower-case category id such as boulangerie'));
const Sku = z
  .string()
  .check(
    z.trim(),
    z.toUpperCase(),
    z.regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/, 'must be 2–40 letters, digits or dashes'),
  );
const Barcode = z.string().check(z.regex(/^\d{13}$/, 'must be an EAN-13: 13 digits'));

const productFields = {
  sku: Sku,
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)),
  nameEn: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(120))),
  category: Category,
  priceCents: Cents.check(z.minimum(0, 'must not be negative'), z.maximum(maxPriceCents)),
  taxClass: z.optional(z.enum(taxClasses)),
  stocked: z.optional(z.boolean()),
  barcode: z.optional(Barcode),
  description: z.optional(z.string().check(z.trim(), z.maxLength(1000))),
  descriptionEn: z.optional(z.string().check(z.trim(), z.maxLength(1000))),
  shippable: z.optional(z.boolean()),
};

export const CreateProductBody = z.strictObject(productFields);

export const UpdateProductBody = z
  .partial(z.strictObject(productFields))
  .check(z.refine((b) => Object.keys(b).length > 0, 'name at least one field to change'));

export const ProductParams = z.strictObject({ productId: Id });

export const SearchQuery = z.strictObject({
  q: z.optional(z.string().check(z.trim(), z.maxLength(100))),
  category: z.optional(Category),
  limit: Limit,
  cursor: z.optional(Cursor),
});

/** The catalog routes' contracts (functions/shared/contract.ts). */
export const catalogApi = defineRoutes({
  'GET /products': { query: SearchQuery, responses: { 200: pageOf(Product) } },
  'GET /products/{productId}': { params: ProductParams, responses: { 200: Product } },
  'POST /products': {
    body: CreateProductBody,
    responses: { 201: Product },
    idempotency: { table: 'catalog', required: false },
    problems: [409],
  },
  'PATCH /products/{productId}': {
    params: ProductParams,
    body: UpdateProductBody,
    responses: { 200: Product },
    problems: [409],
  },
});
