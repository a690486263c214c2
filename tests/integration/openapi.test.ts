import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiContracts } from '#functions/ops/api-docs.ts';
import type { ContractHandler } from '#functions/shared/http.ts';
import { successStatuses } from '#functions/shared/contract.ts';
import { routeKey, routes } from '#infra/spec/routes.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { checkAnswer, startTestRuntime } from '../support/runtime.ts';

interface Operation {
  operationId: string;
  summary: string;
  parameters?: { name: string; in: string; required: boolean }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  security?: unknown[];
  responses: Record<string, unknown>;
}
type Document = {
  openapi: string;
  info: { version: string };
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { responses: Record<string, { content: Record<string, { schema: unknown }> }> };
};

let api: TestRuntime;
let doc: Document;

beforeAll(async () => {
  api = await startTestRuntime({ seed: false });
  const res = await api.anon.get<Document>('/openapi.json');
  expect(res.status).toBe(200);
  doc = res.body;
});
afterAll(() => api.stop());

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
  );
const pathParams = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document of this version', async () => {
    const health = await api.anon.get<{ version: string }>('/health');
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.info.version).toBe(health.body.version);
  });

  it('has exactly one operation per route of the route table', () => {
    expect(
      operations()
        .map((o) => o.key)
        .sort(),
    ).toEqual(routes.map(routeKey).sort());
  });

  it.each(routes.map((r) => [routeKey(r), r] as const))('documents %s', (_key, route) => {
    // Act
    const op = doc.paths[route.path]?.[route.method.toLowerCase()];
    // Assess
    expect(op).toBeDefined();
    expect(op!.summary).toBe(route.summary);
    for (const name of pathParams(route.path)) {
      expect(op!.parameters).toContainEqual(expect.objectContaining({ name, in: 'path', required: true }));
    }
    const contract = apiContracts[routeKey(route)]!;
    expect(op!.requestBody?.content['application/json']?.schema !== undefined).toBe(
      contract.body !== undefined,
    );
    // Public operations say so (`security: []`); the others need the bearer token.
    expect(op!.security).toEqual(route.access === 'public' ? [] : [{ bearer: [] }]);
    const statuses = Object.keys(op!.responses);
    expect(statuses.filter((s) => s < '300')).toEqual(successStatuses(contract).map(String));
    // Every problem the route can answer is documented, as application/problem+json.
    const problems = ['400', '429', '500', ...(route.access === 'public' ? [] : ['401'])];
    if (route.path.includes('{')) problems.push('404');
    if (contract.idempotency) problems.push('409', '422');
    for (const status of [...problems, ...(contract.problems ?? []).map(String)]) {
      const ref = (op!.responses[status] as { $ref?: string } | undefined)?.$ref ?? '';
      const response = doc.components.responses[ref.replace('#/components/responses/', '')];
      expect(response?.content['application/problem+json'], `${status} of ${routeKey(route)}`).toBeDefined();
    }
  });

  it('marks the Idempotency-Key header required exactly where a request without it is refused', () => {
    const keyed = operations().flatMap(({ key, op }) =>
      (op.parameters ?? [])
        .filter((p) => p.name === 'Idempotency-Key' && p.in === 'header')
        .map((p) => `${key} ${p.required ? 'required' : 'optional'}`),
    );
    expect(keyed.sort()).toEqual(
      [
        'POST /locations/{storeId}/sales required',
        'POST /carts/{cartId}/checkout required',
        'POST /orders/{orderId}/returns required',
        'POST /locations/{storeId}/replenishments required',
        'POST /locations/{locationId}/adjustments required',
        'POST /replenishments/{replenishmentId}/receipt required',
        'POST /purchase-orders/{purchaseOrderId}/send required',
        'POST /purchase-orders/{purchaseOrderId}/cancel required',
        'POST /purchase-orders/{purchaseOrderId}/receipts required',
        'POST /locations/{locationId}/counts required',
        'POST /products optional',
        'POST /reports/exports optional',
        'POST /carts optional',
        'POST /locations/{storeId}/registers/{registerId}/sessions required',
        'POST /locations/{storeId}/registers/{registerId}/sessions/{sessionId}/cash-movements required',
        'POST /locations/{storeId}/registers/{registerId}/sessions/{sessionId}/close required',
        'POST /fulfilments/{orderId}/steps required',
        'POST /fulfilments/{orderId}/collect required',
        'POST /fulfilments/{orderId}/cancel required',
        'POST /promo-codes required',
        'POST /locations/{storeId}/parked-baskets required',
      ].sort(),
    );
  });

  it('says who must name the location to list orders (a manager without it gets 400)', () => {
    const param = doc.paths['/orders']!.get!.parameters!.find((p) => p.name === 'locationId') as
      { required: boolean; description?: string } | undefined;
    expect(param?.required).toBe(false);
    expect(param?.description).toMatch(/manager or ops must name it/);
  });

  it('names the server it is served by', () => {
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
  });

  it('gives operations distinct ids', () => {
    const ids = operations().map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('describes the search parameters and the product a client sends', () => {
    const search = doc.paths['/products']!.get!;
    expect((search.parameters ?? []).map((p) => p.name)).toEqual(
      expect.arrayContaining(['q', 'category', 'limit', 'cursor']),
    );
    const create = doc.paths['/products']!.post!;
    const schema = create.requestBody!.content['application/json']!.schema as { required: string[] };
    expect(schema.required).toEqual(expect.arrayContaining(['sku', 'name', 'category', 'priceCents']));
    expect((create.parameters ?? []).map((p) => p.name)).toContain('Idempotency-Key');
  });
});

