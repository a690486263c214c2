import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeKey, routes, type Role, type RouteSpec } from '#infra/spec/routes.ts';
import { demoPassword, startTestRuntime, type TestRuntime } from '../support/runtime.ts';

/**
 * "Bad input never gets a 500": every route of infra/spec/routes.ts (a route added later is fuzzed
 * without touching this file), called as a user its `access` allows, with generated hostile input —
 * malformed JSON, JSON of the wrong type, bodies with missing, extra and wrong-typed fields at any
 * depth, odd path parameters and query strings, bad Idempotency-Keys, wrong content types. The
 * shapes of valid input come from the served OpenAPI document (the handlers' own zod schemas), so
 * part of every run is plausible enough to reach the use cases and adapters behind the validation.
 *
 * Every answer must be below 500, or a documented deliberate 5xx problem; every 4xx must be an
 * `application/problem+json` document whose `status` is the HTTP status, and every 400 must name
 * its field errors. Deterministic: a fixed seed (FUZZ_SEED overrides it, FUZZ_RUNS the run count);
 * a failure prints the seed and the request that broke the rule.
 */
const seed = Number(process.env.FUZZ_SEED ?? 20261125);
const numRuns = Number(process.env.FUZZ_RUNS ?? 40);

/** The deliberate 5xx answers (api.md): the payment provider is down, nothing was charged. */
const documented5xx: Readonly<Record<number, readonly string[]>> = { 503: ['payment-unavailable'] };

/** The demo user who plays each role; cashier1 works at store-1. */
const userOf: Record<Role, string> = {
  customer: 'customer',
  cashier: 'cashier1',
  manager: 'manager',
  ops: 'ops',
};
const ownStore = 'store-1';

function callerOf(route: RouteSpec): string | undefined {
  if (route.access === 'public') return undefined;
  if (route.access === 'signed-in') return 'customer';
  return userOf[route.access[0]!];
}

// ---------------------------------------------------------------------------------------------
// The OpenAPI document as the source of shapes (JSON Schema of the zod schemas, io: input).

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: JsonSchema;
}

interface Operation {
  parameters: Parameter[];
  requestBody?: { content: { 'application/json': { schema: JsonSchema } } };
}

/** Real ids (and other values) by field name, so generated requests also reach existing data. */
const known: Record<string, string[]> = {
  locationId: ['store-1', 'warehouse', 'head-office'],
  storeId: ['store-1'],
  from: ['2026-01-01', '2026-11-01T00:00:00Z'],
  to: ['2026-12-31', '2026-11-30T23:59:59Z'],
};

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v) ?? 'null').toString('base64url');

/**
 * Pagination cursors are base64url JSON the server reads back: forged ones (keys of the wrong shape
 * or type, another route's cursor) must be refused as bad input, never reach DynamoDB as a start key.
 */
const forgedCursor: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    ...['{}', '[]', 'null', '"a"', '1', '{"pk":"x"}', '{"f":"","k":{}}'].map((t) => b64(JSON.parse(t))),
  ),
  fc.jsonValue({ maxDepth: 3 }).map(b64),
  fc
    .record({ pk: fc.jsonValue({ maxDepth: 1 }), sk: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: [] })
    .map(b64),
  fc
    .record(
      {
        f: fc.string({ maxLength: 10 }),
        k: fc.oneof(
          fc.jsonValue({ maxDepth: 2 }),
          fc.record({ pk: fc.jsonValue({ maxDepth: 1 }), sk: fc.string() }),
        ),
        n: fc.oneof(fc.integer(), fc.double(), fc.string()),
      },
      { requiredKeys: [] },
    )
    .map(b64),
  fc.string({ maxLength: 40 }).map(b64),
  fc
    .constant(null)
    .chain(() => (known.cursor?.length ? fc.constantFrom(...known.cursor) : fc.constant('e30'))),
  // a real cursor tampered with: a key attribute dropped, added or of another type
  fc
    .constant(null)
    .chain(() =>
      fc
        .tuple(fc.constantFrom(...(known.cursor?.length ? known.cursor : ['e30'])), mutation)
        .map(([c, m]) => b64(mutate(JSON.parse(Buffer.from(c, 'base64url').toString('utf8')), m))),
    ),
);

