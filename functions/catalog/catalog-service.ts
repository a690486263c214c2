import {
  applyPatch,
  createProduct,
  type Product,
  type ProductDraft,
  type ProductPatch,
} from '#domain/catalog/product.ts';
import { drivingTerm, normalize, words } from '#domain/catalog/text.ts';
import { NotFoundError, RuleViolation } from '#domain/shared/errors.ts';
import { decodeCursor, encodeCursor } from '#functions/adapters/dynamo.ts';
import { ForeignStartKeyError, type ProductRepository } from './adapters/product-repository.ts';

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
  /** Where the word search resumes; absent: at its start. */
  k?: Record<string, unknown>;
  /** How many exact (SKU, barcode) hits earlier pages listed. */
  n?: number;
}

const invalidCursor = () =>
  new RuleViolation('query.cursor', 'The cursor does not belong to this search', 'invalid cursor');

function readCursor(text: string, fingerprint: string): SearchCursor {
  const c = decodeCursor<SearchCursor>(text);
  const valid =
    c !== undefined &&
    c.f === fingerprint &&
    (c.k === undefined || (typeof c.k === 'object' && c.k !== null && !Array.isArray(c.k))) &&
    (c.n === undefined || (Number.isInteger(c.n) && c.n >= 0));
  if (!valid) throw invalidCursor();
  return c;
}

const foreignKeyIsBadRequest = (e: unknown): never => {
  throw e instanceof ForeignStartKeyError ? invalidCursor() : e;
};

const skuLike = /^[A-Za-z0-9][A-Za-z0-9-]{1,39}$/;
const barcodeLike = /^\d{8,14}$/;

/**
 * Products matching every word prefix of `q` (case- and accent-insensitive), or exactly its SKU or
 * barcode; without `q`, the catalog by name (optionally one category). Exact matches come first,
 * and a product is listed once across all pages even when it also matches by words. A page never
 * holds more than `limit` products.
 */
export async function searchProducts(
  deps: CatalogDeps,
  input: SearchInput,
): Promise<{ items: Product[]; nextCursor?: string }> {
  const q = input.q?.trim() ?? '';
  const terms = words(q);
  const f = `${normalize(q)}|${input.category ?? ''}`;
  const cursor = input.cursor === undefined ? undefined : readCursor(input.cursor, f);
  const nextCursor = (c: Omit<SearchCursor, 'f'>) => ({ nextCursor: encodeCursor({ f, ...c }) });

  if (terms.length === 0) {
    if (cursor && cursor.k === undefined) throw invalidCursor();
    const page = await deps.products
      .browse({ category: input.category, limit: input.limit, startKey: cursor?.k })
      .catch(foreignKeyIsBadRequest);
    return { items: page.items, ...(page.lastKey ? nextCursor({ k: page.lastKey }) : {}) };
  }

  // Exact hits are looked up on every page (two key reads) so that later pages can leave them out.
  const hits = await Promise.all([
    skuLike.test(q) ? deps.products.findByClaim('SKU', q) : undefined,
    barcodeLike.test(q) ? deps.products.findByClaim('BARCODE', q) : undefined,
  ]);
  const exact = [
    ...new Map(
      hits
        .filter((p): p is Product => p !== undefined)
        .filter((p) => input.category === undefined || p.category === input.category)
        .map((p) => [p.id, p]),
    ).values(),
  ];
  const listed = Math.min(cursor?.n ?? 0, exact.length);
  const exactHere = exact.slice(listed, listed + input.limit);
  const shown = listed + exactHere.length;
  const room = input.limit - exactHere.length;
  if (room === 0) {
    // A page filled by exact hits: the word search (or the next exact hit) follows on the next page.
    return { items: exactHere, ...nextCursor({ n: shown, ...(cursor?.k ? { k: cursor.k } : {}) }) };
  }
  const page = await deps.products
    .searchWords({
      driver: drivingTerm(terms) as string,
      terms,
      category: input.category,
      limit: room,
      startKey: cursor?.k,
    })
    .catch(foreignKeyIsBadRequest);
  const exactIds = new Set(exact.map((p) => p.id));
  const items = [...exactHere, ...page.items.filter((p) => !exactIds.has(p.id))];
  return { items, ...(page.lastKey ? nextCursor({ n: shown, k: page.lastKey }) : {}) };
}

export async function getProduct(deps: CatalogDeps, id: string): Promise<Product> {
  const product = await deps.products.get(id);
  if (!product) throw new NotFoundError('Product', id);
  return product;
}

/** `id`: derived from the request's Idempotency-Key when it has one, so a retried create finds its product. */
export async function addProduct(
  deps: CatalogDeps,
  draft: ProductDraft,
  id = deps.newId(),
): Promise<Product> {
  const product = createProduct(id, draft, deps.now());
  await deps.products.create(product);
  return product;
}

export async function changeProduct(deps: CatalogDeps, id: string, patch: ProductPatch): Promise<Product> {
  const before = await getProduct(deps, id);
  const after = applyPatch(before, patch, deps.now());
  await deps.products.update(before, after);
  return after;
}
