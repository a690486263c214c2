import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalize, words } from '#domain/catalog/text.ts';
import type { Product } from '#domain/catalog/product.ts';
import type { ApiResponse, Client, TestRuntime } from '../support/runtime.ts';
import { startTestRuntime } from '../support/runtime.ts';

let api: TestRuntime;
let shop: Client;
/** A product found both exactly (its SKU is the query "cafe") and by its words. */
let skuCafe: Product;

beforeAll(async () => {
  api = await startTestRuntime();
  shop = api.anon;
  const created = await api.as('manager').post('/products', {
    sku: 'CAFE',
    name: 'Zeste de café',
    category: 'epicerie',
    priceCents: 450,
  });
  expect(created.status).toBe(201);
  skuCafe = created.body;
});
afterAll(() => api.stop());

interface Page {
  items: Product[];
  nextCursor?: string;
}

const search = (query: string): Promise<ApiResponse<Page>> => shop.get<Page>(`/products?${query}`);

async function allPages(query: string, limit: number): Promise<Product[]> {
  const found: Product[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 500; page++) {
    const res = await search(
      `${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    found.push(...res.body.items);
    cursor = res.body.nextCursor;
    if (cursor === undefined) return found;
  }
  throw new Error(`${query}: pagination never ended`);
}

const ids = (items: readonly Product[]) => items.map((p) => p.id);
const wordsOf = (p: Product) => words(`${p.name} ${p.nameEn ?? ''} ${p.category.replace(/-/g, ' ')}`);
const hasWordStarting = (p: Product, prefix: string) => wordsOf(p).some((w) => w.startsWith(prefix));

function expectProblem(res: ApiResponse, status: number, paths: string[] = []) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
  for (const path of paths) expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
}

describe('GET /products?q= (words by prefix)', () => {
  it('"cafe" finds "Café au lait", and every result has a word starting with "cafe"', async () => {
    // Act
    const res = await search('q=cafe&limit=100');
    // Assess
    expect(res.status).toBe(200);
    expect(res.body.items.map((p) => p.name)).toContain('Café au lait');
    for (const p of res.body.items) expect(hasWordStarting(p, 'cafe'), p.name).toBe(true);
  });

  it('ignores case and accents of the query and of the names', async () => {
    // Act
    const [plain, shouted, creme, ligature] = await Promise.all([
      search('q=cafe&limit=100'),
      search(`q=${encodeURIComponent('CAFÉ')}&limit=100`),
      search('q=creme&limit=100'),
      search('q=oeufs&limit=100'),
    ]);
    // Assess
    expect(new Set(ids(shouted.body.items))).toEqual(new Set(ids(plain.body.items)));
    expect(creme.body.items.map((p) => p.name)).toEqual(
      expect.arrayContaining(['Crème 10 % (473 ml)', "Crème glacée à l'érable (1,5 L)"]),
    );
    expect(ligature.body.items.map((p) => p.name)).toContain('Œufs bruns (12)');
  });

  it('matches the start of words only', async () => {
    // Act
    const res = await search('q=afe&limit=100');
    // Assess
    expect(res.status).toBe(200);
    expect(res.body.items.map((p) => p.name)).not.toContain('Café au lait');
    for (const p of res.body.items) expect(hasWordStarting(p, 'afe'), p.name).toBe(true);
  });

  it('with several words, finds the products matching every one of them, in any order', async () => {
    // Act
    const [cafeLait, laitCafe] = await Promise.all([
      search(`q=${encodeURIComponent('cafe lait')}&limit=100`),
      search(`q=${encodeURIComponent('LAIT café')}&limit=100`),
    ]);
    // Assess
    const names = cafeLait.body.items.map((p) => p.name);
    expect(names).toContain('Café au lait');
    expect(names).not.toContain('Lait au chocolat (473 ml)');
    expect(names).not.toContain('Espresso');
    for (const p of cafeLait.body.items) {
      expect(hasWordStarting(p, 'cafe') && hasWordStarting(p, 'lait'), p.name).toBe(true);
    }
    expect(new Set(ids(laitCafe.body.items))).toEqual(new Set(ids(cafeLait.body.items)));
  });

  it('finds a product by its English name as by its French one', async () => {
    // Act
    const [coffee, cafe, donut, beigne] = await Promise.all([
      search('q=coffee&limit=100'),
      search('q=cafe&limit=100'),
      search('q=donut&limit=100'),
      search('q=beigne&limit=100'),
    ]);
    // Assess
    expect(ids(coffee.body.items)).toEqual(expect.arrayContaining(['coffee', 'cafe-glace']));
    expect(ids(cafe.body.items)).toContain('coffee');
    expect(coffee.body.items.find((p) => p.id === 'coffee')).toMatchObject({
      name: 'Café',
      nameEn: 'Coffee',
    });
    expect(ids(donut.body.items)).toEqual(
      expect.arrayContaining(['donut', 'beigne-erable', 'beigne-chocolat']),
    );
    expect(ids(beigne.body.items)).toEqual(expect.arrayContaining(['donut', 'beigne-erable']));
  });

  it('finds nothing for a word no product has', async () => {
    const res = await search('q=zzyzx');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [] });
  });
});

describe('GET /products?q= (exact SKU and barcode)', () => {
  it.each(['CPT-CAF-0002', 'cpt-caf-0002'])('finds the product of SKU %s first', async (sku) => {
    const res = await search(`q=${sku}`);
    expect(res.status).toBe(200);
    expect(res.body.items[0]).toMatchObject({ id: 'cafe-au-lait', sku: 'CPT-CAF-0002' });
  });

  it('finds the product of an EAN-13 barcode', async () => {
    const res = await search('q=0628915100556');
    expect(res.status).toBe(200);
    expect(ids(res.body.items)).toEqual(['cafe-au-lait']);
  });

  it('never puts more than `limit` products on a page, exact hits included', async () => {
    const res = await search('q=cafe&limit=1');
    expect(ids(res.body.items)).toEqual([skuCafe.id]);
    expect(res.body.nextCursor).toEqual(expect.any(String));
  });

  it('lists a product found both by SKU and by words once, first', async () => {
    // Act
    const res = await search('q=cafe&limit=100');
    // Assess
    expect(res.body.items[0]!.id).toBe(skuCafe.id);
    expect(ids(res.body.items).filter((id) => id === skuCafe.id)).toHaveLength(1);
  });
});

describe('GET /products?category=', () => {
  it('keeps the products of that category only', async () => {
    // Act
    const res = await search('q=lait&category=produits-laitiers&limit=100');
    // Assess
    const names = res.body.items.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['Lait 2 % (1 L)', 'Lait 3,25 % (2 L)']));
    expect(names).not.toContain('Café au lait');
    for (const p of res.body.items) expect(p.category).toBe('produits-laitiers');
  });

  it('applies to an exact SKU too', async () => {
    const res = await search('q=CPT-CAF-0002&category=boissons');
    expect(ids(res.body.items)).not.toContain('cafe-au-lait');
  });
});

describe('GET /products without q (browsing)', () => {
  it('lists the whole catalog by name', async () => {
    // Act
    const all = await allPages('q=', 25);
    // Assess
    expect(all).toHaveLength(api.runtime.seeded!.products + 1);
    const names = all.map((p) => normalize(p.name));
    expect(names).toEqual([...names].sort());
    expect(names.indexOf('timbits')).toBeLessThan(names.indexOf('timbits (boite de 20)'));
  });

  it('lists one category by name', async () => {
    // Act
    const cafe = await allPages('category=cafe', 4);
    // Assess
    expect(cafe.length).toBeGreaterThan(4);
    for (const p of cafe) expect(p.category).toBe('cafe');
    expect(cafe.map((p) => p.name)).toContain('Café au lait');
  });
});

describe('GET /products pagination', () => {
  it.each([
    ['q=cafe', 1],
    ['q=cafe', 2],
    ['q=cafe', 3],
    ['q=c', 7],
    ['q=ma', 2],
    [`q=${encodeURIComponent('pain de')}`, 1],
    ['q=a&category=epicerie', 3],
    ['q=', 9],
    ['category=patisserie', 5],
  ])(
    'walking every page of %s by %i returns each product of one big page exactly once',
    async (query, limit) => {
      // Prepare
      const big = await search(`${query}&limit=100`);
      expect(big.status).toBe(200);
      expect(big.body.nextCursor).toBeUndefined();
      // Act
      const walked = await allPages(query, limit);
      // Assess
      expect(new Set(ids(walked)).size).toBe(walked.length);
      expect(new Set(ids(walked))).toEqual(new Set(ids(big.body.items)));
      expect(walked.length).toBe(big.body.items.length);
    },
  );

  it('gives no nextCursor on the last page', async () => {
    const res = await search('q=cafe&limit=100');
    expect(res.body.items.length).toBeGreaterThan(2);
    expect(res.body).not.toHaveProperty('nextCursor');
  });

  it('gives a nextCursor while more products match', async () => {
    const res = await search('q=cafe&limit=2');
    expect(res.body.items).toHaveLength(2);
    expect(res.body.nextCursor).toEqual(expect.any(String));
  });
});

describe('GET /products with a bad cursor', () => {
  const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const cursorOf = async (query: string) => (await search(`${query}&limit=2`)).body.nextCursor!;

  it.each([
    ['garbage', () => 'not-a-cursor'],
    ['base64 of text', () => Buffer.from('hello').toString('base64url')],
    [
      'a forged key in another partition',
      () => forged({ f: 'cafe|', k: { pk: 'PRODUCT#x', sk: 'PRODUCT' } }),
    ],
    ['a forged key of the wrong shape', () => forged({ f: 'cafe|', k: { pk: 'WORD#c', sk: 5 } })],
    ['a forged null key', () => forged({ f: 'cafe|', k: null })],
  ])('refuses %s with a 400 problem', async (_what, cursor) => {
    const res = await search(`q=cafe&cursor=${encodeURIComponent(cursor())}`);
    expectProblem(res, 400, ['query.cursor']);
  });

  it.each([
    ['another search', 'q=cafe', 'q=lait'],
    ['the same search in another category', 'q=cafe', 'q=cafe&category=cafe'],
    ['browsing', 'q=', 'q=cafe'],
    ['a search, given to browsing', 'q=cafe', 'q='],
  ])('refuses a cursor from %s', async (_what, from, to) => {
    const cursor = await cursorOf(from);
    const res = await search(`${to}&cursor=${encodeURIComponent(cursor)}`);
    expectProblem(res, 400, ['query.cursor']);
  });

  it('refuses a forged browsing key with a 400 problem', async () => {
    const cursor = forged({ f: '|', k: { pk: 'x', sk: 'y', gsi2pk: 'PRODUCTS', gsi2sk: 'a' } });
    const res = await search(`cursor=${cursor}`);
    expectProblem(res, 400, ['query.cursor']);
  });
});

describe('GET /products with bad parameters', () => {
  it.each([
    ['an unknown parameter', 'q=cafe&sort=price', 'query.sort'],
    ['limit=0', 'limit=0', 'query.limit'],
    ['limit=abc', 'limit=abc', 'query.limit'],
    ['limit=1000', 'limit=1000', 'query.limit'],
    ['limit=2.5', 'limit=2.5', 'query.limit'],
    ['an upper-case category', 'category=CAFE', 'query.category'],
    ['a query of 101 characters', `q=${'a'.repeat(101)}`, 'query.q'],
  ])('refuses %s with a 400 problem naming the field', async (_what, query, path) => {
    expectProblem(await search(query), 400, [path]);
  });
});

describe('GET /products/{productId}', () => {
  it('returns the product', async () => {
    const res = await shop.get<Product>('/products/cafe-au-lait');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: 'cafe-au-lait',
      name: 'Café au lait',
      priceCents: 325,
      category: 'cafe',
    });
  });

  it('answers 404 for an unknown product', async () => {
    expectProblem(await shop.get('/products/no-such-product'), 404);
  });

  it('answers 400 for an id that cannot be one', async () => {
    expectProblem(await shop.get(`/products/${encodeURIComponent('bad id!')}`), 400, ['path.productId']);
  });
});
