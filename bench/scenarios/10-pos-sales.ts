import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { defaultThresholds } from '#domain/inventory/stock.ts';
import { localTableName } from '#local/runtime.ts';
import { formatLoad } from '../lib/format.ts';
import type { BenchContext, OpenLoopResult, RequestSpec, Scenario } from '../lib/types.ts';

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

export const scenario: Scenario = {
  name: 'pos-sales',
  description: `${tills} tills selling 2-line baskets by card through the checkout saga; then half of them fighting over the last units`,
  async run(ctx) {
    const system = await ctx.startSystem();
    if (!system.dynamoEndpoint) throw new Error('the system did not print its DynamoDB endpoint');
    const doc = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: system.dynamoEndpoint,
        region: 'ca-central-1',
        credentials: system.credentials,
      }),
    );
    const table = localTableName('inventory');
    const stockKey = (locationId: string, productId: string) => ({
      pk: `LOCATION#${locationId}`,
      sk: `STOCK#${productId}`,
    });
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

    ctx.log('warm-up…');
    await load('warm-up', 4, basket).catch(() => undefined);

    ctx.log(`${tills} tills, 2-line baskets…`);
    const free = await load(`${tills} tills, 2-line basket`, tills, basket);

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
    return {
      tills,
      uncontended: free,
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
        line(free),
        line(selling),
        line(fighting),
        `last units: ${delivered} delivered, ${sold} sold, ${fighting.statusCodes['409'] ?? 0} insufficient-stock, on hand after ${after.onHand}, reserved ${after.reserved} — stock ${stockWhole ? 'whole' : 'NOT whole'}`,
      ],
    };
  },
};
