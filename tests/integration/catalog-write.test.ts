import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ean13CheckDigit } from '#domain/catalog/barcode.ts';
import type { Product } from '#domain/catalog/product.ts';
import type { ApiResponse, Client, TestRuntime } from '../support/runtime.ts';
import { startTestRuntime } from '../support/runtime.ts';

let api: TestRuntime;
let manager: Client;

beforeAll(async () => {
  api = await startTestRuntime();
  manager = api.as('manager');
});
afterAll(() => api.stop());

let serial = 0;
/** A fresh valid EAN-13 (prefix 200: in-store codes, never used by the demo catalog). */
function newBarcode(): string {
  const first12 = `200${String(++serial).padStart(9, '0')}`;
  return `${first12}${ean13CheckDigit(first12)}`;
}
const newSku = () => `TEST-${++serial}`;

const draft = (overrides: Record<string, unknown> = {}) => ({
  sku: newSku(),
  name: 'Tartelette aux framboises',
  category: 'patisserie',
  priceCents: 425,
  barcode: newBarcode(),
  description: 'Pâte sablée, crème pâtissière, framboises du Québec.',
  ...overrides,
});

const search = async (q: string, extra = '') =>
  (await api.anon.get<{ items: Product[] }>(`/products?q=${encodeURIComponent(q)}&limit=100${extra}`)).body
    .items;
const idsFor = async (q: string) => (await search(q)).map((p) => p.id);

async function create(overrides: Record<string, unknown> = {}): Promise<Product> {
  const res = await manager.post<Product>('/products', draft(overrides));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

function expectProblem(res: ApiResponse, status: number, fields: string[] = []) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
  const paths = (res.body.errors ?? []).map((e: { path: string }) => e.path);
  for (const field of fields) expect(paths).toContain(field);
}

describe('POST /products', () => {
  it('creates the product: 201, its Location, readable at once', async () => {
    // Prepare
    const body = draft({ sku: ' test-new-1 ', name: '  Tartelette Zéphyrine  ' });
    // Act
    const res = await manager.post<Product>('/products', body);
    // Assess
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      sku: 'TEST-NEW-1',
      name: 'Tartelette Zéphyrine',
      category: 'patisserie',
      priceCents: 425,
      barcode: body.barcode,
      description: body.description,
    });
    expect(res.body.id).toEqual(expect.any(String));
    expect(res.body.createdAt).toBe(res.body.updatedAt);
    expect(res.headers.get('location')).toBe(`/products/${res.body.id}`);
    const read = await api.anon.get<Product>(res.headers.get('location')!);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(res.body);
  });

  it('makes the product searchable at once by each of its words, its SKU and its barcode', async () => {
    // Act
    const product = await create({ name: 'Galette Ombrelune aux noisettes' });
    // Assess
    for (const q of ['ombrelune', 'OMBRE', 'galette ombr', 'noisette', product.sku, product.barcode!]) {
      expect(await idsFor(q), q).toContain(product.id);
    }
  });

  it('refuses a SKU already used, whatever its case: 409 duplicate-sku', async () => {
    // Prepare
    const first = await create();
    // Act
    const res = await manager.post(
      '/products',
      draft({ sku: first.sku.toLowerCase(), name: 'Autre produit' }),
    );
    // Assess
    expectProblem(res, 409);
    expect(res.body.code).toBe('duplicate-sku');
    expect(await idsFor('autre produit')).toEqual([]);
  });

  it('refuses a barcode already used: 409 duplicate-barcode, and leaves the SKU free', async () => {
    // Prepare
    const first = await create();
    const sku = newSku();
    // Act
    const res = await manager.post('/products', draft({ sku, barcode: first.barcode }));
    // Assess
    expectProblem(res, 409);
    expect(res.body.code).toBe('duplicate-barcode');
    expect((await manager.post('/products', draft({ sku }))).status).toBe(201);
  });

  it('refuses a barcode of a demo product', async () => {
    const res = await manager.post('/products', draft({ barcode: '0628915100556' }));
    expectProblem(res, 409);
    expect(res.body.code).toBe('duplicate-barcode');
  });

  it('refuses malformed JSON with a 400 problem', async () => {
    const res = await manager.raw('POST', '/products', '{"sku": "X-1", ');
    expectProblem(res, 400, ['body']);
  });

  it('refuses an empty body with a 400 problem', async () => {
    expectProblem(await manager.raw('POST', '/products', ''), 400, ['body']);
  });

  it('names every missing field', async () => {
    const res = await manager.post('/products', {});
    expectProblem(res, 400, ['body.sku', 'body.name', 'body.category', 'body.priceCents']);
  });

  it.each([
    ['a negative price', { priceCents: -1 }, 'body.priceCents'],
    ['a fractional price', { priceCents: 4.25 }, 'body.priceCents'],
    ['a price given as text', { priceCents: '425' }, 'body.priceCents'],
    ['a barcode with a wrong check digit', { barcode: '0628915100557' }, 'body.barcode'],
    ['a barcode of 12 digits', { barcode: '062891510055' }, 'body.barcode'],
    ['a SKU with spaces inside', { sku: 'TEST 1' }, 'body.sku'],
    ['a blank name', { name: '   ' }, 'body.name'],
    ['an upper-case category', { category: 'Patisserie' }, 'body.category'],
    ['an unknown field', { color: 'red' }, 'body.color'],
    ['a server-made field', { id: 'mine' }, 'body.id'],
  ])('refuses %s with a 400 problem naming the field', async (_what, overrides, field) => {
    // Prepare
    const body = draft({ name: 'Produit refusé Quokka', ...overrides });
    // Act
    const res = await manager.post('/products', body);
    // Assess
    expectProblem(res, 400, [field]);
    expect(await idsFor('quokka')).toEqual([]);
  });
});

