import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeKey, routes, type RouteSpec } from '#infra/spec/routes.ts';
import {
  demoPassword,
  startTestRuntime,
  type ApiResponse,
  type Client,
  type TestRuntime,
} from '../support/runtime.ts';

/**
 * Store scope on every read (issue 10), generated from the route table like
 * authorization-matrix.test.ts, but with REAL resources of another store and another customer:
 * a cashier of store-1 reads and acts on store-1's orders, movements, replenishments and stock (and
 * the warehouse's stock), never store-2's nor a web order (a customer's name and address); a customer
 * only their own carts and orders.
 *
 * Every non-public route a cashier or a customer may call declares its `dataScope` in
 * infra/spec/routes.ts. Routes of `store` scope with a store path parameter are tried generically with
 * another store; the others (a resource read by id, a store in the query) need a case below — a route
 * added without one fails the coverage test, so no route slips through.
 */
let api: TestRuntime;

interface Resources {
  /** POS sales (cash) of store-1 and store-2. */
  readonly saleStore1: string;
  readonly saleStore2: string;
  /** Web orders of `customer` and of a second customer. */
  readonly webOrderOwn: string;
  readonly webOrderOther: string;
  /** Carts of `customer` and of the second customer. */
  readonly cartOwn: string;
  readonly cartOther: string;
  readonly replenishmentStore1: string;
  readonly replenishmentStore2: string;
  readonly otherCustomer: string;
}
let r: Resources;
/** A receipt number printed by store-1's till-1 (set in beforeAll). */
let receiptOfStore1 = '';

const key = () => `scope-${randomUUID()}`;

