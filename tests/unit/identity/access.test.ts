import { describe, expect, it } from 'vitest';
import { assertOwner, assertStore, authorize, canReadStockAt } from '#functions/shared/access.ts';
import type { Caller } from '#functions/shared/http.ts';
import { toProblem, type HttpProblem } from '#functions/shared/problem.ts';
import type { RouteSpec } from '#infra/spec/routes.ts';

const route = (over: Partial<RouteSpec>): RouteSpec => ({
  method: 'GET',
  path: '/x/{locationId}',
  handler: 'x/y',
  access: ['cashier', 'manager'],
  tables: [],
  summary: 'test route',
  ...over,
});
const cashier1: Caller = { userId: 'u1', username: 'cashier1', role: 'cashier', storeId: 'store-1' };
const manager: Caller = { userId: 'u2', username: 'manager', role: 'manager' };
const customer: Caller = { userId: 'u3', username: 'customer', role: 'customer' };

function statusOf(fn: () => void): number | 'allowed' {
  try {
    fn();
    return 'allowed';
  } catch (e) {
    const problem = toProblem(e); // the one mapper, as the HTTP stack applies it
    if (problem.status === 500) throw e;
    return problem.status;
  }
}

describe('authorize (the route table enforced)', () => {
  it('lets anyone call a public route', () => {
    expect(statusOf(() => authorize(route({ access: 'public' }), undefined))).toBe('allowed');
  });

  it('answers 401 with a Bearer challenge when nobody is signed in', () => {
    try {
      authorize(route({ access: 'signed-in' }), undefined);
      expect.unreachable();
    } catch (e) {
      expect((e as HttpProblem).status).toBe(401);
      expect((e as HttpProblem).headers['www-authenticate']).toBe('Bearer');
    }
  });

  it('answers 403 to a role not in the list, whatever the store', () => {
    expect(statusOf(() => authorize(route({}), customer, { locationId: 'store-1' }))).toBe(403);
    expect(statusOf(() => authorize(route({ access: 'signed-in' }), customer))).toBe('allowed');
  });

  it('keeps a cashier to their own store', () => {
    const r = route({ storeParam: 'locationId' });
    expect(statusOf(() => authorize(r, cashier1, { locationId: 'store-1' }))).toBe('allowed');
    expect(statusOf(() => authorize(r, cashier1, { locationId: 'store-2' }))).toBe(403);
    expect(statusOf(() => authorize(r, cashier1, { locationId: 'warehouse' }))).toBe(403);
    expect(statusOf(() => authorize(r, cashier1, {}))).toBe(403);
    expect(statusOf(() => authorize(r, manager, { locationId: 'store-2' }))).toBe('allowed');
  });

  it('lets every cashier read the warehouse where the route says it is central-readable', () => {
    const read = route({ storeParam: 'locationId', centralReadable: true });
    expect(statusOf(() => authorize(read, cashier1, { locationId: 'warehouse' }))).toBe('allowed');
    const write = route({ method: 'POST', storeParam: 'locationId', centralReadable: true });
    expect(statusOf(() => authorize(write, cashier1, { locationId: 'warehouse' }))).toBe(403);
  });
});

describe('ownership helpers for handlers', () => {
  it('keeps a customer to their own resources and lets staff through', () => {
    expect(statusOf(() => assertOwner(customer, 'u3', 'cart'))).toBe('allowed');
    expect(statusOf(() => assertOwner(customer, 'someone-else', 'cart'))).toBe(403);
    expect(statusOf(() => assertOwner(manager, 'someone-else', 'order'))).toBe('allowed');
    expect(statusOf(() => assertOwner(undefined, 'u3'))).toBe(401);
  });

  it('keeps a cashier to their store when the store is not in the path', () => {
    expect(statusOf(() => assertStore(cashier1, 'store-1'))).toBe('allowed');
    expect(statusOf(() => assertStore(cashier1, 'store-4'))).toBe(403);
    expect(statusOf(() => assertStore(manager, 'store-4'))).toBe('allowed');
  });
});

describe('canReadStockAt (whose stock a caller reads)', () => {
  it('gives a cashier their own store and the warehouse, never another store', () => {
    expect(canReadStockAt(cashier1, 'store-1')).toBe(true);
    expect(canReadStockAt(cashier1, 'warehouse')).toBe(true);
    expect(canReadStockAt(cashier1, 'store-2')).toBe(false);
    expect(canReadStockAt(cashier1, 'head-office')).toBe(false);
  });

  it('gives other roles every location (the route decides who may call it)', () => {
    for (const loc of ['store-1', 'store-2', 'warehouse']) expect(canReadStockAt(manager, loc)).toBe(true);
  });
});