describe('POST /products with an Idempotency-Key', () => {
  it('answers a retry with the first answer and creates the product once', async () => {
    // Prepare
    const body = draft({ name: 'Biscotte Wapiti' });
    const key = `create-${body.sku}`;
    // Act
    const first = await manager.post<Product>('/products', body, { idempotencyKey: key });
    const retry = await manager.post<Product>('/products', body, { idempotencyKey: key });
    // Assess
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('location')).toBe(`/products/${first.body.id}`);
    expect(await idsFor('wapiti')).toEqual([first.body.id]);
  });

  it('refuses the same key with another body: 422', async () => {
    // Prepare
    const body = draft({ name: 'Biscotte Okapi' });
    const key = `create-${body.sku}`;
    const first = await manager.post<Product>('/products', body, { idempotencyKey: key });
    // Act
    const other = await manager.post('/products', { ...body, priceCents: 1 }, { idempotencyKey: key });
    // Assess
    expectProblem(other, 422);
    expect(other.body.code).toBe('idempotency-key-reused');
    const [only] = await search('okapi');
    expect(only).toMatchObject({ id: first.body.id, priceCents: 425 });
  });

  it('replays a refusal too, without running the request again', async () => {
    // Prepare
    const taken = await create();
    const body = draft({ sku: taken.sku, name: 'Biscotte Narval' });
    // Act
    const first = await manager.post('/products', body, { idempotencyKey: `dup-${taken.sku}` });
    const retry = await manager.post('/products', body, { idempotencyKey: `dup-${taken.sku}` });
    // Assess
    expect(first.status).toBe(409);
    expect(retry.status).toBe(409);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
  });

  it('treats different keys as different requests', async () => {
    const body = draft({ name: 'Biscotte Lemming' });
    const first = await manager.post('/products', body, { idempotencyKey: `a-${body.sku}` });
    const second = await manager.post('/products', body, { idempotencyKey: `b-${body.sku}` });
    expect(first.status).toBe(201);
    expect(second.status).toBe(409);
  });
});