function arbOf(schema: JsonSchema, name?: string): fc.Arbitrary<unknown> {
  const base = name === 'cursor' ? fc.oneof(schemaArb(schema), forgedCursor) : schemaArb(schema);
  const pool = name !== undefined ? known[name] : undefined;
  return pool && pool.length > 0
    ? fc.oneof({ arbitrary: fc.constantFrom(...pool), weight: 3 }, { arbitrary: base, weight: 1 })
    : base;
}

function schemaArb(s: JsonSchema): fc.Arbitrary<unknown> {
  const alternatives = s.oneOf ?? s.anyOf;
  if (alternatives) return fc.oneof(...alternatives.map((a) => schemaArb(a)));
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  switch (s.type) {
    case 'string': {
      const min = s.minLength ?? 0;
      const max = Math.min(s.maxLength ?? 40, 40);
      if (s.pattern) return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length >= min);
      return fc.string({ minLength: Math.min(min, max), maxLength: Math.max(min, max) });
    }
    case 'integer':
      return fc.integer({ min: s.minimum ?? -1_000_000, max: s.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ noNaN: true, min: s.minimum ?? -1e6, max: s.maximum ?? 1e6 });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(arbOf(s.items ?? {}), {
        minLength: s.minItems ?? 0,
        maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 3, 3)),
      });
    case 'object': {
      const props = s.properties ?? {};
      return fc.record(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, arbOf(v, k)])), {
        requiredKeys: (s.required ?? []).filter((k) => k in props),
      });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

// ---------------------------------------------------------------------------------------------
// Hostile values.

const nastyStrings = [
  '',
  ' ',
  '12',
  '-1',
  '1e3',
  '1e400',
  'NaN',
  'Infinity',
  '-0',
  '0x10',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  '../../etc/passwd',
  '..',
  '%2F',
  '%00',
  '\u0000',
  '\ud800',
  '\ufeff',
  '🧀🥖 crème brûlée',
  'e\u0301',
  'ﬁ',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '2026-02-30',
  '9999-99-99T99:99Z',
  'x'.repeat(10_000),
  'é'.repeat(3_000),
  '😀'.repeat(500),
];
const nastyNumbers = [
  0,
  -1,
  -0.5,
  0.5,
  1.000001,
  1e-7,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  1e21,
  1e308,
  -1e308,
];

const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...nastyStrings),
  fc.constantFrom(...nastyNumbers),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(null, true, false, [], {}),
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
);

const extraKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'id', 'pk', 'sk', 'version', ''),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);

/** Sets an own property even for names like `__proto__` (as JSON.parse would). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

interface Mutation {
  readonly at: number;
  readonly kind: 'replace' | 'delete' | 'add';
  readonly key: string;
  readonly value: unknown;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('replace' as const, 'delete' as const, 'add' as const),
  key: extraKey,
  value: nastyValue,
});

/** Applies a mutation to a deep copy: the `at`-th container (object or array) of the value is changed. */
function mutate(value: unknown, m: Mutation): unknown {
  const root = structuredClone(value);
  const containers: unknown[] = [];
  const walk = (v: unknown) => {
    if (v !== null && typeof v === 'object') {
      containers.push(v);
      for (const child of Object.values(v)) walk(child);
    }
  };
  walk(root);
  if (containers.length === 0) return m.value;
  const target = containers[m.at % containers.length] as Record<string, unknown> | unknown[];
  const keys = Object.keys(target);
  const key = keys.length > 0 ? keys[m.at % keys.length]! : undefined;
  if (m.kind === 'add' || key === undefined) {
    if (Array.isArray(target)) target.push(m.value);
    else setOwn(target, m.key, m.value);
  } else if (m.kind === 'delete') {
    if (Array.isArray(target)) target.splice(Number(key), 1);
    else delete target[key];
  } else {
    if (Array.isArray(target)) target[Number(key)] = m.value;
    else setOwn(target, key, m.value);
  }
  return root;
}

