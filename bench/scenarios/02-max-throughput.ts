import { resolve } from 'node:path';
import { closedLoopConnections, sampleProductPath } from '../lib/baseline.ts';
import { formatLoad, times, verdict } from '../lib/format.ts';
import { round } from '../lib/histogram.ts';
import { words } from '#domain/catalog/text.ts';
import type { BenchContext, LoadResult, RequestSpec, Scenario, SystemHandle } from '../lib/types.ts';

/**
 * Maximum throughput, closed loop at 64 connections: product search with varied word prefixes (taken
 * from the catalog's own product names), the stock of each store (as its cashier), and — the
 * like-for-like comparison with the bare server — one product by id, the very JSON the bare server
 * sends. Target: at least 3,000 req/s on search and on store stock.
 *
 * `BENCH_COMPARE_ROOT=<checkout>` also starts that checkout's system (e.g. the commit before a change)
 * and runs each load on both, one after the other (the order alternating from one load to the next),
 * so that both meet the same machine: `compare` holds its figures and the ratios of this system's to them.
 * `BENCH_COMPARE_ENV='NAME=value …'` adds environment to the compared system only (e.g.
 * `BENCH_COMPARE_ROOT=. BENCH_COMPARE_ENV=COMPTOIR_DYNALITE_THREAD=main`: the same build, dynalite on the
 * main event loop).
 */
const target = 3000;
const compareRoot = process.env.BENCH_COMPARE_ROOT;
const compareEnv = Object.fromEntries(
  (process.env.BENCH_COMPARE_ENV ?? '')
    .split(/\s+/)
    .filter((pair) => pair.includes('='))
    .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
);

const loads =
  (prefixes: readonly string[], productPath: string) =>
  async (ctx: BenchContext, on: SystemHandle): Promise<[string, string, RequestSpec[]][]> => {
    const stock: RequestSpec[] = [];
    for (const n of [1, 2, 3, 4, 5])
      stock.push({ path: `/locations/store-${n}/stock`, headers: await ctx.authHeaders(`cashier${n}`, on) });
    return [
      [
        'search',
        `search, ${prefixes.length} prefixes`,
        prefixes.map((q) => ({ path: `/products?q=${encodeURIComponent(q)}` })),
      ],
      ['storeStock', 'store stock, 5 stores as cashiers', stock],
      ['productById', 'product by id (bare-server JSON)', [{ path: productPath }]],
    ];
  };

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
    const loadsOf = loads(prefixes, await sampleProductPath(ctx.baseUrl));
    const other = compareRoot
      ? await ctx.startSystem({ root: resolve(compareRoot), env: compareEnv })
      : undefined;
    if (other) ctx.log(`comparing with ${compareRoot} ${JSON.stringify(compareEnv)} (${other.url})`);
    const mine = await loadsOf(ctx, ctx.system);
    const theirs = other ? await loadsOf(ctx, other) : [];

    const runs: Record<string, LoadResult> = {};
    const compared: Record<string, LoadResult> = {};
    for (const [i, [name, label, requests]] of mine.entries()) {
      const run = (on: SystemHandle, list: RequestSpec[], suffix = '') => {
        ctx.log(`${label}${suffix}…`);
        return ctx.closedLoop({
          label: `${label}${suffix}`,
          url: on.url,
          requests: list,
          connections: closedLoopConnections,
          durationSec: ctx.seconds(15, 3),
        });
      };
      const compare = other ? () => run(other, theirs[i]![2], ' (compared system)') : undefined;
      if (compare && i % 2 === 0) compared[name] = await compare();
      runs[name] = await run(ctx.system, requests);
      if (compare && i % 2 === 1) compared[name] = await compare();
    }
    const ratios = Object.fromEntries(Object.entries(runs).map(([k, r]) => [k, ctx.ratio(r)]));
    const versus = Object.fromEntries(
      Object.entries(compared).map(([k, before]) => {
        const after = runs[k]!;
        return [
          k,
          {
            requestsPerSec: round(after.requestsPerSec / before.requestsPerSec, 2),
            ...(after.serverCpuMsPerRequest && before.serverCpuMsPerRequest
              ? { cpuPerRequest: round(after.serverCpuMsPerRequest / before.serverCpuMsPerRequest, 2) }
              : {}),
          },
        ];
      }),
    );
    const searchMet = runs.search!.requestsPerSec >= target;
    const stockMet = runs.storeStock!.requestsPerSec >= target;
    return {
      connections: closedLoopConnections,
      searchPrefixes: prefixes,
      ...runs,
      ratios,
      target: { requestsPerSec: target, searchMet, storeStockMet: stockMet },
      ...(other ? { compare: { root: compareRoot, env: compareEnv, ...compared, ratios: versus } } : {}),
      summary: [
        ...Object.entries(runs).map(([k, r]) => formatLoad(r, ratios[k])),
        ...Object.entries(compared).map(
          ([k, r]) =>
            `${formatLoad(r)}\n  → this system: ${times(versus[k]!.requestsPerSec)} the req/s` +
            (versus[k]!.cpuPerRequest !== undefined
              ? `, ${times(versus[k]!.cpuPerRequest)} the CPU per request`
              : ''),
        ),
        `target ≥ ${target.toLocaleString('en-US')} req/s: search ${verdict(searchMet)}, store stock ${verdict(stockMet)}`,
      ],
    };
  },
};
