import { api, type Page } from './api.ts';
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

/** A receipt's line: the French name, and the English one after it on the English switch. */
export function receiptLineName(productId: string, frenchName: string): string {
  const name = currentLocale() === 'en-CA' ? english.get(productId) : undefined;
  return name && name !== frenchName ? `${frenchName} / ${name}` : frenchName;
}

export function productDescription(p: Named): string | undefined {
  return currentLocale() === 'en-CA' ? (p.descriptionEn ?? p.description) : p.description;
}

let learning: Promise<void> | undefined;

/**
 * In English, reads the catalog's English names once per page (a page of 100 products at a time, the
 * demo catalog is one), for the lists that carry only French names: stock, replenishments, reports.
 * In French it does nothing. A failure leaves the French names, as before.
 */
export function learnEnglishNames(): Promise<void> {
  if (currentLocale() !== 'en-CA') return Promise.resolve();
  learning ??= (async () => {
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const res = await api.get<Page<Named & { id: string }>>('/products', { query: { limit: 100, cursor } });
      rememberNames(res.items);
      cursor = res.nextCursor;
      if (!cursor) return;
    }
  })().catch(() => undefined);
  return learning;
}
