import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { salesLocations } from '#domain/reporting/report.ts';
import type { Client, TestRuntime } from '../support/runtime.ts';
import { startTestRuntime } from '../support/runtime.ts';

/**
 * The dashboard's alert counts against the stock itself, over HTTP: right after a start with the
 * demo data (loaded without any event), after random trading, and after announcements are lost
 * and the read model is rebuilt from the stock.
 */
let api: TestRuntime;
let manager: Client;
let cashier: Client;

beforeAll(async () => {
  api = await startTestRuntime({ runtime: { eventRetry: { delayMs: 5, maxDelayMs: 20 } } });
  manager = api.as('manager');
  cashier = api.as('cashier1');
  await api.runtime.recovered;
});
afterAll(() => api.stop());

type Counts = Record<string, { out: number; low: number; over: number }>;

/** Per sales location, how many of its stock lines are out, low and over: what the shelves say. */
async function stockCounts(): Promise<Counts> {
  const counts: Counts = {};
  for (const id of salesLocations) {
    const res = await manager.get(`/locations/${id}/stock`);
    expect(res.status).toBe(200);
    const items = res.body.items as { status: string }[];
    counts[id] = {
      out: items.filter((i) => i.status === 'out').length,
      low: items.filter((i) => i.status === 'low').length,
      over: items.filter((i) => i.status === 'over').length,
    };
  }
  return counts;
}

/** What the head-office dashboard says. */
async function dashboardCounts(): Promise<Counts> {
  const res = await manager.get('/dashboard');
  expect(res.status).toBe(200);
  return Object.fromEntries(
    (res.body.locations as { locationId: string; alerts: Counts[string] }[]).map((l) => [
      l.locationId,
      l.alerts,
    ]),
  );
}

const total = (c: Counts) => Object.values(c).reduce((n, l) => n + l.out + l.low + l.over, 0);

describe('alerts that always equal the stock', () => {
  it('counts the demo stock out, low and over from the first minute, without any event', async () => {
    const shelves = await stockCounts();
    expect(total(shelves)).toBeGreaterThan(20); // the demo has lines out, low and overstocked
    expect(await dashboardCounts()).toEqual(shelves);
    const alerts = await manager.get('/alerts?locationId=store-1&type=out');
    expect(alerts.body.items.length).toBe(shelves['store-1']!.out);
  });

  it('stays equal after random sales, adjustments and threshold changes (property)', async () => {
    const stock = (await manager.get('/locations/store-1/stock')).body.items as { productId: string }[];
    const products = stock.slice(0, 6).map((i) => i.productId);
    const op = fc.oneof(
      fc.record({
        t: fc.constant('sale' as const),
        p: fc.constantFrom(...products),
        q: fc.integer({ min: 1, max: 6 }),
      }),
      fc.record({
        t: fc.constant('adjust' as const),
        p: fc.constantFrom(...products),
        q: fc.integer({ min: -20, max: 40 }).filter((n) => n !== 0),
      }),
      fc.record({
        t: fc.constant('thresholds' as const),
        p: fc.constantFrom(...products),
        low: fc.integer({ min: 0, max: 20 }),
        extra: fc.integer({ min: 0, max: 30 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 3, maxLength: 10 }), async (ops) => {
        for (const o of ops) {
          if (o.t === 'sale')
            await cashier.post(
              '/locations/store-1/sales',
              { lines: [{ productId: o.p, quantity: o.q }], payment: { method: 'cash' } },
              { idempotencyKey: randomUUID() },
            );
          else if (o.t === 'adjust')
            await manager.post(
              '/locations/store-1/adjustments',
              { productId: o.p, quantity: o.q, reason: 'test: random workload' },
              { idempotencyKey: randomUUID() },
            );
          else
            await manager.put(`/locations/store-1/stock/${o.p}/thresholds`, {
              low: o.low,
              reorder: o.low + o.extra,
              over: o.low + 2 * o.extra + 10,
            });
        }
        await api.runtime.bus.settled();
        expect(await dashboardCounts()).toEqual(await stockCounts());
      }),
      { numRuns: 4 },
    );
  });

  it('is repaired from the stock by a rebuild after announcements were lost', async () => {
    // Prepare: the read model loses entries (events lost), and a sale's announcement never comes
    const { ddb, tableName } = await import('#functions/adapters/dynamo.ts');
    const { DeleteCommand, QueryCommand } = await import('@aws-sdk/lib-dynamodb');
    const entries = await ddb.send(
      new QueryCommand({
        TableName: tableName('reporting'),
        KeyConditionExpression: 'pk = :pk',
        FilterExpression: '#s <> :normal',
        ExpressionAttributeNames: { '#s': 'state' },
        ExpressionAttributeValues: { ':pk': 'ALERTS', ':normal': 'normal' },
      }),
    );
    for (const e of (entries.Items ?? []).slice(0, 10))
      await ddb.send(new DeleteCommand({ TableName: tableName('reporting'), Key: { pk: e.pk, sk: e.sk } }));
    expect(await dashboardCounts()).not.toEqual(await stockCounts());
    // Act: the rebuild (the schedule's job, also run by `npm run rebuild:read-models`)
    const out = (await api.runtime.scheduler.trigger('reporting-alerts-reconciliation')) as {
      repaired: number;
    };
    // Assess
    expect(out.repaired).toBeGreaterThan(0);
    expect(await dashboardCounts()).toEqual(await stockCounts());
    const again = (await api.runtime.scheduler.trigger('reporting-alerts-reconciliation')) as {
      repaired: number;
    };
    expect(again.repaired).toBe(0);
  });
});
