import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { defaultThresholds } from '#domain/inventory/stock.ts';
import { resolve } from 'node:path';
import { sequentialRoundTrips, type CallsSnapshot } from '#local/call-counter.ts';
import { localTableName } from '#local/runtime.ts';
import { waitUntilIdle } from '../lib/system.ts';
import { formatLoad } from '../lib/format.ts';
import type { BenchContext, OpenLoopResult, RequestSpec, Scenario, SystemHandle } from '../lib/types.ts';

/**
 * POS sales through the whole checkout saga (HTTP → handler → local Step Functions running the ASL
 * file → task handlers → dynalite → events), on a system of its own:
 * 1. 16 tills (cashier1…5, round robin over store-1…5) ringing up 2-line baskets by card 4242…,
 *    a fresh Idempotency-Key per sale, no think time: sales/s and latency of POST /locations/{id}/sales.
 * 2. The same 16 tills, 8 of them selling the last units of one product at store-1, which a background
 *    "delivery" tops up by 1 unit every 200 ms: the reservations race each other and the deliveries,
 *    and most of the fighting sales find nothing left (409 insufficient-stock).
 *    Afterwards the stock must be whole: reserved back to 0 and on hand never below 0.
 * Test setup writes stock straight into the system's dynalite (no API sets stock levels).
 */
const tills = 16;
const plentiful = 1_000_000;

interface Setup {
  readonly a: string;
  readonly b: string;
  readonly scarce: string;
}

async function createProduct(
  ctx: BenchContext,
  url: string,
  auth: Record<string, string>,
  priceCents: number,
) {
  const sku = `BENCH-${randomUUID().slice(0, 8).toUpperCase()}`;
  const res = await fetch(`${url}/products`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify({ sku, name: `Banc d'essai ${sku}`, category: 'epicerie', priceCents }),
  });
  if (res.status !== 201) throw new Error(`create product: ${res.status} ${await res.text()}`);
  const p = (await res.json()) as { id: string; name: string };
  ctx.log(`product ${p.id}`);
  return p;
}

/** A system ready to sell: two plentiful products at every store, one scarce at store-1, the tills' tokens. */
async function prepare(ctx: BenchContext, system: SystemHandle) {
  if (!system.dynamoEndpoint) throw new Error('the system did not print its DynamoDB endpoint');
  const doc = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: system.dynamoEndpoint,
      region: 'ca-central-1',
      credentials: system.credentials,
    }),
  );
  const table = localTableName('inventory');
  const putStock = (locationId: string, p: { id: string; name: string }, onHand: number) =>
    doc.send(
      new PutCommand({
        TableName: table,
        Item: {
          ...stockKey(locationId, p.id),
          type: 'stock',
          gsi1pk: `PRODUCT#${p.id}`,
          gsi1sk: `LOCATION#${locationId}`,
          locationId,
          productId: p.id,
          name: p.name,
          onHand,
          reserved: 0,
          thresholds: defaultThresholds,
        },
      }),
    );

  const manager = await ctx.authHeaders('manager', system);
  const [a, b, scarce] = await Promise.all([
    createProduct(ctx, system.url, manager, 425),
    createProduct(ctx, system.url, manager, 1299),
    createProduct(ctx, system.url, manager, 999),
  ]);
  const stores = [1, 2, 3, 4, 5].map((n) => `store-${n}`);
  await Promise.all(stores.flatMap((s) => [putStock(s, a, plentiful), putStock(s, b, plentiful)]));
  await putStock('store-1', scarce, 3);
  const setup: Setup = { a: a.id, b: b.id, scarce: scarce.id };
  const cashiers = await Promise.all([1, 2, 3, 4, 5].map((n) => ctx.authHeaders(`cashier${n}`, system)));

  let turn = 0;
  const sale = (store: number, lines: { productId: string; quantity: number }[]): RequestSpec => ({
    method: 'POST',
    path: `/locations/store-${store + 1}/sales`,
    headers: {
      'content-type': 'application/json',
      'idempotency-key': `bench-${randomUUID()}`,
      ...cashiers[store],
    },
    body: JSON.stringify({ lines, payment: { method: 'card', cardNumber: '4242424242424242' } }),
  });
  const basket = (): RequestSpec =>
    sale(turn++ % 5, [
      { productId: setup.a, quantity: 1 },
      { productId: setup.b, quantity: 2 },
    ]);
  const fight = (): RequestSpec =>
    sale(0, [
      { productId: setup.scarce, quantity: 1 },
      { productId: setup.a, quantity: 1 },
    ]);
  const load = (label: string, users: number, request: () => RequestSpec) =>
    ctx.openLoop({
      label,
      url: system.url,
      users,
      kinds: [{ name: 'sale', request }],
      durationSec: ctx.seconds(15, 5),
      rampUpSec: 1,
      thinkTimeMs: { min: 0, max: 0 },
      timeoutSec: 30,
    });
  return { doc, table, setup, basket, fight, load, manager };
}

