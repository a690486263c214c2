import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeKey, routes, type Role, type RouteSpec } from '#infra/spec/routes.ts';
import { startTestRuntime, type Client, type TestRuntime } from '../support/runtime.ts';

/**
 * Every route of infra/spec/routes.ts × every kind of caller, generated from the route table itself:
 * a route added later is covered without touching this file. Expected: 401 for nobody (or a forged
 * token) on a non-public route, 403 for a role the route does not list or a cashier outside their store,
 * and otherwise anything but 401/403 (the probe ids do not exist, so 404 or 400 are fine).
 */
const callers = ['anonymous', 'customer', 'cashier1', 'manager', 'ops'] as const;
type Who = (typeof callers)[number];
const roleOf: Record<Exclude<Who, 'anonymous'>, Role> = {
  customer: 'customer',
  cashier1: 'cashier',
  manager: 'manager',
  ops: 'ops',
};
/** cashier1 works at store-1. */
const ownStore = 'store-1';

let api: TestRuntime;
beforeAll(async () => {
  api = await startTestRuntime();
});
afterAll(() => api.stop());

/** A syntactically plausible path: the store parameter names a store, other parameters a probe id. */
function probePath(route: RouteSpec, store = ownStore): string {
  return route.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    name === route.storeParam ? store : 'probe-1',
  );
}

type Expected = 401 | 403 | 'allowed';

function expected(route: RouteSpec, who: Who, store = ownStore): Expected {
  if (route.access === 'public') return 'allowed';
  if (who === 'anonymous') return 401;
  const role = roleOf[who];
  if (route.access !== 'signed-in' && !route.access.includes(role)) return 403;
  if (role === 'cashier' && route.storeParam !== undefined && store !== ownStore) {
    const centralRead = route.centralReadable === true && route.method === 'GET' && store === 'warehouse';
    if (!centralRead) return 403;
  }
  return 'allowed';
}

function client(who: Who): Client {
  return who === 'anonymous' ? api.anon : api.as(who);
}

async function call(c: Client, route: RouteSpec, path: string) {
  const options = { idempotencyKey: `matrix-${Math.random().toString(36).slice(2)}` };
  switch (route.method) {
    case 'GET':
      return c.get(path, options);
    case 'DELETE':
      return c.delete(path, options);
    case 'POST':
      return c.post(path, {}, options);
    case 'PUT':
      return c.put(path, {}, options);
    case 'PATCH':
      return c.patch(path, {}, options);
  }
}

function check(status: number, want: Expected, label: string): void {
  if (want === 'allowed') {
    expect(status, `${label}: expected neither 401 nor 403`).not.toBe(401);
    expect(status, `${label}: expected neither 401 nor 403`).not.toBe(403);
  } else {
    expect(status, label).toBe(want);
  }
}

describe('authorization matrix: every route × every caller', () => {
  it('covers the identity routes and every role', () => {
    const keys = routes.map(routeKey);
    expect(keys).toEqual(
      expect.arrayContaining(['POST /auth/login', 'GET /me', 'GET /users', 'POST /users']),
    );
  });

  for (const route of routes) {
    it(`${routeKey(route)} (${route.access === 'public' || route.access === 'signed-in' ? route.access : route.access.join(', ')})`, async () => {
      const path = probePath(route);
      for (const who of callers) {
        const res = await call(client(who), route, path);
        check(res.status, expected(route, who), `${who} ${route.method} ${path}`);
        if (res.status === 401)
          expect(res.headers.get('www-authenticate'), `${who} ${path}`).toMatch(/^Bearer/);
      }
      if (route.access !== 'public') {
        const forged = api.withToken(
          'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4Iiwicm9sZSI6Im1hbmFnZXIifQ.c2lnbmF0dXJl',
        );
        expect((await call(forged, route, path)).status, `forged token ${path}`).toBe(401);
      }
    });
  }
});

describe('store scope: a cashier acts only on their own store', () => {
  const scoped = routes.filter(
    (r) =>
      r.storeParam !== undefined &&
      r.access !== 'public' &&
      (r.access === 'signed-in' || r.access.includes('cashier')),
  );

  it('has store-scoped routes to check', () => {
    expect(scoped.map(routeKey)).toContain('GET /locations/{locationId}/stock');
  });

  for (const route of scoped) {
    it(`${routeKey(route)}: another store is refused, the warehouse only where central-readable`, async () => {
      for (const store of ['store-2', 'store-5', 'warehouse', 'head-office']) {
        const res = await call(api.as('cashier1'), route, probePath(route, store));
        check(
          res.status,
          expected(route, 'cashier1', store),
          `cashier1 ${route.method} ${probePath(route, store)}`,
        );
      }
      // A manager is not bound to a store.
      const res = await call(api.as('manager'), route, probePath(route, 'store-2'));
      check(res.status, expected(route, 'manager', 'store-2'), `manager ${probePath(route, 'store-2')}`);
    });
  }

  it('cashier1 reads store-1 and the warehouse stock, not store-2', async () => {
    const cashier = api.as('cashier1');
    expect((await cashier.get('/locations/store-1/stock')).status).toBe(200);
    expect((await cashier.get('/locations/warehouse/stock')).status).toBe(200);
    const other = await cashier.get('/locations/store-2/stock');
    expect(other.status).toBe(403);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    expect(other.body.code).toBe('forbidden');
  });
});
