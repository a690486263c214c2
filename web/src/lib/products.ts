import { currentLocale } from './i18n.ts';

/**
 * Product names in the page's language. The API's `name` is the French display name (every client
 * relies on it being a string) and `nameEn` the English one when the product has it; orders, stock
 * lines and reports carry the French name only, so the apps remember the English names of the
 * products they have seen and show those on the switch.
 */
interface Named {
  readonly id?: string;
  readonly name: string;
  readonly nameEn?: string;
  readonly description?: string;
  readonly descriptionEn?: string;
}

const english = new Map<string, string>();

/** Keeps the English names of these products for lines that only carry an id and the French name. */
export function rememberNames(products: readonly Named[]): void {
  for (const p of products) if (p.id && p.nameEn) english.set(p.id, p.nameEn);
}

/** The product's name in the page's language. */
export function productName(p: Named): string {
  if (currentLocale() !== 'en-CA') return p.name;
  return p.nameEn ?? (p.id ? english.get(p.id) : undefined) ?? p.name;
}

/** The name of a line (order, stock, report) that names a product by id and French name. */
export function lineName(productId: string, frenchName: string): string {
  return currentLocale() === 'en-CA' ? (english.get(productId) ?? frenchName) : frenchName;
}

export function productDescription(p: Named): string | undefined {
  return currentLocale() === 'en-CA' ? (p.descriptionEn ?? p.description) : p.description;
}