const malformedJson = fc.oneof(
  fc.constantFrom(
    '{',
    '}',
    '{"a":',
    "{'lines': []}",
    '{"quantity": 1,}',
    '{"quantity": 01}',
    '{"quantity": NaN}',
    '{"quantity": Infinity}',
    '{"a": undefined}',
    'NaN',
    '\ufeff{}',
    '\u0000',
    '[1, 2',
    '"unterminated',
    '{"a":"\\x41"}',
    '{"a":"\\ud800"}',
    '{"a":1}{"b":2}',
    '['.repeat(20_000),
    '{"a":'.repeat(5_000),
    `{"x": "${'y'.repeat(900_000)}"}`,
  ),
  fc.string({ unit: 'binary', maxLength: 50 }).filter((t) => {
    try {
      JSON.parse(t);
      return false;
    } catch {
      return true;
    }
  }),
);

const wrongTopLevel = fc.oneof(
  fc.constantFrom('[]', '[{}]', '0', '-1', '1.5', 'null', 'true', '"a string"', '""', '{}'),
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? 'null'),
);

const wrongContentType = fc.constantFrom(
  undefined,
  'text/plain',
  'text/plain; charset=utf-8',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  'application/octet-stream',
  'application/merge-patch+json',
  '*/*',
  'garbage',
);

const isJson = (contentType: string | undefined) =>
  contentType !== undefined && /^application\/([\w.-]+\+)?json(;\s*charset=utf-8)?$/i.test(contentType);

const badIdempotencyKey = fc.oneof(
  fc.constantFrom(undefined, '', ' ', 'k'.repeat(256), 'k'.repeat(5_000), 'ké', 'a b', 'tab\there'),
  // fetch itself refuses control characters in a header value
  fc
    .string({ unit: 'binary-ascii', maxLength: 40 })
    .filter((k) => ![...k].some((c) => c < ' ' || c === '\x7f')),
);

/** A path parameter as sent on the wire (already percent-encoded where meant). */
const oddPathValue = fc.oneof(
  fc.constantFrom(
    '..',
    '.',
    '%2e%2e',
    '%2F',
    'a%2Fb',
    '%2F..%2F..%2Fetc',
    '%00',
    '%',
    '%zz',
    '%E0%A4%A',
    '%C0%AF',
    '%20',
    '-',
    '_',
    'a'.repeat(65),
    'a'.repeat(5_000),
    'STORE-1',
    'store-1 ',
    '__proto__',
    'constructor',
    'hasOwnProperty',
  ),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).map(encodeURIComponent),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }).map(encodeURIComponent),
);

// ---------------------------------------------------------------------------------------------
// Requests.

interface Attempt {
  readonly attack: string;
  readonly path: string;
  readonly query: string;
  readonly body?: string;
  readonly contentType?: string | undefined;
  readonly idempotencyKey?: string | undefined;
}

/** Percent-encodes a value for a URL (a lone surrogate cannot be encoded: it becomes U+FFFD). */
const enc = (v: unknown) =>
  encodeURIComponent((typeof v === 'string' ? v : (JSON.stringify(v) ?? 'null')).toWellFormed());

function buildPath(route: RouteSpec, values: Record<string, string>): string {
  return route.path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');
}

let keyCounter = 0;
const freshKey = () => `fuzz-${seed}-${++keyCounter}`;

