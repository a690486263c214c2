import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLedger } from '#domain/inventory/ledger-check.ts';
import type { Movement } from '#domain/inventory/movement.ts';
import { testCards } from '#functions/sales/adapters/simulated-payment-provider.ts';
import { dynamoOf, spawnRuntime, usersOf, type RuntimeProcess } from '../support/process-runtime.ts';
import type { ApiResponse } from '../support/runtime.ts';

/**
 * The whole local runtime killed (`kill -9` of its process group) in the middle of a burst of card
 * sales and web checkouts, several times, restarted on the same data folder each time, every request
 * retried with its own Idempotency-Key as the POS and the shop do — then the same for a burst of
 * returns. Within the recovery window: each key has exactly one order, no basket is captured twice, no
 * order is pending, nothing is reserved, on-hand + units sold = the start, the ledger invariant holds,
 * and the sales report counts exactly the confirmed orders.
 */
let dataDir: string;
let rt: RuntimeProcess;
const as = usersOf(() => rt.url);
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));
const today = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Montreal' }).format(new Date()).slice(0, 10);

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'comptoir-crash-'));
  rt = await spawnRuntime(dataDir);
});
afterAll(async () => {
  await rt?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function restart(): Promise<void> {
  rt = await spawnRuntime(dataDir);
}

interface Request {
  readonly who: string;
  readonly path: string;
  readonly body: unknown;
  readonly key: string;
}

/** Final: not a "retry later" (409 request-in-progress/checkout-in-progress, 503, 5xx, no answer). */
const isFinal = (r: ApiResponse | undefined) =>
  r !== undefined &&
  r.status !== 503 &&
  r.status < 500 &&
  !(r.status === 409 && ['request-in-progress', 'checkout-in-progress'].includes(r.body?.code));

const send = (r: Request): Promise<ApiResponse | undefined> =>
  as(r.who)
    .post(r.path, r.body, { idempotencyKey: r.key })
    .catch(() => undefined);

/** Retries every request with its key until each has a final answer (honouring Retry-After, briefly). */
async function untilFinal(requests: readonly Request[], maxMs = 150_000): Promise<ApiResponse[]> {
  const answers = new Map<Request, ApiResponse>();
  const deadline = Date.now() + maxMs;
  while (answers.size < requests.length) {
    if (Date.now() > deadline) throw new Error(`${requests.length - answers.size} requests never ended`);
    const open = requests.filter((r) => !answers.has(r));
    const results = await Promise.all(open.map(send));
    results.forEach((res, i) => {
      if (isFinal(res)) answers.set(open[i]!, res!);
    });
    if (process.env.CRASH_DEBUG)
      console.log(
        'open',
        requests.length - answers.size,
        results.map((r) => `${r?.status}:${r?.body?.code ?? ''}`).join(' '),
      );
    if (answers.size < requests.length) await delay(1000);
  }
  return requests.map((r) => answers.get(r)!);
}

/**
 * Fires `requests` at once and kills the runtime once `afterAnswers` of them have been answered (so
 * that the others are in flight, at whatever step they are), or after 20 s; then restarts it.
 */
async function burstAndKill(requests: readonly Request[], afterAnswers: number): Promise<void> {
  let answered = 0;
  let killed: () => void = () => {};
  const killPoint = new Promise<void>((resolve) => (killed = resolve));
  const inFlight = Promise.all(
    requests.map((r) =>
      send(r).then((res) => {
        if (res && ++answered >= afterAnswers) killed();
        return res;
      }),
    ),
  );
  await Promise.race([killPoint, delay(20_000)]);
  await rt.kill9();
  await inFlight;
  await restart();
}

interface Pick {
  productId: string;
  start: Record<string, number>;
}

async function stockOf(locationId: string, productId: string) {
  const res = await as('manager').get(`/locations/${locationId}/stock?productId=${productId}`);
  expect(res.status).toBe(200);
  return res.body.items[0] as { onHand: number; reserved: number };
}

async function movementsOf(locationId: string, productId: string): Promise<Movement[]> {
  const out: Movement[] = [];
  let cursor: string | undefined;
  do {
    const res = await as('manager').get(
      `/stock/${productId}/movements?locationId=${locationId}&order=asc&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect(res.status).toBe(200);
    out.push(...(res.body.items as Movement[]));
    cursor = res.body.nextCursor;
  } while (cursor);
  return out;
}

/** Net money the provider kept under an order's payment keys (every attempt). */
async function netCaptured(orderId: string): Promise<{ net: number; captures: number }> {
  const ddb = dynamoOf(rt);
  let net = 0;
  let captures = 0;
  for (const key of [`pay_${orderId}`, ...[2, 3, 4, 5].map((n) => `pay_${orderId}.${n}`)]) {
    const item = (
      await ddb.send(
        new GetCommand({
          TableName: 'comptoir-sales',
          Key: { pk: `PSP#${key}`, sk: 'CAPTURE' },
          ConsistentRead: true,
        }),
      )
    ).Item;
    if (!item || item.voided) continue;
    const kept = (item.amountCents as number) - ((item.refundedCents as number | undefined) ?? 0);
    net += kept;
    if (kept > 0) captures++;
  }
  ddb.destroy();
  return { net, captures };
}

