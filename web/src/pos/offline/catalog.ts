import { pickProduct } from '../scan.ts';
import type { CachedProduct, OfflineDb } from './db.ts';

/**
 * The store's catalog as the till keeps it for offline selling: every product as the API answered it
 * (SKU, barcode, names, price, tax class, stocked: what scanning and pricing need). Refreshed when the till starts and
 * every few minutes while online; read only when the API cannot be reached.
 */
export async function saveCatalog(db: OfflineDb, storeId: string, products: readonly CachedProduct[]) {
  await db.put('catalog', { storeId, products: [...products], at: new Date().toISOString() });
}

export async function cachedCatalog(db: OfflineDb, storeId: string): Promise<CachedProduct[]> {
  return (await db.get('catalog', storeId))?.products ?? [];
}

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

/** What the search would find in the cached catalog: barcode, SKU or a name containing the text. */
export function searchCached(products: readonly CachedProduct[], q: string): CachedProduct[] {
  const text = fold(q.trim());
  if (text === '') return [];
  return products.filter(
    (p) =>
      p.barcode === q.trim() ||
      fold(p.sku) === text ||
      fold(p.name).includes(text) ||
      (p.nameEn !== undefined && fold(p.nameEn).includes(text)),
  );
}

/** A scan resolved on the cached catalog, by the same rules as online (scan.ts). */
export const lookupCached = (products: readonly CachedProduct[], code: string): CachedProduct | undefined =>
  pickProduct(code, searchCached(products, code));