async function sell(cashier: Client, store: string): Promise<string> {
  const res = await cashier.post(
    `/locations/${store}/sales`,
    { lines: [{ productId: 'donut', quantity: 1 }], payment: { method: 'cash' } },
    { idempotencyKey: key() },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

async function cart(customer: Client): Promise<string> {
  const res = await customer.post('/carts');
  expect(res.status).toBe(201);
  const cartId = res.body.cartId as string;
  expect((await customer.put(`/carts/${cartId}/items/muffin`, { quantity: 1 })).status).toBe(200);
  return cartId;
}

async function webOrder(customer: Client): Promise<string> {
  const cartId = await cart(customer);
  const res = await customer.post(
    `/carts/${cartId}/checkout`,
    {
      payment: { method: 'card', cardNumber: '4242424242424242' },
      shippingAddress: '12 rue Saint-Paul, Montréal QC',
    },
    { idempotencyKey: key() },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

async function replenish(cashier: Client, store: string, productId: string): Promise<string> {
  const res = await cashier.post(
    `/locations/${store}/replenishments`,
    { productId, quantity: 2 },
    { idempotencyKey: key() },
  );
  expect([200, 202], JSON.stringify(res.body)).toContain(res.status);
  return res.body.replenishmentId as string;
}

beforeAll(async () => {
  api = await startTestRuntime();
  // A till of store-1 with its register session open (the generic path parameter for `registerId`).
  const till = await api
    .as('cashier1')
    .post(
      '/locations/store-1/registers/till-1/sessions',
      { floatCents: 0 },
      { idempotencyKey: randomUUID() },
    );
  expect(till.status, JSON.stringify(till.body)).toBe(201);
  // A sale at that till: its receipt number is the generic path parameter for `receiptNumber`.
  const sold = await api
    .as('cashier1')
    .post(
      '/locations/store-1/sales',
      { lines: [{ productId: 'donut', quantity: 1 }], payment: { method: 'cash' }, registerId: 'till-1' },
      { idempotencyKey: randomUUID() },
    );
  expect(sold.status, JSON.stringify(sold.body)).toBe(201);
  receiptOfStore1 = sold.body.receiptNumber as string;
  const otherCustomer = `client-${randomUUID().slice(0, 8)}`;
  expect(
    (
      await api.anon.post('/auth/register', {
        username: otherCustomer,
        password: demoPassword,
        email: `${otherCustomer}@example.com`,
      })
    ).status,
  ).toBe(201);
  const [saleStore1, saleStore2, webOrderOwn, webOrderOther, cartOwn, cartOther] = await Promise.all([
    sell(api.as('cashier1'), 'store-1'),
    sell(api.as('cashier2'), 'store-2'),
    webOrder(api.as('customer')),
    webOrder(api.as(otherCustomer)),
    cart(api.as('customer')),
    cart(api.as(otherCustomer)),
  ]);
  const [replenishmentStore1, replenishmentStore2] = await Promise.all([
    replenish(api.as('cashier1'), 'store-1', 'bagel'),
    replenish(api.as('cashier2'), 'store-2', 'bagel'),
  ]);
  r = {
    saleStore1,
    saleStore2,
    webOrderOwn,
    webOrderOther,
    cartOwn,
    cartOther,
    replenishmentStore1,
    replenishmentStore2,
    otherCustomer,
  };
  await api.runtime.bus.settled();
});
afterAll(() => api.stop());

type Expect = 'allowed' | 403 | ((res: ApiResponse) => void);

interface Case {
  readonly label: string;
  readonly who: string;
  readonly path: string;
  readonly body?: unknown;
  readonly expect: Expect;
}

const returnOne = { lines: [{ productId: 'donut', quantity: 1 }] };

/**
 * The cases of each route whose store or customer is not a path parameter: the resource itself says
 * whose it is (an order, a replenishment, a cart) or a query names the store.
 */
const cases: Record<string, () => Case[]> = {
  'GET /orders/{orderId}': () => [
    { label: 'own store sale', who: 'cashier1', path: `/orders/${r.saleStore1}`, expect: 'allowed' },
    { label: "another store's sale", who: 'cashier1', path: `/orders/${r.saleStore2}`, expect: 403 },
    { label: "a customer's web order", who: 'cashier1', path: `/orders/${r.webOrderOwn}`, expect: 403 },
    { label: 'own web order', who: 'customer', path: `/orders/${r.webOrderOwn}`, expect: 'allowed' },
    { label: "another customer's order", who: 'customer', path: `/orders/${r.webOrderOther}`, expect: 403 },
    { label: "a store's sale", who: 'customer', path: `/orders/${r.saleStore1}`, expect: 403 },
    { label: 'any order', who: 'manager', path: `/orders/${r.webOrderOther}`, expect: 'allowed' },
  ],
  'GET /orders': () => [
    {
      label: 'own store, by default',
      who: 'cashier1',
      path: '/orders',
      expect: (res) => {
        expect(res.status).toBe(200);
        const ids = (res.body.items as { id: string; locationId: string }[]).map((o) => o.id);
        expect(ids).toContain(r.saleStore1);
        expect(ids).not.toContain(r.saleStore2);
        for (const o of res.body.items as { locationId: string }[]) expect(o.locationId).toBe('store-1');
      },
    },
    { label: 'another store', who: 'cashier1', path: '/orders?locationId=store-2', expect: 403 },
    { label: 'the web orders', who: 'cashier1', path: '/orders?locationId=warehouse', expect: 403 },
    {
      label: 'own orders only, whatever the query',
      who: 'customer',
      path: '/orders?locationId=warehouse',
      expect: (res) => {
        expect(res.status).toBe(200);
        const ids = (res.body.items as { id: string }[]).map((o) => o.id);
        expect(ids).toContain(r.webOrderOwn);
        expect(ids).not.toContain(r.webOrderOther);
      },
    },
  ],
  'POST /orders/{orderId}/returns': () => [
    {
      label: "another store's sale",
      who: 'cashier1',
      path: `/orders/${r.saleStore2}/returns`,
      body: returnOne,
      expect: 403,
    },
    {
      label: 'a web order',
      who: 'cashier1',
      path: `/orders/${r.webOrderOwn}/returns`,
      body: { lines: [{ productId: 'muffin', quantity: 1 }] },
      expect: 403,
    },
    {
      label: 'own store sale',
      who: 'cashier1',
      path: `/orders/${r.saleStore1}/returns`,
      body: returnOne,
      expect: 'allowed',
    },
  ],
  'POST /auth/approvals': () => [
    {
      label: 'another store',
      who: 'cashier1',
      path: '/auth/approvals',
      body: { username: 'manager', password: demoPassword, action: 'return', storeId: 'store-2' },
      expect: 403,
    },
    {
      label: 'own store',
      who: 'cashier1',
      path: '/auth/approvals',
      body: { username: 'manager', password: demoPassword, action: 'return', storeId: 'store-1' },
      expect: 'allowed',
    },
  ],
  'GET /stock/{productId}': () => [
    {
      label: 'own store and the warehouse only',
      who: 'cashier1',
      path: '/stock/coffee',
      expect: (res) => {
        expect(res.status).toBe(200);
        const at = (res.body.items as { locationId: string }[]).map((l) => l.locationId).sort();
        expect(at).toEqual(['store-1', 'warehouse']);
      },
    },
    {
      label: 'every location',
      who: 'manager',
      path: '/stock/coffee',
      expect: (res) => {
        expect(res.status).toBe(200);
        const at = (res.body.items as { locationId: string }[]).map((l) => l.locationId);
        expect(at).toEqual(expect.arrayContaining(['store-1', 'store-2', 'store-5', 'warehouse']));
      },
    },
  ],
  'GET /stock/{productId}/movements': () => [
    {
      label: 'own store',
      who: 'cashier1',
      path: '/stock/donut/movements?locationId=store-1',
      expect: 'allowed',
    },
    {
      label: 'another store',
      who: 'cashier1',
      path: '/stock/donut/movements?locationId=store-2',
      expect: 403,
    },
    {
      label: 'the warehouse (it names other stores)',
      who: 'cashier1',
      path: '/stock/bagel/movements?locationId=warehouse',
      expect: 403,
    },
    {
      label: 'any location',
      who: 'manager',
      path: '/stock/donut/movements?locationId=store-2',
      expect: 'allowed',
    },
  ],
  'GET /replenishments/{replenishmentId}': () => [
    {
      label: 'own store',
      who: 'cashier1',
      path: `/replenishments/${r.replenishmentStore1}`,
      expect: 'allowed',
    },
    {
      label: 'another store',
      who: 'cashier1',
      path: `/replenishments/${r.replenishmentStore2}`,
      expect: 403,
    },
    {
      label: 'any store',
      who: 'manager',
      path: `/replenishments/${r.replenishmentStore2}`,
      expect: 'allowed',
    },
  ],
  'POST /replenishments/{replenishmentId}/receipt': () => [
    {
      label: 'another store',
      who: 'cashier1',
      path: `/replenishments/${r.replenishmentStore2}/receipt`,
      body: { received: 2 },
      expect: 403,
    },
    {
      label: 'own store',
      who: 'cashier1',
      path: `/replenishments/${r.replenishmentStore1}/receipt`,
      body: { received: 2 },
      expect: 'allowed',
    },
  ],
  'GET /carts/{cartId}': () => [
    { label: 'own cart', who: 'customer', path: `/carts/${r.cartOwn}`, expect: 'allowed' },
    { label: "another customer's cart", who: 'customer', path: `/carts/${r.cartOther}`, expect: 403 },
  ],
  'PUT /carts/{cartId}/items/{productId}': () => [
    {
      label: 'own cart',
      who: 'customer',
      path: `/carts/${r.cartOwn}/items/bagel`,
      body: { quantity: 2 },
      expect: 'allowed',
    },
    {
      label: "another customer's cart",
      who: 'customer',
      path: `/carts/${r.cartOther}/items/bagel`,
      body: { quantity: 2 },
      expect: 403,
    },
  ],
  'GET /fulfilments/{orderId}': () => [
    {
      label: "another customer's web order",
      who: 'customer',
      path: `/fulfilments/${r.webOrderOther}`,
      expect: 403,
    },
    { label: 'own web order', who: 'customer', path: `/fulfilments/${r.webOrderOwn}`, expect: 'allowed' },
    {
      label: 'a web order shipped from the warehouse',
      who: 'cashier1',
      path: `/fulfilments/${r.webOrderOwn}`,
      expect: 403,
    },
  ],
  'POST /fulfilments/{orderId}/steps': () => [
    {
      label: 'a web order of the warehouse',
      who: 'cashier1',
      path: `/fulfilments/${r.webOrderOwn}/steps`,
      body: { action: 'start-picking' },
      expect: 403,
    },
  ],
  'POST /fulfilments/{orderId}/collect': () => [
    {
      label: 'a web order of the warehouse',
      who: 'cashier1',
      path: `/fulfilments/${r.webOrderOwn}/collect`,
      body: { code: '123456' },
      expect: 403,
    },
  ],
  'POST /fulfilments/{orderId}/cancel': () => [
    {
      label: "another customer's web order",
      who: 'customer',
      path: `/fulfilments/${r.webOrderOther}/cancel`,
      expect: 403,
    },
    {
      label: 'a web order of the warehouse',
      who: 'cashier1',
      path: `/fulfilments/${r.webOrderOwn}/cancel`,
      expect: 403,
    },
  ],
  'POST /carts/{cartId}/checkout': () => [
    {
      label: "another customer's cart",
      who: 'customer',
      path: `/carts/${r.cartOther}/checkout`,
      body: {
        payment: { method: 'card', cardNumber: '4242424242424242' },
        shippingAddress: '1 rue Ailleurs, Laval QC',
      },
      expect: 403,
    },
  ],
};

const scoped = (route: RouteSpec) =>
  route.dataScope === 'store' || route.dataScope === 'customer' || route.dataScope === 'store-or-customer';

const callableByCashierOrCustomer = (route: RouteSpec) =>
  route.access !== 'public' &&
  (route.access === 'signed-in' || route.access.includes('cashier') || route.access.includes('customer'));

function call(route: RouteSpec, c: Case) {
  const client = api.as(c.who);
  const options = { idempotencyKey: key() };
  if (route.method === 'GET') return client.get(c.path, options);
  if (route.method === 'DELETE') return client.delete(c.path, options);
  const send = route.method === 'POST' ? client.post : route.method === 'PUT' ? client.put : client.patch;
  return send(c.path, c.body ?? {}, options);
}

function check(res: ApiResponse, want: Expect, label: string): void {
  if (typeof want === 'function') return want(res);
  if (want === 403) {
    expect(res.status, label).toBe(403);
    expect(res.headers.get('content-type'), label).toContain('application/problem+json');
    // Nothing of the resource in the refusal.
    expect(JSON.stringify(res.body), label).not.toMatch(/shippingAddress|rue /);
    return;
  }
  expect([401, 403], `${label}: ${res.status} ${JSON.stringify(res.body)}`).not.toContain(res.status);
  expect(res.status, `${label}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
}

describe('store scope: the route table says whose data each route serves', () => {
  it('every non-public route a cashier or a customer may call declares its data scope', () => {
    const undeclared = routes
      .filter((r) => callableByCashierOrCustomer(r) && r.dataScope === undefined)
      .map(routeKey);
    expect(undeclared, 'declare `dataScope` in infra/spec/routes.ts').toEqual([]);
  });

  it('every store- or customer-scoped route is tried here: by its store path parameter or by its cases', () => {
    const uncovered = routes
      .filter((r) => scoped(r) && callableByCashierOrCustomer(r))
      .filter((r) => r.storeParam === undefined && !(routeKey(r) in cases))
      .map(routeKey);
    expect(uncovered, 'add cases with resources of another store/customer').toEqual([]);
    for (const k of Object.keys(cases)) expect(routes.map(routeKey), k).toContain(k);
  });
});

describe('store scope with resources of other stores and customers', () => {
  for (const route of routes.filter((x) => scoped(x) && callableByCashierOrCustomer(x))) {
    const k = routeKey(route);
    if (route.storeParam !== undefined && route.access !== 'signed-in' && route.access.includes('cashier')) {
      it(`${k}: cashier1 on store-2 is refused, on store-1 allowed${route.centralReadable ? ', the warehouse readable' : ''}`, async () => {
        const path = (store: string) =>
          route.path.replace(/\{(\w+)\}/g, (_, name: string) =>
            name === route.storeParam
              ? store
              : name === 'registerId'
                ? 'till-1'
                : name === 'receiptNumber'
                  ? receiptOfStore1
                  : 'donut',
          );
        const other = await call(route, {
          label: 'store-2',
          who: 'cashier1',
          path: path('store-2'),
          expect: 403,
        });
        check(other, 403, `${k} store-2`);
        const central = await call(route, {
          label: 'warehouse',
          who: 'cashier1',
          path: path('warehouse'),
          expect: 403,
        });
        if (route.centralReadable && route.method === 'GET')
          expect(central.status, `${k} warehouse`).not.toBe(403);
        else check(central, 403, `${k} warehouse`);
        if (route.method === 'GET') {
          const own = await call(route, {
            label: 'store-1',
            who: 'cashier1',
            path: path('store-1'),
            expect: 'allowed',
          });
          check(own, 'allowed', `${k} store-1`);
        }
      });
    }
    const own = cases[k];
    if (own)
      it(`${k}: own and others' resources`, async () => {
        for (const c of own())
          check(await call(route, c), c.expect, `${c.who} ${route.method} ${c.path} (${c.label})`);
      });
  }
});
