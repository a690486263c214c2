import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResponse, Client, TestRuntime } from '../support/runtime.ts';
import { demoProducts } from '#local/seed/demo-catalog.ts';
import { startTestRuntime } from '../support/runtime.ts';

interface StockLine {
  locationId: string;
  productId: string;
  name: string;
  onHand: number;
  reserved: number;
  available: number;
  status: string;
  thresholds: { low: number; reorder: number; over: number };
  suggestedQuantity: number;
}
interface LocationStock {
  location: { id: string; name: string; kind: string };
  items: StockLine[];
}

let api: TestRuntime;
/** The cashier of store-1: reads its store and the central warehouse. */
let cashier: Client;
let manager: Client;

beforeAll(async () => {
  api = await startTestRuntime();
  cashier = api.as('cashier1');
  manager = api.as('manager');
});
afterAll(() => api.stop());

const originals = ['timbits', 'coffee', 'donut', 'bagel', 'muffin'];
const levelsOf = (items: StockLine[]) =>
  Object.fromEntries(
    items.filter((l) => originals.includes(l.productId)).map((l) => [l.productId, [l.onHand, l.status]]),
  );

function expectProblem(res: ApiResponse, status: number, fields: string[] = []) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const paths = (res.body.errors ?? []).map((e: { path: string }) => e.path);
  for (const field of fields) expect(paths).toContain(field);
}

describe('GET /locations', () => {
  it('lists the five stores, the central warehouse and the head office', async () => {
    // Act
    const res = await manager.get<{ items: { id: string; name: string; kind: string }[] }>('/locations');
    // Assess
    expect(res.status).toBe(200);
    const kinds = Object.fromEntries(res.body.items.map((l) => [l.id, l.kind]));
    expect(kinds).toEqual({
      'store-1': 'store',
      'store-2': 'store',
      'store-3': 'store',
      'store-4': 'store',
      'store-5': 'store',
      warehouse: 'warehouse',
      'head-office': 'head-office',
    });
    expect(res.body.items.find((l) => l.id === 'store-1')!.name).toBe('Centre-Ville');
  });
});

