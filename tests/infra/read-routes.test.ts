import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeKey, routes, type Role, type RouteSpec } from '#infra/spec/routes.ts';
import { tables } from '#infra/spec/tables.ts';
import { startTestRuntime, type Client, type TestRuntime } from '../support/runtime.ts';

/**
 * In AWS a read route's role may read its tables and nothing more (tests/infra/security.test.ts);
 * a read route whose code writes after all would answer 500 there, and nowhere else, since the
 * local runtime has no IAM. So: every GET route of the table is called on the embedded runtime,
 * on data that exists (a sale, a cart, an export, a replenishment made first), and must answer 200
 * without sending a single DynamoDB write. A GET route added later is covered; a path parameter
 * nobody gave a sample for fails here until one is added below.
 */
const writeCommands = /^(Put|Update|Delete|BatchWrite|TransactWrite)/;

let api: TestRuntime;
const sent: { command: string; table: string | undefined }[] = [];
const samples: Record<string, string> = { productId: 'coffee', locationId: 'store-1', storeId: 'store-1' };
/** Where a route needs a sample of its own (a fulfilment exists for web orders only). */
const routeSamples: Record<string, Record<string, string>> = {};
const today = new Date().toISOString().slice(0, 10);
/** Query strings some listings need. */
const queries: Partial<Record<string, string>> = {
  'GET /stock/{productId}/movements': '?locationId=store-1',
  'GET /orders': '?locationId=store-1',
  'GET /reports/sales': `?from=${today}&to=${today}`,
  'GET /shrinkage': `?from=${today}&to=${today}`,
};

const idFrom = (location: string | null) => location?.split('/').pop() ?? '';

beforeAll(async () => {
  api = await startTestRuntime();
  // The handlers' DynamoDB client (one per process, shared with the runtime's handlers): every
  // command it sends is recorded with its table.
  const { ddb } = await import('#functions/adapters/dynamo.ts');
  ddb.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { TableName?: string; RequestItems?: Record<string, unknown> };
      sent.push({
        command: String(context.commandName),
        table: input.TableName ?? Object.keys(input.RequestItems ?? {}).join(','),
      });
      return next(args);
    },
    { step: 'initialize', name: 'readRoutesRecorder' },
  );

  const key = () => ({ idempotencyKey: randomUUID() });
  const sale = await api
    .as('cashier1')
    .post(
      '/locations/store-1/sales',
      { lines: [{ productId: 'coffee', quantity: 1 }], payment: { method: 'cash' } },
      key(),
    );
  expect(sale.status, JSON.stringify(sale.body)).toBe(201);
  samples.orderId = idFrom(sale.headers.get('location'));
  const cart = await api.as('customer').post('/carts');
  samples.cartId = idFrom(cart.headers.get('location'));
  // A web order picked up at store-1 (a fulfilment is opened for it from OrderConfirmed).
  const webCart = idFrom((await api.as('customer').post('/carts')).headers.get('location'));
  await api.as('customer').put(`/carts/${webCart}/items/coffee`, { quantity: 1 });
  const web = await api.as('customer').post(
    `/carts/${webCart}/checkout`,
    {
      payment: { method: 'card', cardNumber: '4242424242424242' },
      delivery: { method: 'pickup', storeId: 'store-1' },
    },
    key(),
  );
  expect(web.status, JSON.stringify(web.body)).toBe(201);
  routeSamples['GET /fulfilments/{orderId}'] = { orderId: web.body.id as string };
  const made = await api
    .as('manager')
    .post('/reports/exports', { from: today, to: today, format: 'csv' }, key());
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  samples.exportId = idFrom(made.headers.get('location'));
  const asked = await api
    .as('cashier1')
    .post('/locations/store-1/replenishments', { productId: 'muffin', quantity: 1 }, key());
  expect([200, 202]).toContain(asked.status);
  samples.replenishmentId = asked.body.replenishmentId as string;
  // A purchase order (for the routes naming one), as the warehouse's needs suggest it.
  const { DynamoPurchasingRepository } =
    await import('#functions/inventory/adapters/purchasing-repository.ts');
  const { newPurchaseOrder } = await import('#domain/inventory/purchasing.ts');
  const po = newPurchaseOrder({
    purchaseOrderId: 'po-read-routes',
    supplier: {
      supplierId: 's1',
      name: 'Fournisseur',
      leadTimeDays: 2,
      products: [{ productId: 'coffee', costCents: 100, caseSize: 1 }],
      createdAt: today,
      updatedAt: today,
    },
    locationId: 'warehouse',
    lines: [{ productId: 'coffee', quantity: 12 }],
    names: new Map(),
    createdBy: 'test',
    now: new Date().toISOString(),
  });
  await new DynamoPurchasingRepository().create({ ...po, revision: 1 });
  samples.purchaseOrderId = po.purchaseOrderId;
  // A till with an open register session (for the routes naming a till).
  samples.registerId = 'till-1';
  const till = await api
    .as('cashier1')
    .post('/locations/store-1/registers/till-1/sessions', { floatCents: 10_000 }, key());
  expect(till.status, JSON.stringify(till.body)).toBe(201);
  // A sale at that till, for the lookup by receipt number.
  const tillSale = await api
    .as('cashier1')
    .post(
      '/locations/store-1/sales',
      { lines: [{ productId: 'americano', quantity: 1 }], payment: { method: 'cash' }, registerId: 'till-1' },
      key(),
    );
  expect(tillSale.status, JSON.stringify(tillSale.body)).toBe(201);
  samples.receiptNumber = tillSale.body.receiptNumber as string;
  // A user (for routes naming one): cashier1, found in the manager's listing.
  const users = await api.as('manager').get('/users?limit=100');
  const cashier = (users.body.items as { id: string; username: string }[]).find(
    (u) => u.username === 'cashier1',
  );
  samples.userId = cashier?.id ?? '';
  await api.runtime.bus.settled();
});
afterAll(() => api?.stop());

