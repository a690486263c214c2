import { loadGeneratedProducts } from '../lib/catalog-generator.ts';
import { formatLoad, ms, times, verdict } from '../lib/format.ts';
import { LatencyHistogram, round } from '../lib/histogram.ts';
import type { BenchContext, SystemHandle } from '../lib/types.ts';
import type { Scenario } from '../lib/types.ts';

/**
 * Search latency as the catalog grows: the same queries against 1,000 and then 100,000 generated
 * products (10,000 in quick mode), on a system of its own so the other scenarios keep the demo
 * catalog. The first 1,000 go through `DynamoProductRepository.create` (the handlers' write path),
 * the rest as the same items with BatchWriteItem. p50 from sequential requests (one at a time: the
 * cost of a search, not of queueing), plus a short closed loop for the throughput.
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

interface Measure {
  readonly products: number;
  readonly sequential: {
    readonly requests: number;
    readonly p50: number;
    readonly p95: number;
    readonly p99: number;
    readonly byQuery: Record<string, { p50: number; items: number }>;
  };
  readonly closedLoop: Awaited<ReturnType<BenchContext['closedLoop']>>;
}

const path = (q: string) => `/products?q=${encodeURIComponent(q)}`;

async function timed(url: string): Promise<{ ms: number; items: number }> {
  const t0 = performance.now();
  const res = await fetch(url);
  const body = (await res.json()) as { items?: unknown[] };
  const elapsed = performance.now() - t0;
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
  return { ms: elapsed, items: body.items?.length ?? 0 };
}

async function measure(ctx: BenchContext, system: SystemHandle, products: number): Promise<Measure> {
  const rounds = ctx.seconds(30, 8);
  for (const q of queries) await timed(`${system.url}${path(q)}`);
  const all = new LatencyHistogram();
  const perQuery = new Map(queries.map((q) => [q, { histogram: new LatencyHistogram(), items: 0 }]));
  for (let r = 0; r < rounds; r++) {
    for (const q of queries) {
      const { ms: elapsed, items } = await timed(`${system.url}${path(q)}`);
      all.recordMs(elapsed);
      const entry = perQuery.get(q)!;
      entry.histogram.recordMs(elapsed);
      entry.items = items;
    }
  }
  const summary = all.summary();
  const closedLoop = await ctx.closedLoop({
    label: `search, ${products.toLocaleString('en-US')} products`,
    url: system.url,
    requests: queries.map((q) => ({ path: path(q) })),
    durationSec: ctx.seconds(8, 3),
    warmupSec: 1,
  });
  return {
    products,
    sequential: {
      requests: all.count,
      p50: summary.p50,
      p95: summary.p95,
      p99: summary.p99,
      byQuery: Object.fromEntries(
        [...perQuery].map(([q, e]) => [q, { p50: e.histogram.percentileMs(50), items: e.items }]),
      ),
    },
    closedLoop,
  };
}

export const scenario: Scenario = {
  name: 'search-scale',
  description: 'search p50 with 1,000 and with 100,000 generated products',
  async run(ctx) {
    const small = 1000;
    const large = ctx.quick ? 10_000 : 100_000;
    ctx.log('starting a system of its own…');
    const system = await ctx.startSystem();
    const log = (line: string) => ctx.log(line);

    ctx.log(`loading ${small.toLocaleString('en-US')} generated products through the repository…`);
    const smallLoad = await loadGeneratedProducts(system, { from: 1, to: small, mode: 'repository', log });
    const atSmall = await measure(ctx, system, small);
    ctx.log(`p50 at ${small}: ${ms(atSmall.sequential.p50)}`);

    ctx.log(`loading up to ${large.toLocaleString('en-US')} with BatchWriteItem (same items)…`);
    const largeLoad = await loadGeneratedProducts(system, { from: small + 1, to: large, mode: 'batch', log });
    const atLarge = await measure(ctx, system, large);
    ctx.log(`p50 at ${large}: ${ms(atLarge.sequential.p50)}`);

    const ratio = round(atLarge.sequential.p50 / atSmall.sequential.p50, 2);
    const met = ratio <= target;
    const line = (m: Measure) =>
      `${m.products.toLocaleString('en-US').padStart(7)} products: sequential p50 ${ms(m.sequential.p50)}, ` +
      `p95 ${ms(m.sequential.p95)}, p99 ${ms(m.sequential.p99)}`;
    return {
      queries,
      note: 'product counts are generated products; the 92-odd demo products are there too',
      loads: { repository: smallLoad, batch: largeLoad },
      small: atSmall,
      large: atLarge,
      p50Ratio: ratio,
      target: { p50Ratio: target, met },
      summary: [
        line(atSmall),
        line(atLarge),
        `p50 ${large.toLocaleString('en-US')} / ${small.toLocaleString('en-US')}: ${times(ratio)} — target ≤ ${target}× ${verdict(met)}`,
        formatLoad(atSmall.closedLoop, ctx.ratio(atSmall.closedLoop)),
        formatLoad(atLarge.closedLoop, ctx.ratio(atLarge.closedLoop)),
        `slowest queries at ${large.toLocaleString('en-US')}: ` +
          Object.entries(atLarge.sequential.byQuery)
            .sort((a, b) => b[1].p50 - a[1].p50)
            .slice(0, 3)
            .map(
              ([q, s]) => `"${q}" ${ms(s.p50)} (${ms(atSmall.sequential.byQuery[q]?.p50 ?? 0)} at ${small})`,
            )
            .join(', '),
        `loaded ${smallLoad.productsPerSec} products/s through the repository, ${largeLoad.productsPerSec} /s in batches`,
      ],
    };
  },
};
