import {
  applyPatch,
  createProduct,
  type Product,
  type ProductDraft,
  type ProductPatch,
} from '#domain/catalog/product.ts';
import { drivingTerm, normalize, words } from '#domain/catalog/text.ts';
import { NotFoundError } from '#domain/shared/errors.ts';
import { badRequest } from '#functions/shared/problem.ts';
import { decodeCursor, encodeCursor } from '#functions/adapters/dynamo.ts';
import type { ProductRepository } from './adapters/product-repository.ts';

/** Catalog use cases. Dependencies are passed in: the repository port, the clock and the id source. */
export interface CatalogDeps {
  readonly products: ProductRepository;
  readonly now: () => string;
  readonly newId: () => string;
}

export interface SearchInput {
  readonly q?: string | undefined;
  readonly category?: string | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

interface SearchCursor {
  /** Fingerprint of the query the cursor belongs to. */
  f: string;
  k: Record<string, unknown>;
}

const skuLike = /^[A-Za-z0-9][A-Za-z0-9-]{1,39}$/;
const barcodeLike = /^\d{8,14}$/;

/**
 * Products matching every word prefix of `q` (case- and accent-insensitive), or exactly its SKU or
 * barcode; without `q`, the catalog by name (optionally one category). Exact matches come first.
 */
export async function searchProducts(
  deps: CatalogDeps,
  input: SearchInput,
): Promise<{ items: Product[]; nextCursor?: string }> {
  const q = input.q?.trim() ?? '';
  const terms = words(q);
  const fingerprint = `${normalize(q)}|${input.category ?? ''}`;
  let startKey: Record<string, unknown> | undefined;
  if (input.cursor !== undefined) {
    const cursor = decodeCursor<SearchCursor>(input.cursor);
    if (!cursor || cursor.f !== fingerprint || typeof cursor.k !== 'object')
      throw badRequest('The cursor does not belong to this search', [
        { path: 'query.cursor', message: 'invalid cursor' },
      ]);
    startKey = cursor.k;
  }
  const next = (key: Record<string, unknown> | undefined) =>
    key ? { nextCursor: encodeCursor({ f: fingerprint, k: key }) } : {};

  if (terms.length === 0) {
    const page = await deps.products.browse({ category: input.category, limit: input.limit, startKey });
    return { items: page.items, ...next(page.lastKey) };
  }

  const exact: Product[] = [];
  if (startKey === undefined) {
    const hits = await Promise.all([
      skuLike.test(q) ? deps.products.findByClaim('SKU', q) : undefined,
      barcodeLike.test(q) ? deps.products.findByClaim('BARCODE', q) : undefined,
    ]);
    for (const p of hits)
      if (p && (input.category === undefined || p.category === input.category)) exact.push(p);
  }
  const driver = drivingTerm(terms) as string;
  const page = await deps.products.searchWords({
    driver,
    terms,
    category: input.category,
    limit: Math.max(1, input.limit - exact.length),
    startKey,
  });
  const seen = new Set(exact.map((p) => p.id));
  const items = [...exact, ...page.items.filter((p) => !seen.has(p.id))];
  return { items, ...next(page.lastKey) };
}

export async function getProduct(deps: CatalogDeps, id: string): Promise<Product> {
  const product = await deps.products.get(id);
  if (!product) throw new NotFoundError('Product', id);
  return product;
}

export async function addProduct(deps: CatalogDeps, draft: ProductDraft): Promise<Product> {
  const product = createProduct(deps.newId(), draft, deps.now());
  await deps.products.create(product);
  return product;
}

export async function changeProduct(deps: CatalogDeps, id: string, patch: ProductPatch): Promise<Product> {
  const before = await getProduct(deps, id);
  const after = applyPatch(before, patch, deps.now());
  await deps.products.update(before, after);
  return after;
}