describe('GET /locations/{locationId}/stock', () => {
  it("shows store-1's original products at their demo levels and statuses", async () => {
    // Act
    const res = await cashier.get<LocationStock>('/locations/store-1/stock');
    // Assess
    expect(res.status).toBe(200);
    expect(res.body.location).toEqual({ id: 'store-1', name: 'Centre-Ville', kind: 'store' });
    expect(levelsOf(res.body.items)).toEqual({
      timbits: [23, 'reorder'],
      coffee: [2, 'low'],
      donut: [45, 'ok'],
      bagel: [2, 'low'],
      muffin: [84, 'over'],
    });
  });

  it('holds a line for every stocked product of the catalog, none for those made to order, each consistent', async () => {
    // Act
    const res = await cashier.get<LocationStock>('/locations/store-1/stock');
    // Assess
    const madeToOrder = demoProducts.filter((p) => !p.stocked).map((p) => p.id);
    expect(madeToOrder).toContain('americano');
    expect(res.body.items).toHaveLength(api.runtime.seeded!.products - madeToOrder.length);
    expect(res.body.items.map((l) => l.productId)).not.toContain('americano');
    for (const line of res.body.items) {
      expect(line.locationId).toBe('store-1');
      expect(line.available).toBe(line.onHand - line.reserved);
      expect(line.thresholds).toEqual({ low: 15, reorder: 25, over: 65 });
    }
  });

  it('suggests how many units to order back up to the overstock threshold', async () => {
    const res = await cashier.get<LocationStock>('/locations/store-1/stock');
    const suggested = Object.fromEntries(res.body.items.map((l) => [l.productId, l.suggestedQuantity]));
    expect(suggested).toMatchObject({ timbits: 42, coffee: 63, donut: 0, bagel: 63, muffin: 0 });
  });

  it('with ?status=low, lists only the low lines', async () => {
    // Prepare
    const all = (await cashier.get<LocationStock>('/locations/store-1/stock')).body.items;
    // Act
    const res = await cashier.get<LocationStock>('/locations/store-1/stock?status=low');
    // Assess
    expect(res.status).toBe(200);
    expect(res.body.items.map((l) => l.productId)).toEqual(
      all.filter((l) => l.status === 'low').map((l) => l.productId),
    );
    expect(res.body.items.map((l) => l.productId)).toEqual(expect.arrayContaining(['coffee', 'bagel']));
    for (const line of res.body.items) expect(line.status).toBe('low');
  });

  it('with ?productId=, lists that product only', async () => {
    const res = await cashier.get<LocationStock>('/locations/store-1/stock?productId=timbits');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({
      productId: 'timbits',
      name: 'Timbits',
      onHand: 23,
      available: 23,
    });
  });

  it('with ?productId= of a product not stocked there, lists nothing', async () => {
    const res = await cashier.get<LocationStock>('/locations/store-1/stock?productId=no-such-product');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
  });

  it('shows the central stock of the warehouse', async () => {
    // Act
    const res = await cashier.get<LocationStock>('/locations/warehouse/stock');
    // Assess
    expect(res.status).toBe(200);
    expect(res.body.location.kind).toBe('warehouse');
    expect(levelsOf(res.body.items)).toEqual({
      timbits: [80, 'over'],
      coffee: [60, 'ok'],
      donut: [40, 'ok'],
      bagel: [75, 'over'],
      muffin: [25, 'ok'],
    });
  });

  it('shows no stock at the head office', async () => {
    const res = await manager.get<LocationStock>('/locations/head-office/stock');
    expect(res.status).toBe(200);
    expect(res.body.location.kind).toBe('head-office');
    expect(res.body.items).toEqual([]);
  });

  it('answers 404 for an unknown location', async () => {
    expectProblem(await manager.get('/locations/store-9/stock'), 404);
  });

  it.each([
    ['an unknown status', '/locations/store-1/stock?status=empty', 'query.status'],
    ['an unknown parameter', '/locations/store-1/stock?sort=name', 'query.sort'],
    ['a location id that cannot be one', '/locations/Store%201/stock', 'path.locationId'],
  ])('refuses %s with a 400 problem', async (_what, path, field) => {
    expectProblem(await manager.get(path), 400, [field]);
  });
});

describe('GET /stock/{productId}', () => {
  it('lists the product at the five stores and the warehouse', async () => {
    // Act
    const res = await manager.get<{ productId: string; items: StockLine[] }>('/stock/timbits');
    // Assess
    expect(res.status).toBe(200);
    expect(res.body.productId).toBe('timbits');
    expect(res.body.items.map((l) => [l.locationId, l.onHand, l.status])).toEqual([
      ['store-1', 23, 'reorder'],
      ['store-2', 34, 'ok'],
      ['store-3', 56, 'ok'],
      ['store-4', 5, 'low'],
      ['store-5', 10, 'low'],
      ['warehouse', 80, 'over'],
    ]);
  });

  it('puts 24 units at "reorder" and 25 at "ok" (the original thresholds)', async () => {
    // Act
    const [muffin, coffee] = await Promise.all([
      manager.get<{ items: StockLine[] }>('/stock/muffin'),
      manager.get<{ items: StockLine[] }>('/stock/coffee'),
    ]);
    // Assess
    expect(muffin.body.items.find((l) => l.locationId === 'store-2')).toMatchObject({
      onHand: 24,
      status: 'reorder',
    });
    expect(coffee.body.items.find((l) => l.locationId === 'store-5')).toMatchObject({
      onHand: 25,
      status: 'ok',
    });
  });

  it('answers 404 for a product without stock anywhere', async () => {
    expectProblem(await manager.get('/stock/no-such-product'), 404);
  });
});