const stockKey = (locationId: string, productId: string) => ({
  pk: `LOCATION#${locationId}`,
  sk: `STOCK#${productId}`,
});

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted.length === 0 ? 0 : sorted[Math.floor((sorted.length - 1) / 2)]!;
};

/**
 * The cost of one sale, sales sent one at a time (nothing else running): the DynamoDB calls made
 * while it was answered (by the route's handler, the saga's tasks and the authorizer: the critical
 * path) and how many of them ran one after the other, the saga's task invocations, the event
 * consumers' calls afterwards (per sale), and the server's CPU per sale over the whole process tree
 * once the consumers are done. Counts come from the runtime's `GET /_local/calls`
 * (local/call-counter.ts); a system without it (an older checkout) reports CPU and latency only.
 */
async function costPerSale(
  ctx: BenchContext,
  system: SystemHandle,
  basket: () => RequestSpec,
  count: number,
  manager: Record<string, string>,
) {
  await waitUntilIdle(system, 15_000);
  const cpuBefore = system.cpuSeconds();
  const windows: { start: number; end: number; status: number }[] = [];
  for (let i = 0; i < count; i++) {
    const spec = basket();
    const start = Date.now();
    const res = await fetch(`${system.url}${spec.path}`, {
      method: spec.method ?? 'POST',
      headers: spec.headers ?? {},
      body: spec.body ?? null,
    });
    await res.text();
    windows.push({ start, end: Date.now(), status: res.status });
  }
  const idle = await waitUntilIdle(system, 30_000);
  const cpuAfter = system.cpuSeconds();
  const answered = await fetch(`${system.url}/_local/calls`, { headers: manager });
  const snapshot = answered.ok ? ((await answered.json()) as CallsSnapshot) : undefined;
  const first = windows[0]!.start;
  const perSale = windows.map((w) => {
    const inWindow = (t: number) => t >= w.start - 1 && t <= w.end + 1;
    const critical = (snapshot?.recentCalls ?? []).filter(
      (c) => inWindow(c.start) && (c.kind === 'route' || c.kind === 'task' || c.kind === 'authorizer'),
    );
    return {
      status: w.status,
      latencyMs: w.end - w.start,
      dynamodbCalls: critical.length,
      roundTrips: sequentialRoundTrips(critical),
      taskInvocations: (snapshot?.recentInvocations ?? []).filter(
        (v) => v.kind === 'task' && inWindow(v.start),
      ).length,
      operations: critical.map((c) => `${c.kind}:${c.operation}`),
    };
  });
  const consumerCalls = (snapshot?.recentCalls ?? []).filter(
    (c) => c.kind === 'consumer' && c.start >= first - 1,
  );
  const cpuMsPerSale =
    cpuBefore !== undefined && cpuAfter !== undefined
      ? Math.round(((cpuAfter - cpuBefore) * 1000 * 10) / count) / 10
      : undefined;
  return {
    sales: count,
    statuses: Object.fromEntries(
      [...new Set(perSale.map((s) => s.status))].map((st) => [
        st,
        perSale.filter((s) => s.status === st).length,
      ]),
    ),
    latencyMsMedian: median(perSale.map((s) => s.latencyMs)),
    counted: snapshot !== undefined,
    ...(snapshot
      ? {
          dynamodbCallsMedian: median(perSale.map((s) => s.dynamodbCalls)),
          dynamodbCallsMax: Math.max(...perSale.map((s) => s.dynamodbCalls)),
          roundTripsMedian: median(perSale.map((s) => s.roundTrips)),
          taskInvocationsMedian: median(perSale.map((s) => s.taskInvocations)),
          consumerCallsPerSale: Math.round((consumerCalls.length / count) * 10) / 10,
          consumerCallsByOperation: tally(consumerCalls.map((c) => c.operation)),
          oneSale: perSale[Math.floor(count / 2)]!.operations,
        }
      : {}),
    serverCpuMsPerSale: cpuMsPerSale,
    settledAfterMs: idle.waitedMs,
  };
}

const tally = (items: readonly string[]) => {
  const counts: Record<string, number> = {};
  for (const i of items) counts[i] = (counts[i] ?? 0) + 1;
  return counts;
};

const compareRoot = process.env.BENCH_COMPARE_ROOT;