describe('PATCH /products/{productId}', () => {
  it('renames: the old words no longer find the product, the new ones do', async () => {
    // Prepare
    const product = await create({ name: 'Galette Zéphyr' });
    expect(await idsFor('zephyr')).toContain(product.id);
    // Act
    const res = await manager.patch<Product>(`/products/${product.id}`, { name: 'Galette Quetzal' });
    // Assess
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: product.id, name: 'Galette Quetzal', sku: product.sku });
    expect(res.body.createdAt).toBe(product.createdAt);
    expect(res.body.updatedAt >= product.updatedAt).toBe(true);
    expect(await idsFor('zephyr')).not.toContain(product.id);
    expect(await idsFor('quetzal')).toContain(product.id);
    expect(await idsFor('galette')).toContain(product.id);
    expect((await api.anon.get<Product>(`/products/${product.id}`)).body.name).toBe('Galette Quetzal');
  });

  it('gives a product an English name: found by it, shown beside the French name that stays `name`', async () => {
    // Prepare
    const product = await create({ name: 'Galette Hirondelle' });
    expect(await idsFor('swallow')).not.toContain(product.id);
    // Act
    const res = await manager.patch<Product>(`/products/${product.id}`, {
      nameEn: ' Swallow cookie ',
      descriptionEn: 'Shortbread, pastry cream, Québec raspberries.',
    });
    // Assess
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: 'Galette Hirondelle',
      nameEn: 'Swallow cookie',
      descriptionEn: 'Shortbread, pastry cream, Québec raspberries.',
    });
    expect(await idsFor('swallow')).toContain(product.id);
    expect(await idsFor('hirondelle')).toContain(product.id);
    // Renamed in English: the old English words no longer find it.
    await manager.patch(`/products/${product.id}`, { nameEn: 'Martlet cookie' });
    expect(await idsFor('swallow')).not.toContain(product.id);
    expect(await idsFor('martlet')).toContain(product.id);
  });

  it('refuses an English name without a letter or a digit: 400 naming body.nameEn', async () => {
    const product = await create();
    const res = await manager.patch(`/products/${product.id}`, { nameEn: '— !' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'body.nameEn', message: expect.any(String) }]);
    expect((await api.anon.get<Product>(`/products/${product.id}`)).body.nameEn).toBeUndefined();
  });

  it('shows a new price in search results at once', async () => {
    // Prepare
    const product = await create({ name: 'Chausson Ocelot' });
    // Act
    const res = await manager.patch<Product>(`/products/${product.id}`, { priceCents: 399 });
    // Assess
    expect(res.status).toBe(200);
    expect(res.body.priceCents).toBe(399);
    expect((await search('ocelot')).map((p) => p.priceCents)).toEqual([399]);
    expect((await search(product.sku))[0]!.priceCents).toBe(399);
  });

  it('moves the product to a new category', async () => {
    // Prepare
    const product = await create({ name: 'Pain Tatou', category: 'boulangerie' });
    // Act
    await manager.patch(`/products/${product.id}`, { category: 'surgeles' });
    // Assess
    expect((await search('tatou', '&category=surgeles')).map((p) => p.id)).toEqual([product.id]);
    expect(await search('tatou', '&category=boulangerie')).toEqual([]);
  });

  it('frees the old SKU and barcode when they change', async () => {
    // Prepare
    const product = await create();
    const newCodes = { sku: newSku(), barcode: newBarcode() };
    // Act
    const res = await manager.patch<Product>(`/products/${product.id}`, newCodes);
    // Assess
    expect(res.status).toBe(200);
    expect(await idsFor(newCodes.sku)).toContain(product.id);
    expect(await idsFor(product.sku)).not.toContain(product.id);
    const reuse = await manager.post('/products', draft({ sku: product.sku, barcode: product.barcode }));
    expect(reuse.status).toBe(201);
  });

  it("refuses another product's SKU: 409, the product unchanged", async () => {
    // Prepare
    const product = await create();
    // Act
    const res = await manager.patch(`/products/${product.id}`, { sku: 'CPT-CAF-0002', priceCents: 1 });
    // Assess
    expectProblem(res, 409);
    expect(res.body.code).toBe('duplicate-sku');
    expect((await api.anon.get<Product>(`/products/${product.id}`)).body).toEqual(product);
  });

  it('answers 404 for an unknown product', async () => {
    expectProblem(await manager.patch('/products/no-such-product', { priceCents: 100 }), 404);
  });

  it('refuses an empty change with a 400 problem', async () => {
    const product = await create();
    expectProblem(await manager.patch(`/products/${product.id}`, {}), 400, ['body']);
  });

  it.each([
    ['a negative price', { priceCents: -5 }, 'body.priceCents'],
    ['a bad barcode', { barcode: '0628915100557' }, 'body.barcode'],
    ['an unknown field', { stock: 3 }, 'body.stock'],
  ])('refuses %s with a 400 problem, the product unchanged', async (_what, patch, field) => {
    // Prepare
    const product = await create();
    // Act
    const res = await manager.patch(`/products/${product.id}`, patch);
    // Assess
    expectProblem(res, 400, [field]);
    expect((await api.anon.get<Product>(`/products/${product.id}`)).body).toEqual(product);
  });
});