/** Who calls a route: the broadest role it allows (a manager sees every store). */
function caller(route: RouteSpec): Client {
  if (route.access === 'public') return api.anon;
  if (route.access === 'signed-in') return api.as('manager');
  const users: [Role, string][] = [
    ['manager', 'manager'],
    ['ops', 'ops'],
    ['cashier', 'cashier1'],
    ['customer', 'customer'],
  ];
  const [, username] = users.find(([role]) => (route.access as readonly Role[]).includes(role))!;
  return api.as(username);
}

describe('read routes write nothing, on real data', () => {
  const reads = routes.filter((r) => r.method === 'GET');

  it('has read routes to call, and the recorder sees writes where there are some', async () => {
    expect(reads.length).toBeGreaterThan(10);
    const before = sent.length;
    expect((await api.as('customer').post('/carts')).status).toBe(201);
    const writes = sent.slice(before).filter((c) => writeCommands.test(c.command));
    expect(writes.map((w) => w.table)).toContain(process.env.SALES_TABLE);
  });

  it.each(reads.map((r) => [routeKey(r), r] as const))(
    '%s answers 200 without a DynamoDB write',
    async (key, route) => {
      // Prepare
      const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
        const sample = routeSamples[key]?.[name] ?? samples[name];
        if (!sample) throw new Error(`no sample value for {${name}} (add one to this test)`);
        return encodeURIComponent(sample);
      });
      const client = caller(route);
      await client.get('/health'); // signs in first, so the login's own writes are not counted
      await api.runtime.bus.settled();
      const before = sent.length;
      // Act
      const res = await client.get(`${path}${queries[key] ?? ''}`);
      await api.runtime.bus.settled();
      // Assess
      expect(res.status, `${key}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(200);
      const writes = sent.slice(before).filter((c) => writeCommands.test(c.command));
      const named = (table: string | undefined) =>
        tables.find((t) => process.env[t.envVar] === table)?.name ?? table ?? 'unknown';
      expect(
        writes.map((w) => `${w.command} on ${named(w.table)}`),
        key,
      ).toEqual([]);
      // The recorder saw the route's reads: the absence of writes means something.
      if (route.tables.length > 0) expect(sent.length, `${key} read its tables`).toBeGreaterThan(before);
    },
  );
});
