import { loadGeneratedProducts } from '../lib/catalog-generator.ts';
import { formatLoad, ms, times, verdict } from '../lib/format.ts';
import { LatencyHistogram, round } from '../lib/histogram.ts';
import { waitUntilIdle } from '../lib/system.ts';
import type { BenchContext, LoadResult, Scenario, SystemHandle } from '../lib/types.ts';

/**
 * Search latency as the catalog grows: the same queries against 1,000 and against 100,000 generated
 * products (10,000 in quick mode), each catalog on a system of its own (the other scenarios keep the
 * demo catalog). The small one is written through `DynamoProductRepository.create` (the handlers'
 * write path), the large one as the same items (`newProductItems`) with BatchWriteItem.
 * p50 from sequential requests (one at a time: the cost of a search, not of queueing), sent to the two
 * systems alternately after the same warm-up, so that JIT warm-up and whatever else the machine does
 * weigh on both alike; then a short closed loop on each, which also gives the CPU time per search.
 * Then the same check for a store's stock: store-1 stocks 1,000 generated products on the small system
 * and 10,000 (3,000 quick) on the large one; `GET /locations/store-1/stock` (as cashier1) should stay
 * within one page whatever the stock holds.
 */
const queries = [
  'cafe',
  'croissant',
  'muffin bleuets',
  'pain',
  'bio',
  'choco',
  'fromage',
  'sans gluten',
  'erable',
  'the vert',
  'bag',
  'tourtiere surgelee',
  'CPT-CAF-0001',
  '0628915100112',
  'GEN-000500',
] as const;
const target = 1.5;

const path = (q: string) => `/products?q=${encodeURIComponent(q)}`;

/** Store stock, one request at a time: p50 and what one answer holds. */
async function storeStock(
  ctx: BenchContext,
  system: SystemHandle,
  rounds: number,
): Promise<{ p50: number; p95: number; items: number; bytes: number }> {
  const headers = await ctx.authHeaders('cashier1', system);
  const histogram = new LatencyHistogram();
  let items = 0;
  let bytes = 0;
  for (let r = -2; r < rounds; r++) {
    const t0 = performance.now();
    const res = await fetch(`${system.url}/locations/store-1/stock`, { headers });
    const text = await res.text();
    const elapsed = performance.now() - t0;
    if (res.status !== 200) throw new Error(`store stock: ${res.status} ${text.slice(0, 200)}`);
    if (r < 0) continue;
    histogram.recordMs(elapsed);
    items = ((JSON.parse(text) as { items?: unknown[] }).items ?? []).length;
    bytes = Buffer.byteLength(text);
  }
  const summary = histogram.summary();
  return { p50: summary.p50, p95: summary.p95, items, bytes };
}

async function timed(url: string): Promise<{ ms: number; items: number }> {
  const t0 = performance.now();
  const res = await fetch(url);
  const body = (await res.json()) as { items?: unknown[] };
  const elapsed = performance.now() - t0;
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
  return { ms: elapsed, items: body.items?.length ?? 0 };
}

interface Side {
  readonly products: number;
  readonly system: SystemHandle;
  readonly all: LatencyHistogram;
  readonly perQuery: Map<string, { histogram: LatencyHistogram; items: number }>;
}

const side = (products: number, system: SystemHandle): Side => ({
  products,
  system,
  all: new LatencyHistogram(),
  perQuery: new Map(queries.map((q) => [q, { histogram: new LatencyHistogram(), items: 0 }])),
});

async function sample(s: Side, q: string, record: boolean): Promise<void> {
  const { ms: elapsed, items } = await timed(`${s.system.url}${path(q)}`);
  if (!record) return;
  s.all.recordMs(elapsed);
  const entry = s.perQuery.get(q)!;
  entry.histogram.recordMs(elapsed);
  entry.items = items;
}

function figures(s: Side, closedLoop: LoadResult) {
  const summary = s.all.summary();
  return {
    products: s.products,
    sequential: {
      requests: s.all.count,
      p50: summary.p50,
      p95: summary.p95,
      p99: summary.p99,
      byQuery: Object.fromEntries(
        [...s.perQuery].map(([q, e]) => [q, { p50: e.histogram.percentileMs(50), items: e.items }]),
      ),
    },
    closedLoop,
  };
}

const closedLoopOn = (ctx: BenchContext, s: Side) =>
  ctx.closedLoop({
    label: `search, ${s.products.toLocaleString('en-US')} products`,
    url: s.system.url,
    requests: queries.map((q) => ({ path: path(q) })),
    durationSec: ctx.seconds(6, 3),
    warmupSec: 1,
  });