const locations = ['store-1', 'store-2', 'store-3', 'warehouse'] as const;
const cashierOf: Record<string, string> = {
  'store-1': 'cashier1',
  'store-2': 'cashier2',
  'store-3': 'cashier3',
};

describe('kill -9 of the whole runtime mid-burst, restart, retry with the same keys', () => {
  const picks: Pick[] = [];
  const sales: Request[] = [];
  let confirmedPos: { id: string; locationId: string; productId: string }[] = [];
  const till = 'till-crash';
  let sessionId = '';

  it('sales and web checkouts: one order per key, charged once, stock whole, reports exact', async () => {
    // Prepare: two products with plenty of stock everywhere, and their levels before anything.
    const lines = (await as('manager').get('/locations/store-1/stock')).body.items as {
      productId: string;
      onHand: number;
    }[];
    for (const line of lines) {
      if (picks.length === 2) break;
      const start: Record<string, number> = {};
      for (const loc of locations) start[loc] = (await stockOf(loc, line.productId)).onHand;
      if (Object.values(start).every((n) => n >= 25)) picks.push({ productId: line.productId, start });
    }
    expect(picks).toHaveLength(2);
    const basket = picks.map((p) => ({ productId: p.productId, quantity: 1 }));
    // store-1's sales are rung up at a till with an open register session; the others name no till.
    const opened = await as('cashier1').post(
      `/locations/store-1/registers/${till}/sessions`,
      { floatCents: 5000 },
      { idempotencyKey: `open-${randomUUID()}` },
    );
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    sessionId = opened.body.sessionId as string;
    for (let i = 0; i < 24; i++) {
      const store = `store-${(i % 3) + 1}`;
      sales.push({
        who: cashierOf[store]!,
        path: `/locations/${store}/sales`,
        body: {
          lines: basket,
          payment: { method: 'card', cardNumber: testCards.approved },
          ...(store === 'store-1' ? { registerId: till } : {}),
        },
        key: `sale-${i}-${randomUUID()}`,
      });
    }
    for (let i = 0; i < 6; i++) {
      const cart = await as('customer').post('/carts', undefined, {
        idempotencyKey: `cart-${i}-${randomUUID()}`,
      });
      expect(cart.status).toBe(201);
      for (const p of picks)
        expect(
          (await as('customer').put(`/carts/${cart.body.cartId}/items/${p.productId}`, { quantity: 1 }))
            .status,
        ).toBe(200);
      sales.push({
        who: 'customer',
        path: `/carts/${cart.body.cartId}/checkout`,
        body: {
          payment: { method: 'card', cardNumber: testCards.approved },
          shippingAddress: '1 rue Test, Montréal',
        },
        key: `checkout-${i}-${randomUUID()}`,
      });
    }

    for (const u of ['cashier1', 'cashier2', 'cashier3', 'customer'])
      expect((await as(u).get('/me')).status).toBe(200);
    // Act: the burst, killed at two points; then every request retried until it has its answer.
    await burstAndKill(sales, 3);
    await burstAndKill(sales, 12);
    const answers = await untilFinal(sales);

    // Assess: one order per key, all confirmed (enough stock, approved cards), none pending.
    const ids = answers.map((a) => {
      expect(a.status, JSON.stringify(a.body)).toBe(201);
      return a.body.id as string;
    });
    expect(new Set(ids).size).toBe(sales.length);
    const again = await Promise.all(sales.map(send));
    expect(again.map((a) => a?.body.id)).toEqual(ids);
    expect(again.every((a) => a?.headers.get('idempotent-replayed') === 'true')).toBe(true);
    for (const loc of locations) {
      const all = await as('manager').get(`/orders?locationId=${loc}&status=all&limit=100`);
      const mine = (all.body.items as { id: string; status: string }[]).filter((o) => ids.includes(o.id));
      expect(mine.every((o) => o.status === 'confirmed')).toBe(true);
      const pending = (await as('manager').get(`/orders?locationId=${loc}&status=pending&limit=100`)).body
        .items;
      expect(pending).toEqual([]);
    }
    // No basket captured twice: each order's payment keys keep exactly its total, once.
    for (const a of answers) {
      const { net, captures } = await netCaptured(a.body.id);
      expect({ net, captures }).toEqual({ net: a.body.totalCents, captures: 1 });
    }
    // Stock: nothing reserved, on hand + units sold = start, and the ledger explains every unit.
    const soldAt = (loc: string) => answers.filter((a) => a.body.locationId === loc).length;
    for (const p of picks)
      for (const loc of locations) {
        const now = await stockOf(loc, p.productId);
        expect(now.reserved, `${loc} ${p.productId}`).toBe(0);
        expect(now.onHand + soldAt(loc), `${loc} ${p.productId}`).toBe(p.start[loc]);
        const ledger = await movementsOf(loc, p.productId);
        const first = ledger[0];
        const initial = first
          ? {
              onHand: first.onHand - first.delta.onHand,
              reserved: first.reserved - first.delta.reserved,
              seq: first.seq - 1,
            }
          : { ...now, seq: 0 };
        expect(checkLedger(initial, ledger, now), `${loc} ${p.productId}`).toEqual([]);
      }
    // Reports count exactly the confirmed orders (once the bus has delivered them).
    let report: ApiResponse | undefined;
    for (let i = 0; i < 30; i++) {
      report = await as('manager').get(`/reports/sales?from=${today()}&to=${today()}`);
      if (report.body.totals?.orders === sales.length) break;
      await delay(1000);
    }
    expect(report!.body.totals.orders).toBe(sales.length);
    const dashboard = await as('manager').get('/dashboard');
    expect(dashboard.body.totals.today.orders).toBe(sales.length);
    confirmedPos = answers
      .filter((a) => a.body.channel === 'pos')
      .map((a) => ({ id: a.body.id, locationId: a.body.locationId, productId: picks[0]!.productId }));
  }, 400_000);

  it('returns: each refunded and restocked exactly once', async () => {
    expect(confirmedPos.length).toBeGreaterThan(0);
    const before: Record<string, number> = {};
    for (const loc of ['store-1', 'store-2', 'store-3'])
      before[loc] = (await stockOf(loc, picks[0]!.productId)).onHand;
    const returns: Request[] = confirmedPos.map((o, i) => ({
      who: cashierOf[o.locationId]!,
      path: `/orders/${o.id}/returns`,
      body: {
        lines: [{ productId: o.productId, quantity: 1 }],
        // store-1's returns are taken at the till, in its open session.
        ...(o.locationId === 'store-1' ? { registerId: till, reason: 'defective' } : {}),
      },
      key: `return-${i}-${randomUUID()}`,
    }));
    await burstAndKill(returns, 4);
    const answers = await untilFinal(returns);
    for (const a of answers) {
      expect(a.status, JSON.stringify(a.body)).toBe(201);
      expect(a.body.returns).toHaveLength(1);
      expect(a.body.returns[0].status).toBe('completed');
      const { net } = await netCaptured(a.body.id);
      expect(net).toBe(a.body.totalCents - a.body.returns[0].amountCents);
    }
    // Restocked once each (the restock is a consumer of OrderReturned: wait for the bus).
    for (const loc of ['store-1', 'store-2', 'store-3']) {
      const expected = before[loc]! + confirmedPos.filter((o) => o.locationId === loc).length;
      let onHand = 0;
      for (let i = 0; i < 30 && onHand !== expected; i++) {
        onHand = (await stockOf(loc, picks[0]!.productId)).onHand;
        if (onHand !== expected) await delay(1000);
      }
      expect(onHand, loc).toBe(expected);
    }
    let report: ApiResponse | undefined;
    for (let i = 0; i < 30; i++) {
      report = await as('manager').get(`/reports/sales?from=${today()}&to=${today()}`);
      if (report.body.totals?.returns === returns.length) break;
      await delay(1000);
    }
    expect(report!.body.totals.returns).toBe(returns.length);

    // The till's session closes with every one of its sales and returns counted once (a return the
    // kill left pending is finished by the close): all by card, so the drawer holds the float.
    let closed: ApiResponse | undefined;
    for (let i = 0; i < 30; i++) {
      closed = await as('cashier1')
        .post(
          `/locations/store-1/registers/${till}/sessions/${sessionId}/close`,
          { countedCents: 5000 },
          { idempotencyKey: `close-${i}-${randomUUID()}` },
        )
        .catch(() => undefined);
      if (closed?.status === 200) break;
      await delay(1000);
    }
    expect(closed?.status, JSON.stringify(closed?.body)).toBe(200);
    const atTill = answers.filter((a) => a.body.locationId === 'store-1');
    const tillSales = await Promise.all(
      atTill.map(async (a) => (await as('manager').get(`/orders/${a.body.id}`)).body),
    );
    const totalOf = (xs: number[]) => xs.reduce((x, y) => x + y, 0);
    expect(closed!.body.report).toMatchObject({
      salesCount: tillSales.length,
      sales: { card: { amountCents: totalOf(tillSales.map((o) => o.totalCents)) } },
      returns: {
        count: atTill.length,
        cash: { amountCents: 0 },
        card: { amountCents: totalOf(atTill.map((a) => a.body.returns[0].amountCents)) },
      },
      expectedCashCents: 5000,
      overShortCents: 0,
      firstReceipt: `store-1-${till}-1`,
      lastReceipt: `store-1-${till}-${tillSales.length}`,
    });
    expect([...closed!.body.saleIds].sort()).toEqual(tillSales.map((o) => o.id).sort());
    expect(closed!.body.returnIds).toHaveLength(atTill.length);
    for (const a of atTill) expect(a.body.returns[0]).toMatchObject({ registerId: till, sessionId });
  }, 300_000);
});
