import { dayOf } from '#domain/reporting/days.ts';
import { bulkItems } from '#functions/reporting/adapters/reporting-repository.ts';
import { ms, times, verdict } from '../lib/format.ts';
import { LatencyHistogram, round } from '../lib/histogram.ts';
import {
  aggregateItems,
  BulkWriter,
  emptyAggregates,
  foldSales,
  generatedSale,
  type Aggregates,
} from '../lib/sales-generator.ts';
import type { BenchContext, Scenario, SystemHandle } from '../lib/types.ts';

/**
 * Head-office reads as sales pile up: `GET /dashboard`, the 30-day consolidated report of the whole
 * chain and a 7-day report of one store, with 10,000 and then 1,000,000 confirmed sales loaded
 * (1,000 and 10,000 in quick mode), on a system of its own. Sales are generated over the last 90
 * days and written straight into the reporting table: the aggregates they add up to, and one
 * projection item per order (pk=ORDER#…) as the event projection leaves them, so the table holds
 * what a million sales would leave there. p50 from sequential requests (the cost of one answer).
 * Goal: latency that does not grow with the number of sales (large within 1.5× of small). A middle
 * size (100,000) shows where the read models stop growing: once every product sells on every day
 * at every location, more sales only change the numbers inside the same items.
 */
const days = 90;
const target = 1.5;
/** Time allowed for writing the per-order items of the large load (the aggregates are always written). */
const orderItemsBudgetMs = 5 * 60_000;

interface Measure {
  readonly sales: number;
  readonly byRequest: Record<string, { p50: number; p95: number; p99: number; requests: number }>;
}

async function timed(url: string, headers: Record<string, string>): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url, { headers });
  await res.arrayBuffer();
  const elapsed = performance.now() - t0;
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  return elapsed;
}

async function measure(
  ctx: BenchContext,
  system: SystemHandle,
  sales: number,
  paths: Record<string, string>,
  headers: Record<string, string>,
): Promise<Measure> {
  const rounds = ctx.seconds(40, 10);
  for (const p of Object.values(paths)) for (let i = 0; i < 3; i++) await timed(`${system.url}${p}`, headers);
  const byRequest: Measure['byRequest'] = {};
  for (const [name, p] of Object.entries(paths)) {
    const h = new LatencyHistogram();
    for (let r = 0; r < rounds; r++) h.recordMs(await timed(`${system.url}${p}`, headers));
    const s = h.summary();
    byRequest[name] = { p50: s.p50, p95: s.p95, p99: s.p99, requests: h.count };
  }
  return { sales, byRequest };
}

function* orderItems(from: number, to: number, today: string) {
  const countedAt = '2000-01-01T00:00:00.000Z';
  for (let n = from; n <= to; n++) {
    const { order, returned } = generatedSale(n, today, days);
    yield bulkItems.order(order, {
      [`c:${order.orderId}`]: countedAt,
      ...(returned ? { [`r:${order.orderId}:ret-${n}`]: countedAt } : {}),
    });
  }
}

