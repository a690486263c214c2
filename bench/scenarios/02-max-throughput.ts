import { closedLoopConnections, sampleProductPath } from '../lib/baseline.ts';
import { formatLoad, verdict } from '../lib/format.ts';
import { words } from '#domain/catalog/text.ts';
import type { LoadResult, RequestSpec, Scenario } from '../lib/types.ts';

/**
 * Maximum throughput, closed loop at 64 connections: product search with varied word prefixes (taken
 * from the catalog's own product names), the stock of each store (as its cashier), and — the
 * like-for-like comparison with the bare server — one product by id, the very JSON the bare server
 * sends. Target: at least 3,000 req/s on search and on store stock.
 */
const target = 3000;

/** Up to `count` distinct prefixes (2 to 5 letters) of the words in the catalog's names, spread evenly. */
function searchPrefixes(names: readonly string[], count: number): string[] {
  const prefixes = new Set<string>();
  for (const name of names)
    for (const word of words(name))
      if (/^\p{L}{3,}$/u.test(word))
        for (let length = 2; length <= Math.min(5, word.length); length++)
          prefixes.add(word.slice(0, length));
  const sorted = [...prefixes].sort();
  const step = Math.max(1, sorted.length / count);
  const picked: string[] = [];
  for (let i = 0; i < sorted.length && picked.length < count; i += step) picked.push(sorted[Math.floor(i)]!);
  return picked;
}

export const scenario: Scenario = {
  name: 'max-throughput',
  description: `closed loop, ${closedLoopConnections} connections: search, store stock, product by id`,
  async run(ctx) {
    const listed = (await (await fetch(`${ctx.baseUrl}/products?limit=100`)).json()) as {
      items: { name: string }[];
    };
    const prefixes = searchPrefixes(
      listed.items.map((p) => p.name),
      48,
    );
    const search: RequestSpec[] = prefixes.map((q) => ({ path: `/products?q=${encodeURIComponent(q)}` }));
    const stock: RequestSpec[] = [];
    for (const n of [1, 2, 3, 4, 5])
      stock.push({ path: `/locations/store-${n}/stock`, headers: await ctx.authHeaders(`cashier${n}`) });
    const byId: RequestSpec[] = [{ path: await sampleProductPath(ctx.baseUrl) }];

    const runs: Record<string, LoadResult> = {};
    for (const [name, label, requests] of [
      ['search', `search, ${prefixes.length} prefixes`, search],
      ['storeStock', 'store stock, 5 stores as cashiers', stock],
      ['productById', 'product by id (bare-server JSON)', byId],
    ] as const) {
      ctx.log(`${label}…`);
      runs[name] = await ctx.closedLoop({
        label,
        requests,
        connections: closedLoopConnections,
        durationSec: ctx.seconds(15, 3),
      });
    }
    const ratios = Object.fromEntries(Object.entries(runs).map(([k, r]) => [k, ctx.ratio(r)]));
    const searchMet = runs.search!.requestsPerSec >= target;
    const stockMet = runs.storeStock!.requestsPerSec >= target;
    return {
      connections: closedLoopConnections,
      searchPrefixes: prefixes,
      ...runs,
      ratios,
      target: { requestsPerSec: target, searchMet, storeStockMet: stockMet },
      summary: [
        ...Object.entries(runs).map(([k, r]) => formatLoad(r, ratios[k])),
        `target ≥ ${target.toLocaleString('en-US')} req/s: search ${verdict(searchMet)}, store stock ${verdict(stockMet)}`,
      ],
    };
  },
};