describe('one contract per route (functions/shared/contract.ts)', () => {
  it('has a contract for every route of the route table', () => {
    const missing = routes.map(routeKey).filter((key) => !(key in apiContracts));
    expect(missing).toEqual([]);
  });

  it('has no contract for a route that does not exist', () => {
    const known = new Set(routes.map(routeKey));
    expect(Object.keys(apiContracts).filter((key) => !known.has(key))).toEqual([]);
  });

  it.each(routes.map((r) => [routeKey(r), r] as const))(
    '%s: its handler is built from its contract',
    async (key, route) => {
      const { handler } = (await import(
        /* @vite-ignore */ pathToFileURL(`functions/${route.handler}.ts`).href
      )) as { handler: ContractHandler };
      expect(handler.contract).toBe(apiContracts[key]);
    },
  );

  it.each(routes.map((r) => [routeKey(r), r] as const))(
    '%s: the contract agrees with the route table',
    (key, route) => {
      const contract = apiContracts[key]!;
      expect(contract.route).toBe(key);
      // The path parameters validated are exactly the path's.
      const shape =
        (contract.params as { def?: { shape?: Record<string, unknown> } } | undefined)?.def?.shape ?? {};
      expect(Object.keys(shape).sort()).toEqual(pathParams(route.path).sort());
      if (route.method === 'GET') {
        expect(contract.body).toBeUndefined();
        expect(contract.idempotency).toBeUndefined();
      }
      // The idempotency record or keyed entity is written to a table the function may write.
      if (contract.idempotency) expect(route.writes ?? []).toContain(contract.idempotency.table);
      expect(successStatuses(contract).length).toBeGreaterThan(0);
    },
  );
});

describe("the integration tests' client (tests/support/runtime.ts)", () => {
  it('fails a test on a 2xx answer its route contract does not allow', () => {
    const at = '2026-12-01T12:00:00.000Z';
    const product = {
      id: 'p1',
      sku: 'X',
      name: 'X',
      category: 'bakery',
      priceCents: 100,
      taxClass: 'bakery-single',
      stocked: true,
      createdAt: at,
      updatedAt: at,
    };
    expect(() => checkAnswer('GET', '/products/p1', 200, product)).not.toThrow();
    expect(() => checkAnswer('GET', '/products/p1', 200, { ...product, priceCents: '1.00' })).toThrow(
      /GET \/products\/\{productId\}.*priceCents/,
    );
    expect(() => checkAnswer('GET', '/products/p1', 203, {})).toThrow(/does not list/);
    expect(() => checkAnswer('GET', '/products/p1', 200, { ...product, costCents: 40 })).toThrow(
      /does not name: costCents/,
    );
    expect(() => checkAnswer('POST', '/users/u1/password', 204, '{}')).toThrow(/says none/);
  });

  it('lets through problems and what is not a route', () => {
    expect(() => checkAnswer('GET', '/products/p1', 404, { nothing: true })).not.toThrow();
    expect(() => checkAnswer('GET', '/index.html', 200, '<html>')).not.toThrow();
  });
});