export const scenario: Scenario = {
  name: 'pos-sales',
  description: `one sale at a time (calls, round trips, CPU per sale); ${tills} tills selling 2-line baskets by card through the checkout saga; then half of them fighting over the last units`,
  async run(ctx) {
    const system = await ctx.startSystem();
    const mine = await prepare(ctx, system);
    const other = compareRoot ? await ctx.startSystem({ root: resolve(compareRoot) }) : undefined;
    const theirs = other ? await prepare(ctx, other) : undefined;
    if (other) ctx.log(`comparing with ${compareRoot} (${other.url})`);
    const { doc, table, setup, basket, fight, load } = mine;

    ctx.log('warm-up…');
    await load('warm-up', 4, basket).catch(() => undefined);
    if (theirs) await theirs.load('warm-up (compared system)', 4, theirs.basket).catch(() => undefined);

    const sequential = ctx.quick ? 10 : 30;
    ctx.log(`${sequential} sales one at a time…`);
    const cost = await costPerSale(ctx, system, basket, sequential, mine.manager);
    const costBefore =
      other && theirs ? await costPerSale(ctx, other, theirs.basket, sequential, theirs.manager) : undefined;

    ctx.log(`${tills} tills, 2-line baskets…`);
    const freeLoad = (on: typeof mine, suffix = '') =>
      on.load(`${tills} tills, 2-line basket${suffix}`, tills, on.basket);
    const freeBefore1 = theirs ? await freeLoad(theirs, ' (compared system)') : undefined;
    const free = await freeLoad(mine);
    const freeBefore =
      freeBefore1 && theirs ? [freeBefore1, await freeLoad(theirs, ' (compared system, again)')] : undefined;
    theirs?.doc.destroy();
    await other?.stop();

    ctx.log(`${tills / 2} tills selling, ${tills / 2} fighting over the last units…`);
    let delivering = true;
    let delivered = 3;
    const deliveries = (async () => {
      while (delivering) {
        await new Promise((r) => setTimeout(r, 200));
        await doc.send(
          new UpdateCommand({
            TableName: table,
            Key: stockKey('store-1', setup.scarce),
            UpdateExpression: 'ADD onHand :n',
            ExpressionAttributeValues: { ':n': 1 },
          }),
        );
        delivered += 1;
      }
    })();
    const [selling, fighting] = await Promise.all([
      load(`${tills / 2} tills, 2-line basket`, tills / 2, basket),
      load(`${tills / 2} tills, last units`, tills / 2, fight),
    ]);
    delivering = false;
    await deliveries;
    const after = (
      await doc.send(new GetCommand({ TableName: table, Key: stockKey('store-1', setup.scarce) }))
    ).Item as { onHand: number; reserved: number };
    const sold = fighting.statusCodes['201'] ?? 0;
    const stockWhole = after.reserved === 0 && after.onHand >= 0 && after.onHand === delivered - sold;
    doc.destroy();

    const combinedRate = selling.requestsPerSec + fighting.requestsPerSec;
    const line = (r: OpenLoopResult) => formatLoad(r);
    const targets = {
      dynamodbCalls: 12,
      taskInvocations: 5,
      serverCpuMsPerSale: 25,
      salesPerSecVersusBefore: 3,
    };
    const beforeRate = freeBefore
      ? freeBefore.reduce((sum, r) => sum + r.requestsPerSec, 0) / freeBefore.length
      : undefined;
    const versus = beforeRate ? Math.round((free.requestsPerSec / beforeRate) * 100) / 100 : undefined;
    return {
      tills,
      perSale: cost,
      targets,
      uncontended: free,
      ...(freeBefore
        ? {
            compare: {
              root: compareRoot,
              perSale: costBefore,
              uncontended: freeBefore,
              salesPerSecRatio: versus,
              cpuPerSaleRatio:
                cost.serverCpuMsPerSale && costBefore?.serverCpuMsPerSale
                  ? Math.round((cost.serverCpuMsPerSale / costBefore.serverCpuMsPerSale) * 100) / 100
                  : undefined,
            },
          }
        : {}),
      contended: {
        selling,
        fighting,
        salesPerSec: Math.round(combinedRate * 10) / 10,
        scarceProduct: {
          delivered,
          sold,
          onHandAfter: after.onHand,
          reservedAfter: after.reserved,
          stockWhole,
        },
      },
      summary: [
        `one sale at a time (${cost.sales}): ${cost.dynamodbCallsMedian ?? '?'} DynamoDB calls (target ≤ ${targets.dynamodbCalls}) in ${cost.roundTripsMedian ?? '?'} sequential round trips, ${cost.taskInvocationsMedian ?? '?'} task invocations (≤ ${targets.taskInvocations}), then ${cost.consumerCallsPerSale ?? '?'} consumer calls; ${cost.serverCpuMsPerSale ?? '?'} ms server CPU per sale (≤ ${targets.serverCpuMsPerSale}), median ${cost.latencyMsMedian} ms`,
        ...(costBefore
          ? [
              `compared system, one sale at a time: ${costBefore.serverCpuMsPerSale ?? '?'} ms server CPU per sale, median ${costBefore.latencyMsMedian} ms`,
            ]
          : []),
        line(free),
        ...(freeBefore
          ? [
              ...freeBefore.map(line),
              `→ ${versus}× the compared system's sales/s at ${tills} tills (target ≥ ${targets.salesPerSecVersusBefore}×)`,
            ]
          : []),
        line(selling),
        line(fighting),
        `last units: ${delivered} delivered, ${sold} sold, ${fighting.statusCodes['409'] ?? 0} insufficient-stock, on hand after ${after.onHand}, reserved ${after.reserved} — stock ${stockWhole ? 'whole' : 'NOT whole'}`,
      ],
    };
  },
};
