import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '#domain/catalog/product.ts';
import { startRuntime } from '#local/runtime.ts';
import type { ApiResponse, TestRuntime } from '../support/runtime.ts';
import { startTestRuntime, testClientsFor } from '../support/runtime.ts';

// process.env is global and every runtime sets it: each describe starts and stops its own, one at a time.

function expectProblem(res: ApiResponse, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
}

describe('local gateway', () => {
  let api: TestRuntime;
  beforeAll(async () => {
    api = await startTestRuntime();
  });
  afterAll(() => api.stop());

  it('echoes the x-correlation-id it is sent', async () => {
    const res = await api.anon.get('/health', { headers: { 'x-correlation-id': 'till-7:sale-0042' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-correlation-id')).toBe('till-7:sale-0042');
  });

  it('echoes it on a refusal too', async () => {
    const res = await api.anon.get('/products?limit=0', { headers: { 'x-correlation-id': 'bad-limit-1' } });
    expectProblem(res, 400);
    expect(res.headers.get('x-correlation-id')).toBe('bad-limit-1');
  });

  it('makes a new correlation id for each request that brings none', async () => {
    // Act
    const [a, b] = await Promise.all([api.anon.get('/health'), api.anon.get('/products/coffee')]);
    // Assess
    const ids = [a.headers.get('x-correlation-id'), b.headers.get('x-correlation-id')];
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9._:-]{8,128}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('replaces a correlation id that is not safe to log', async () => {
    const sent = 'evil\tid with spaces';
    const res = await api.anon.get('/health', { headers: { 'x-correlation-id': sent } });
    expect(res.headers.get('x-correlation-id')).not.toBe(sent);
    expect(res.headers.get('x-correlation-id')).toMatch(/^[A-Za-z0-9._:-]{8,128}$/);
  });

  it('answers an unknown path with a 404 problem', async () => {
    expectProblem(await api.anon.get('/no/such/route'), 404);
  });

  it('answers a known path with a wrong method with a 405 problem', async () => {
    expectProblem(await api.anon.delete('/products'), 405);
    expectProblem(await api.anon.post('/health', {}), 405);
  });

  it('answers a path parameter that is not valid percent-encoded UTF-8 with a 400 problem naming it', async () => {
    for (const bad of ['%zz', '%C0%AF', '%E0%A4%A']) {
      const res = await api.anon.get(`/products/${bad}`);
      expectProblem(res, 400);
      expect(res.body.errors).toEqual([{ path: 'path.productId', message: 'malformed percent-encoding' }]);
    }
  });

  it('answers a URL longer than the HTTP parser takes with a 431 problem', async () => {
    expectProblem(await api.anon.get(`/products?q=${'a'.repeat(20_000)}`), 431);
  });
});

describe('local runtime with a data folder', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'comptoir-runtime-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps what users changed across a restart, and loads the demo data only once', async () => {
    // Prepare: a first start loads the demo data; a manager adds a product and changes a price
    const first = testClientsFor(await startRuntime({ port: 0, dataDir }));
    let created: Product;
    try {
      expect(first.runtime.seeded?.seeded).toBe(true);
      const res = await first.as('manager').post<Product>('/products', {
        sku: 'PERSIST-1',
        name: 'Brioche Pérenne',
        category: 'boulangerie',
        priceCents: 380,
      });
      expect(res.status).toBe(201);
      created = res.body;
      expect((await first.as('manager').patch('/products/coffee', { priceCents: 209 })).status).toBe(200);
    } finally {
      await first.stop();
    }

    // Act: start again on the same folder
    const second = testClientsFor(await startRuntime({ port: 0, dataDir }));
    try {
      // Assess
      expect(second.runtime.seeded?.seeded).toBe(false);
      expect((await second.anon.get<Product>(`/products/${created.id}`)).body).toEqual(created);
      const found = await second.anon.get<{ items: Product[] }>('/products?q=perenne');
      expect(found.body.items.map((p) => p.id)).toEqual([created.id]);
      expect((await second.anon.get<Product>('/products/coffee')).body.priceCents).toBe(209);
      const timbits = await second.anon.get<{ items: Product[] }>('/products?q=CPT-PAT-0001');
      expect(timbits.body.items.filter((p) => p.sku === 'CPT-PAT-0001')).toHaveLength(1);
      const all = await second.anon.get<{ items: Product[]; nextCursor?: string }>('/products?limit=100');
      expect(all.body.items).toHaveLength(first.runtime.seeded!.products + 1);
    } finally {
      await second.stop();
    }
  });
});
