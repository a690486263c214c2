import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiDocs } from '#functions/ops/api-docs.ts';
import { routeKey, routes } from '#infra/spec/routes.ts';
import type { TestRuntime } from '../support/runtime.ts';
import { startTestRuntime } from '../support/runtime.ts';

interface Operation {
  operationId: string;
  summary: string;
  parameters: { name: string; in: string; required: boolean }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  security?: unknown[];
  responses: Record<string, unknown>;
}
type Document = {
  openapi: string;
  info: { version: string };
  paths: Record<string, Record<string, Operation>>;
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
    if (['POST', 'PUT', 'PATCH'].includes(route.method) && apiDocs[routeKey(route)]?.body) {
      expect(op!.requestBody?.content['application/json']?.schema).toBeDefined();
    }
    expect(op!.security === undefined).toBe(route.access === 'public');
  });

  it('gives operations distinct ids', () => {
    const ids = operations().map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('describes the search parameters and the product a client sends', () => {
    const search = doc.paths['/products']!.get!;
    expect(search.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(['q', 'category', 'limit', 'cursor']),
    );
    const create = doc.paths['/products']!.post!;
    const schema = create.requestBody!.content['application/json']!.schema as { required: string[] };
    expect(schema.required).toEqual(expect.arrayContaining(['sku', 'name', 'category', 'priceCents']));
    expect(create.parameters.map((p) => p.name)).toContain('Idempotency-Key');
  });
});

describe('functions/ops/api-docs.ts', () => {
  it('documents every route of the route table', () => {
    const missing = routes.map(routeKey).filter((key) => !(key in apiDocs));
    expect(missing).toEqual([]);
  });

  it('documents no route that does not exist', () => {
    const known = new Set(routes.map(routeKey));
    expect(Object.keys(apiDocs).filter((key) => !known.has(key))).toEqual([]);
  });

  it('documents the response of every route that answers with a body', () => {
    const undocumented = routes
      .map(routeKey)
      .filter((key) => apiDocs[key] && !apiDocs[key].response && apiDocs[key].status !== 204);
    expect(undocumented).toEqual([]);
  });
});