export const scenario: Scenario = {
  name: 'reports',
  description: 'dashboard and sales report latency with 10,000 and 1,000,000 confirmed sales',
  async run(ctx) {
    const small = ctx.quick ? 1_000 : 10_000;
    const middle = ctx.quick ? 3_000 : 100_000;
    const large = ctx.quick ? 10_000 : 1_000_000;
    ctx.log('starting a system of its own…');
    const system = await ctx.startSystem();
    if (!system.dynamoEndpoint) throw new Error('the system did not print its DynamoDB endpoint');
    const headers = await ctx.authHeaders('manager', system);
    const writer = new BulkWriter(system.dynamoEndpoint, 'comptoir-reporting', system.credentials);
    const today = dayOf(Date.now());
    const from30 = new Date(Date.now() - 29 * 86_400_000).toISOString();
    const from7 = new Date(Date.now() - 6 * 86_400_000).toISOString();
    const paths = {
      dashboard: '/dashboard',
      'report 30 days, chain': `/reports/sales?from=${dayOf(from30)}&to=${today}`,
      'report 7 days, store-1': `/reports/sales?from=${dayOf(from7)}&to=${today}&locationId=store-1`,
    };

    const agg: Aggregates = emptyAggregates();
    const load = async (from: number, to: number, budgetMs: number) => {
      const t0 = performance.now();
      foldSales(agg, from, to, today, days);
      const foldSeconds = round((performance.now() - t0) / 1000, 1);
      const items = aggregateItems(agg);
      const aggregates = await writer.write('aggregates', items, items.length);
      const orders = await writer.write('orders    ', orderItems(from, to, today), to - from + 1, budgetMs);
      return { foldSeconds, aggregates, orders };
    };

    ctx.log(`loading ${small.toLocaleString('en-US')} sales…`);
    const smallLoad = await load(1, small, Infinity);
    const atSmall = await measure(ctx, system, small, paths, headers);
    ctx.log(`dashboard p50 at ${small}: ${ms(atSmall.byRequest.dashboard!.p50)}`);

    ctx.log(`loading up to ${middle.toLocaleString('en-US')} sales…`);
    const middleLoad = await load(small + 1, middle, orderItemsBudgetMs / 2);
    const atMiddle = await measure(ctx, system, middle, paths, headers);

    ctx.log(`loading up to ${large.toLocaleString('en-US')} sales…`);
    const largeLoad = await load(middle + 1, large, orderItemsBudgetMs / 2);
    const atLarge = await measure(ctx, system, large, paths, headers);
    writer.destroy();

    const ratios = Object.fromEntries(
      Object.keys(paths).map((k) => [k, round(atLarge.byRequest[k]!.p50 / atSmall.byRequest[k]!.p50, 2)]),
    );
    const met = Object.values(ratios).every((r) => r <= target);
    const saturatedRatios = Object.fromEntries(
      Object.keys(paths).map((k) => [k, round(atLarge.byRequest[k]!.p50 / atMiddle.byRequest[k]!.p50, 2)]),
    );
    const orderItemsWritten = small + middleLoad.orders.written + largeLoad.orders.written;
    const orderNote =
      orderItemsWritten >= large
        ? `all ${large.toLocaleString('en-US')} order items written`
        : `only ${orderItemsWritten.toLocaleString('en-US')} of ${large.toLocaleString('en-US')} per-order items written within ${orderItemsBudgetMs / 60_000} min (the aggregates are complete: every sale is counted)`;
    return {
      days,
      loads: { small: smallLoad, middle: middleLoad, large: largeLoad },
      small: atSmall,
      middle: atMiddle,
      large: atLarge,
      p50Ratios: ratios,
      p50RatiosLargeOverMiddle: saturatedRatios,
      orderItemsWritten,
      aggregateItems: {
        small: smallLoad.aggregates.total,
        middle: middleLoad.aggregates.total,
        large: largeLoad.aggregates.total,
      },
      target: { p50Ratio: target, met },
      summary: [
        ...Object.keys(paths).map(
          (k) =>
            `${k.padEnd(24)} p50 ${ms(atSmall.byRequest[k]!.p50)} at ${small.toLocaleString('en-US')} → ${ms(atMiddle.byRequest[k]!.p50)} at ${middle.toLocaleString('en-US')} → ${ms(atLarge.byRequest[k]!.p50)} at ${large.toLocaleString('en-US')} sales (${times(ratios[k]!)} / ${times(saturatedRatios[k]!)} from ${middle.toLocaleString('en-US')}), p95 ${ms(atLarge.byRequest[k]!.p95)}`,
        ),
        `p50 ratios ${large.toLocaleString('en-US')} / ${small.toLocaleString('en-US')} — target ≤ ${target}× ${verdict(met)}`,
        `aggregate items: ${smallLoad.aggregates.total.toLocaleString('en-US')} → ${middleLoad.aggregates.total.toLocaleString('en-US')} → ${largeLoad.aggregates.total.toLocaleString('en-US')} (bounded by locations × days × products sold, not by sales)`,
        `${orderNote}; order items at ${largeLoad.orders.itemsPerSec}/s, aggregates at ${largeLoad.aggregates.itemsPerSec}/s`,
      ],
    };
  },
};