function attemptsFor(route: RouteSpec, op: Operation): fc.Arbitrary<Attempt> {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const idempotent = op.parameters.some((p) => p.in === 'header' && p.name === 'Idempotency-Key');
  const bodySchema = op.requestBody?.content['application/json'].schema;
  const takesBody = route.method !== 'GET' && route.method !== 'DELETE';
  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

  const validPath = fc.record(
    Object.fromEntries(
      names.map((n) => {
        if (n === route.storeParam) return [n, fc.constant(ownStore)];
        const schema = pathParams.find((p) => p.name === n)?.schema ?? { type: 'string' };
        return [n, arbOf(schema, n).map(enc)];
      }),
    ),
  ) as fc.Arbitrary<Record<string, string>>;

  const validQuery = fc
    .tuple(
      ...queryParams.map((p) =>
        p.required
          ? arbOf(p.schema, p.name).map((v) => [`${p.name}=${enc(v)}`])
          : fc.option(
              arbOf(p.schema, p.name).map((v) => [`${p.name}=${enc(v)}`]),
              { nil: [] as string[] },
            ),
      ),
    )
    .map((parts) => parts.flat());

  const validBody: fc.Arbitrary<unknown> = bodySchema ? arbOf(bodySchema) : fc.constant({});

  const plain = (attack: string, path: Record<string, string>, query: string[], body?: unknown) => ({
    attack,
    path: buildPath(route, path),
    query: query.join('&'),
    ...(takesBody ? { body: JSON.stringify(body ?? {}), contentType: 'application/json' } : {}),
    ...(idempotent ? { idempotencyKey: freshKey() } : {}),
  });

  const kinds: fc.Arbitrary<Attempt>[] = [
    fc.tuple(validPath, validQuery, validBody).map(([p, q, b]) => plain('plausible input', p, q, b)),
    fc
      .tuple(validPath, validQuery, fc.constantFrom(...(names.length > 0 ? names : ['-'])), oddPathValue)
      .map(([p, q, name, odd]) =>
        names.length > 0
          ? plain('odd path parameter', { ...p, [name]: odd }, q, {})
          : { ...plain('odd path suffix', p, q, {}), path: `${route.path}/${odd}` },
      ),
    fc
      .tuple(
        validPath,
        validQuery,
        fc.array(
          fc.oneof(
            fc.tuple(fc.string({ unit: 'grapheme', maxLength: 10 }), nastyValue),
            fc.tuple(fc.constantFrom(...queryParams.map((p) => p.name), 'limit', 'cursor'), nastyValue),
          ),
          { minLength: 1, maxLength: 4 },
        ),
        fc.boolean(),
      )
      .map(([p, q, extra, raw]) =>
        plain(
          'odd query string',
          p,
          [
            ...q,
            ...extra.map(([k, v]) =>
              raw ? `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}` : `${enc(k)}=${enc(v)}`,
            ),
          ].map((part) => part.replace(/#/g, '%23')),
        ),
      ),
  ];
  if (takesBody) {
    const withBody = (attack: string, body: fc.Arbitrary<string>) =>
      fc.tuple(validPath, validQuery, body).map(([p, q, text]) => ({ ...plain(attack, p, q), body: text }));
    kinds.push(
      withBody('malformed JSON', malformedJson),
      withBody('JSON of the wrong type', wrongTopLevel),
      withBody(
        'mutated body',
        fc
          .tuple(validBody, fc.array(mutation, { minLength: 1, maxLength: 3 }))
          .map(([b, ms]) => JSON.stringify(ms.reduce((v, m) => mutate(v, m), b)) ?? 'null'),
      ),
      fc
        .tuple(validPath, validQuery, validBody, wrongContentType, fc.boolean())
        .map(([p, q, b, ct, form]) => ({
          ...plain('wrong content type', p, q, b),
          ...(form ? { body: 'a=1&b=%7B%7D' } : {}),
          contentType: ct,
        })),
    );
  }
  if (idempotent)
    kinds.push(
      fc
        .tuple(validPath, validQuery, validBody, badIdempotencyKey)
        .map(([p, q, b, k]) => ({ ...plain('bad Idempotency-Key', p, q, b), idempotencyKey: k })),
    );
  return fc.oneof(...kinds);
}

let api: TestRuntime;
/** Paginated lists (as the manager) and the real next-page cursor each gave. */
const lists: string[] = [];
const cursorOf = new Map<string, string>();
const tokens = new Map<string, string>();
const operations = new Map<string, Operation>();

async function send(route: RouteSpec, a: Attempt) {
  const who = callerOf(route);
  const headers: Record<string, string> = {};
  if (who) headers.authorization = `Bearer ${tokens.get(who)}`;
  if (a.contentType !== undefined) headers['content-type'] = a.contentType;
  if (a.idempotencyKey !== undefined) headers['idempotency-key'] = a.idempotencyKey;
  const res = await fetch(`${api.url}${a.path}${a.query ? `?${a.query}` : ''}`, {
    method: route.method,
    headers,
    ...(a.body !== undefined ? { body: a.body } : {}),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // asserted below: a problem must be JSON
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body, text };
}

/** The rule every answer follows; returns what is wrong, or undefined. */
function violation(res: Awaited<ReturnType<typeof send>>): string | undefined {
  const p = res.body as Record<string, unknown>;
  const isProblem =
    res.contentType.startsWith('application/problem+json') &&
    typeof p === 'object' &&
    p !== null &&
    typeof p.type === 'string' &&
    typeof p.title === 'string' &&
    typeof p.detail === 'string' &&
    p.status === res.status;
  if (res.status >= 500) {
    const allowed = documented5xx[res.status] ?? [];
    if (!isProblem || !allowed.includes(String(p.code))) return `answered ${res.status}`;
    return undefined;
  }
  if (res.status < 400) return undefined;
  if (!isProblem) return `a ${res.status} that is not a problem document`;
  if (res.status === 400) {
    const errors = p.errors;
    const named =
      Array.isArray(errors) &&
      errors.length > 0 &&
      errors.every(
        (e: unknown) =>
          typeof e === 'object' &&
          e !== null &&
          typeof (e as Record<string, unknown>).path === 'string' &&
          typeof (e as Record<string, unknown>).message === 'string',
      );
    if (!named) return 'a 400 without field errors';
  }
  return undefined;
}

async function login(username: string): Promise<string> {
  const res = await api.anon.post('/auth/login', { username, password: demoPassword });
  expect(res.status, `login ${username}`).toBe(200);
  return res.body.token as string;
}

beforeAll(async () => {
  api = await startTestRuntime();
  for (const user of Object.values(userOf)) tokens.set(user, await login(user));
  const doc = (await api.anon.get('/openapi.json')).body as {
    paths: Record<string, Record<string, Operation>>;
  };
  for (const [path, ops] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(ops)) operations.set(`${method.toUpperCase()} ${path}`, op);

  // Real ids for the generator's pools: products, a cart with a line, an order, a replenishment, an export.
  const cashier = api.as('cashier1');
  const stock = await cashier.get(`/locations/${ownStore}/stock`);
  const inStock = (stock.body.items as { productId: string; available: number }[]).filter(
    (l) => l.available > 5,
  );
  known.productId = inStock.slice(0, 4).map((l) => l.productId);
  const cart = await api.as('customer').post('/carts', {});
  known.cartId = [cart.body.cartId as string];
  await api.as('customer').put(`/carts/${cart.body.cartId}/items/${known.productId[0]}`, { quantity: 1 });
  const sale = await cashier.post(
    `/locations/${ownStore}/sales`,
    { lines: [{ productId: known.productId[0], quantity: 1 }], payment: { method: 'cash' } },
    { idempotencyKey: freshKey() },
  );
  expect(sale.status).toBe(201);
  const sale2 = await cashier.post(
    `/locations/${ownStore}/sales`,
    { lines: [{ productId: known.productId[1], quantity: 1 }], payment: { method: 'cash' } },
    { idempotencyKey: freshKey() },
  );
  known.orderId = [sale.body.id as string, sale2.body.id as string];
  const repl = await cashier.post(
    `/locations/${ownStore}/replenishments`,
    { productId: known.productId[1], quantity: 1 },
    { idempotencyKey: freshKey() },
  );
  const repl2 = await cashier.post(
    `/locations/${ownStore}/replenishments`,
    { productId: known.productId[2], quantity: 1 },
    { idempotencyKey: freshKey() },
  );
  known.replenishmentId = [repl.body.replenishmentId as string, repl2.body.replenishmentId as string];
  await api
    .as('manager')
    .post(
      `/locations/${ownStore}/adjustments`,
      { productId: known.productId[0], quantity: 2, reason: 'fuzz: a second movement' },
      { idempotencyKey: freshKey() },
    );
  const exp = await api
    .as('manager')
    .post('/reports/exports', { from: '2026-11-01', to: '2026-11-30', format: 'csv' });
  await api.as('manager').post('/reports/exports', { from: '2026-11-01', to: '2026-11-30', format: 'json' });
  known.exportId = [exp.body.exportId as string];
  // Real cursors of every paginated list, to be sent where they do not belong.
  lists.push(
    '/products?limit=1',
    '/users?limit=1',
    '/events?limit=1',
    '/orders?limit=1&status=all&locationId=store-1',
    '/reports/exports?limit=1',
    `/locations/${ownStore}/replenishments?limit=1`,
    `/stock/${known.productId[0]}/movements?locationId=${ownStore}&limit=1`,
  );
  known.cursor = [];
  for (const path of lists) {
    const page = await api.as('manager').get(path);
    expect(page.body.nextCursor, path).toEqual(expect.any(String));
    cursorOf.set(path, page.body.nextCursor as string);
    known.cursor.push(page.body.nextCursor as string);
  }
});
afterAll(() => api.stop());

describe('fuzz: bad input never gets a 500, always a problem document', () => {
  it('has a served schema for every route of the route table', () => {
    expect(routes.filter((r) => !operations.has(routeKey(r))).map(routeKey)).toEqual([]);
  });

  for (const route of routes) {
    it(`${routeKey(route)} as ${callerOf(route) ?? 'anyone'}`, async () => {
      const op = operations.get(routeKey(route)) ?? { parameters: [] };
      await fc.assert(
        fc.asyncProperty(attemptsFor(route, op), async (attempt) => {
          const res = await send(route, attempt);
          const wrong =
            violation(res) ??
            (op.requestBody && attempt.attack === 'wrong content type' && !isJson(attempt.contentType)
              ? res.status === 415
                ? undefined
                : `answered ${res.status} instead of 415`
              : undefined);
          if (wrong)
            throw new Error(
              `[replay: FUZZ_SEED=${seed} FUZZ_RUNS=${numRuns}] ${wrong} to ${attempt.attack}: ${route.method} ${attempt.path.slice(0, 300)}?${attempt.query.slice(0, 300)}\n` +
                `content-type: ${attempt.contentType}, idempotency-key: ${attempt.idempotencyKey}\n` +
                `body: ${attempt.body?.slice(0, 300)}\nanswer: ${res.text.slice(0, 400)}`,
            );
        }),
        { seed, numRuns, endOnFailure: true },
      );
    });
  }
});

describe('forged cursors: every paginated list refuses a tampered cursor as bad input', () => {
  /**
   * The real cursor's DynamoDB key (itself, or its `k` where the cursor wraps it with a query
   * fingerprint) with one attribute dropped, emptied, retyped, or one added.
   */
  function tampered(cursor: string): unknown[] {
    const outer = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    const wrapped = outer.k !== null && typeof outer.k === 'object';
    const key = (wrapped ? outer.k : outer) as Record<string, unknown>;
    const wrap = (k: unknown) => (wrapped ? { ...outer, k } : k);
    const variants: unknown[] = [{ ...key, extra: 'x' }, [key], 'x'];
    for (const name of Object.keys(key)) {
      const { [name]: _dropped, ...rest } = key;
      variants.push(rest, { ...key, [name]: '' }, { ...key, [name]: 7 }, { ...key, [name]: { S: 'x' } });
    }
    return variants.map(wrap);
  }

  it('has a cursor from every list', () => {
    expect([...cursorOf.keys()]).toEqual(lists);
  });

  it('never answers a 500: a 400 naming query.cursor, or a page where the change is harmless', async () => {
    let refused = 0;
    for (const path of lists) {
      for (const forged of tampered(cursorOf.get(path)!)) {
        const cursor = Buffer.from(JSON.stringify(forged)).toString('base64url');
        const res = await api.as('manager').get(`${path}&cursor=${cursor}`);
        const label = `${path} ${JSON.stringify(forged)}`;
        expect([200, 400], label).toContain(res.status);
        if (res.status === 400) {
          refused++;
          expect(res.body.errors, label).toEqual([{ path: 'query.cursor', message: expect.any(String) }]);
        }
      }
    }
    expect(refused).toBeGreaterThan(lists.length * 4);
  });
});

describe('never half-written: a refused write leaves nothing behind', () => {
  const stockOf = async (productId: string) => {
    const res = await api.as('cashier1').get(`/locations/${ownStore}/stock?productId=${productId}`);
    const line = (res.body.items as { onHand: number; reserved: number }[])[0]!;
    return { onHand: line.onHand, reserved: line.reserved };
  };

  it('a sale refused by validation or for one short line leaves every line’s stock as it was', async () => {
    // Prepare: the fuzzing above may have counted b's shelf at any level; count it at 20 so 999 is short.
    const [a, b] = known.productId as [string, string];
    const counted = await api
      .as('manager')
      .post(
        `/locations/${ownStore}/counts`,
        { lines: [{ productId: b, counted: 20 }] },
        { idempotencyKey: freshKey() },
      );
    expect(counted.status).toBe(201);
    const before = [await stockOf(a), await stockOf(b)];
    const sell = (lines: unknown) =>
      api
        .as('cashier1')
        .post(
          `/locations/${ownStore}/sales`,
          { lines, payment: { method: 'cash' } },
          { idempotencyKey: freshKey() },
        );
    // Act
    const invalid = await sell([
      { productId: a, quantity: 1 },
      { productId: b, quantity: 0 },
    ]);
    const short = await sell([
      { productId: a, quantity: 1 },
      { productId: b, quantity: 999 },
    ]);
    // Assess
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toEqual([{ path: 'body.lines.1.quantity', message: expect.any(String) }]);
    expect(short.status).toBe(409);
    expect(short.body.code).toBe('insufficient-stock');
    expect([await stockOf(a), await stockOf(b)]).toEqual(before);
  });

  it('a product change refused for a taken barcode keeps the product and frees the new SKU', async () => {
    // Prepare
    const manager = api.as('manager');
    const sku = () => `FZ-${(++keyCounter).toString(36).toUpperCase()}-${seed}`;
    const draft = (s: string, barcode: string) => ({
      sku: s,
      name: 'Fuzz product',
      category: 'epicerie',
      priceCents: 100,
      barcode,
    });
    const first = await manager.post('/products', draft(sku(), '2000000000015'));
    const second = await manager.post('/products', draft(sku(), '2000000000022'));
    expect([first.status, second.status]).toEqual([201, 201]);
    const newSku = sku();
    // Act
    const refused = await manager.patch(`/products/${second.body.id}`, {
      sku: newSku,
      barcode: first.body.barcode,
      priceCents: 999,
    });
    // Assess
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('duplicate-barcode');
    expect((await manager.get(`/products/${second.body.id}`)).body).toMatchObject({
      sku: second.body.sku,
      barcode: second.body.barcode,
      priceCents: 100,
    });
    const taken = await manager.post('/products', draft(newSku, '2000000000039'));
    expect(taken.status, 'the SKU the refused change claimed is free again').toBe(201);
    const stillHeld = await manager.post('/products', draft(sku(), second.body.barcode));
    expect(stillHeld.status, 'the old barcode still belongs to the product').toBe(409);
  });
});
