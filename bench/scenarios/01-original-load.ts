import { originalLoad } from '../lib/baseline.ts';
import { formatLoad, ms, times, verdict } from '../lib/format.ts';
import { round } from '../lib/histogram.ts';
import type { RequestKind, Scenario } from '../lib/types.ts';

/**
 * The original system's load test, reproduced: 1000 virtual users, think time 1–5 s, four equally
 * weighted requests — product list, product by id, a store's stock (as that store's cashier), and
 * the user list (as the manager; only once the system has `GET /users`).
 */
const original = { requestsPerSec: 268.6, p50: 240, p95: 2500 } as const;
const targets = { errors: 0, p95: 50 } as const;
const stores = [1, 2, 3, 4, 5] as const;

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;

export const scenario: Scenario = {
  name: 'original-load',
  description: `${originalLoad.users} virtual users, think time 1–5 s, the original's four requests`,
  async run(ctx) {
    const listed = (await (await fetch(`${ctx.baseUrl}/products?limit=100`)).json()) as {
      items: { id: string }[];
    };
    const productIds = listed.items.map((p) => p.id);
    if (productIds.length === 0) throw new Error('no product to ask for');
    const cashiers = new Map<number, Record<string, string>>();
    for (const n of stores) cashiers.set(n, await ctx.authHeaders(`cashier${n}`));
    const manager = await ctx.authHeaders('manager');
    const probe = await fetch(`${ctx.baseUrl}/users`, { headers: manager });
    await probe.arrayBuffer();
    const userListIncluded = probe.status !== 404;
    const tokens = Object.keys(manager).length > 0;
    ctx.log(
      `user list ${userListIncluded ? 'included' : 'not included (GET /users answers 404)'}; ` +
        `${tokens ? 'requests carry the demo users’ tokens' : 'no login route yet: requests carry no token'}`,
    );

    const kinds: RequestKind[] = [
      { name: 'product list', request: { path: '/products' } },
      {
        name: 'product by id',
        request: () => ({ path: `/products/${encodeURIComponent(pick(productIds))}` }),
      },
      {
        name: 'store stock',
        request: () => {
          const n = pick(stores);
          return { path: `/locations/store-${n}/stock`, headers: cashiers.get(n)! };
        },
      },
      ...(userListIncluded ? [{ name: 'user list', request: { path: '/users', headers: manager } }] : []),
    ];
    const durationSec = ctx.seconds(60, 15);
    ctx.log(`${originalLoad.users} users for ${durationSec} s…`);
    const load = await ctx.openLoop({
      label: `original load, ${originalLoad.users} users`,
      users: originalLoad.users,
      thinkTimeMs: originalLoad.thinkTimeMs,
      kinds,
      durationSec,
      rampUpSec: ctx.seconds(5, 3),
    });
    const ratios = ctx.ratio(load);
    const meanThinkSec = (originalLoad.thinkTimeMs.min + originalLoad.thinkTimeMs.max) / 2000;
    const errorsMet = load.errors + load.non2xx === targets.errors;
    const p95Met = load.latency.p95 < targets.p95;
    const versusOriginal = {
      requestsPerSec: round(load.requestsPerSec / original.requestsPerSec, 2),
      p50TimesFaster: round(original.p50 / load.latency.p50, 1),
      p95TimesFaster: round(original.p95 / load.latency.p95, 1),
    };
    return {
      userListIncluded,
      authenticated: tokens,
      offeredRequestsPerSec: round(originalLoad.users / meanThinkSec, 1),
      load,
      ratios,
      original,
      versusOriginal,
      targets: { ...targets, errorsMet, p95Met },
      summary: [
        formatLoad(load, ratios),
        ...Object.entries(load.byKind).map(
          ([kind, k]) =>
            `  ${kind.padEnd(16)} ${String(k.requests).padStart(6)} requests  p50 ${ms(k.latency.p50)}  p95 ${ms(k.latency.p95)}  p99 ${ms(k.latency.p99)}  errors ${k.errors}  non-2xx ${k.non2xx}`,
        ),
        `user list ${userListIncluded ? 'included' : 'not included yet (no GET /users)'}`,
        `original: ${original.requestsPerSec} req/s, median ${ms(original.p50)}, p95 ${ms(original.p95)} → ` +
          `median ${times(versusOriginal.p50TimesFaster)} faster, p95 ${times(versusOriginal.p95TimesFaster)} faster`,
        `targets: 0 errors — ${verdict(errorsMet)} (${load.errors} errors, ${load.non2xx} non-2xx); ` +
          `p95 < ${targets.p95} ms — ${verdict(p95Met)} (${ms(load.latency.p95)})`,
      ],
    };
  },
};