export const scenario: Scenario = {
  name: 'search-scale',
  description: 'search p50 with 1,000 and with 100,000 generated products',
  async run(ctx) {
    const smallCount = 1000;
    const largeCount = ctx.quick ? 10_000 : 100_000;
    const log = (line: string) => ctx.log(line);
    ctx.log('starting two systems of their own…');
    const [smallSystem, largeSystem] = await Promise.all([ctx.startSystem(), ctx.startSystem()]);

    ctx.log(`small: ${smallCount.toLocaleString('en-US')} generated products through the repository…`);
    const smallLoad = await loadGeneratedProducts(smallSystem, {
      from: 1,
      to: smallCount,
      mode: 'repository',
      log,
    });
    ctx.log(`large: ${largeCount.toLocaleString('en-US')} generated products with BatchWriteItem…`);
    const largeLoad = await loadGeneratedProducts(largeSystem, {
      from: 1,
      to: largeCount,
      mode: 'batch',
      log,
    });

    const stockSmall = smallCount;
    const stockLarge = ctx.quick ? 3_000 : 10_000;
    ctx.log(
      `store-1 stock lines: ${stockSmall.toLocaleString('en-US')} and ${stockLarge.toLocaleString('en-US')}…`,
    );
    const stockLoads = await Promise.all([
      loadGeneratedProducts(smallSystem, { from: 1, to: stockSmall, mode: 'stock', log }),
      loadGeneratedProducts(largeSystem, { from: 1, to: stockLarge, mode: 'stock', log }),
    ]);

    // LevelDB compacts after a bulk load: let it finish, or it would weigh on the large side only.
    const settled = await Promise.all([waitUntilIdle(smallSystem), waitUntilIdle(largeSystem)]);
    ctx.log(`waited ${Math.max(...settled.map((s) => s.waitedMs))} ms for both systems to be idle`);
    const small = side(smallCount, smallSystem);
    const large = side(largeCount, largeSystem);
    const rounds = ctx.seconds(30, 8);
    ctx.log(`${rounds} rounds of ${queries.length} queries, one at a time, alternating between the two…`);
    for (let r = -3; r < rounds; r++) {
      // Three unrecorded warm-up rounds; then the order alternates, so neither side always goes first.
      const order = r % 2 === 0 ? [small, large] : [large, small];
      for (const q of queries) for (const s of order) await sample(s, q, r >= 0);
    }
    const smallLoop = await closedLoopOn(ctx, small);
    const largeLoop = await closedLoopOn(ctx, large);
    ctx.log('store stock, one request at a time on each…');
    const stockRounds = ctx.seconds(10, 4);
    const stockAtSmall = await storeStock(ctx, smallSystem, stockRounds);
    const stockAtLarge = await storeStock(ctx, largeSystem, stockRounds);
    const stockP50Ratio = round(stockAtLarge.p50 / stockAtSmall.p50, 2);
    // Bounded by a page size: the answer holds no more items with more stock lines.
    const stockPaged = stockAtLarge.items <= stockAtSmall.items;
    const atSmall = figures(small, smallLoop);
    const atLarge = figures(large, largeLoop);

    const ratio = round(atLarge.sequential.p50 / atSmall.sequential.p50, 2);
    const p95Ratio = round(atLarge.sequential.p95 / atSmall.sequential.p95, 2);
    const cpuRatio =
      smallLoop.serverCpuMsPerRequest && largeLoop.serverCpuMsPerRequest
        ? round(largeLoop.serverCpuMsPerRequest / smallLoop.serverCpuMsPerRequest, 2)
        : undefined;
    const met = ratio <= target;
    const line = (m: typeof atSmall) =>
      `${m.products.toLocaleString('en-US').padStart(7)} products: sequential p50 ${ms(m.sequential.p50)}, ` +
      `p95 ${ms(m.sequential.p95)}, p99 ${ms(m.sequential.p99)}`;
    const big = largeCount.toLocaleString('en-US');
    return {
      queries,
      note: 'product counts are generated products; each system also holds the demo catalog',
      loads: { repository: smallLoad, batch: largeLoad, stock: stockLoads, settled },
      small: atSmall,
      large: atLarge,
      p50Ratio: ratio,
      p95Ratio,
      cpuPerRequestRatio: cpuRatio,
      target: { p50Ratio: target, met, storeStockPaged: stockPaged },
      storeStock: {
        stockLines: { small: stockSmall, large: stockLarge },
        small: stockAtSmall,
        large: stockAtLarge,
        p50Ratio: stockP50Ratio,
      },
      summary: [
        line(atSmall),
        line(atLarge),
        `p50 ${big} / ${smallCount.toLocaleString('en-US')}: ${times(ratio)} — target ≤ ${target}× ${verdict(met)}` +
          ` (p95 ${times(p95Ratio)}${cpuRatio !== undefined ? `, server CPU per search ${times(cpuRatio)}` : ''})`,
        formatLoad(smallLoop, ctx.ratio(smallLoop)),
        formatLoad(largeLoop, ctx.ratio(largeLoop)),
        `slowest queries at ${big}: ` +
          Object.entries(atLarge.sequential.byQuery)
            .sort((a, b) => b[1].p50 - a[1].p50)
            .slice(0, 3)
            .map(
              ([q, s]) =>
                `"${q}" ${ms(s.p50)} (${ms(atSmall.sequential.byQuery[q]?.p50 ?? 0)} at ${smallCount.toLocaleString('en-US')})`,
            )
            .join(', '),
        `store stock of store-1 with ${stockSmall.toLocaleString('en-US')} / ${stockLarge.toLocaleString('en-US')} stock lines: ` +
          `p50 ${ms(stockAtSmall.p50)} / ${ms(stockAtLarge.p50)} (${times(stockP50Ratio)}), ` +
          `${stockAtSmall.items.toLocaleString('en-US')} / ${stockAtLarge.items.toLocaleString('en-US')} items ` +
          `(${Math.round(stockAtLarge.bytes / 1024).toLocaleString('en-US')} KB) in one answer — bounded by a page size ${verdict(stockPaged)}`,
        `loaded ${smallLoad.productsPerSec} products/s through the repository, ${largeLoad.productsPerSec} /s in batches`,
      ],
    };
  },
};
