import { RuleViolation } from '../shared/errors.ts';
import { isTaxClass, type TaxClass } from '../sales/pricing.ts';
import { isValidEan13 } from './barcode.ts';
import { words } from './text.ts';

/**
 * A product of the catalog. Prices are integer cents (CAD), tax excluded. `name` is the French
 * display name (clients rely on it being a string: orders, stock lines and reports copy it);
 * `nameEn` and `descriptionEn` are the English ones, when the product has them.
 * `taxClass` says which taxes it bears (domain/sales/pricing.ts, docs/taxes.md; `standard` unless
 * said); `stocked: false` marks a product made to order (a drink, a sandwich made on the spot): it is
 * sold without stock — no stock line, no reservation — and shown without a stock badge.
 */
export interface Product {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  readonly nameEn?: string;
  readonly category: string;
  readonly priceCents: number;
  readonly taxClass: TaxClass;
  readonly stocked: boolean;
  readonly barcode?: string;
  readonly description?: string;
  readonly descriptionEn?: string;
  /** `false`: made to order or fresh, sold for pickup in store only (never shipped). Absent: shippable. */
  readonly shippable?: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type ProductDraft = Omit<Product, 'id' | 'createdAt' | 'updatedAt' | 'taxClass' | 'stocked'> & {
  readonly taxClass?: TaxClass;
  readonly stocked?: boolean;
};
export type ProductPatch = Partial<Omit<ProductDraft, 'sku'>> & { sku?: string };

export const maxPriceCents = 100_000_00;

/** Checks the rules a product must always satisfy; throws RuleViolation naming the field. */
export function checkProduct(p: ProductDraft): void {
  if (!Number.isInteger(p.priceCents) || p.priceCents < 0)
    throw new RuleViolation('priceCents', 'price must be a whole, non-negative number of cents');
  if (p.priceCents > maxPriceCents) throw new RuleViolation('priceCents', 'price is above 100 000 $');
  if (p.name.trim() === '') throw new RuleViolation('name', 'name must not be empty');
  if (words(p.name).length === 0) throw new RuleViolation('name', 'name must contain a letter or a digit');
  if (p.nameEn !== undefined && words(p.nameEn).length === 0)
    throw new RuleViolation('nameEn', 'the English name must contain a letter or a digit');
  if (!/^[A-Z0-9][A-Z0-9-]{1,39}$/.test(p.sku))
    throw new RuleViolation('sku', 'SKU is 2 to 40 upper-case letters, digits or dashes');
  if (p.barcode !== undefined && !isValidEan13(p.barcode))
    throw new RuleViolation('barcode', 'barcode must be a valid EAN-13 (13 digits, correct check digit)');
  if (p.taxClass !== undefined && !isTaxClass(p.taxClass))
    throw new RuleViolation('taxClass', 'tax class is standard, zero-rated or bakery-single');
}

export function createProduct(id: string, draft: ProductDraft, now: string): Product {
  const product: Product = {
    ...draft,
    taxClass: draft.taxClass ?? 'standard',
    stocked: draft.stocked ?? true,
    sku: draft.sku.toUpperCase(),
    name: draft.name.trim(),
    ...(draft.nameEn !== undefined ? { nameEn: draft.nameEn.trim() } : {}),
    id,
    createdAt: now,
    updatedAt: now,
  };
  checkProduct(product);
  return product;
}

export function applyPatch(product: Product, patch: ProductPatch, now: string): Product {
  const next: Product = {
    ...product,
    ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
    updatedAt: now,
  } as Product;
  const normalized: Product = {
    ...next,
    sku: next.sku.toUpperCase(),
    name: next.name.trim(),
    ...(next.nameEn !== undefined ? { nameEn: next.nameEn.trim() } : {}),
  };
  checkProduct(normalized);
  return normalized;
}

/** Words a product is found by: its name in either language and its category. */
export function searchWords(p: Pick<Product, 'name' | 'nameEn' | 'category'>): string[] {
  return words(`${p.name} ${p.nameEn ?? ''} ${p.category.replace(/-/g, ' ')}`);
}
