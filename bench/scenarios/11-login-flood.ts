import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { formatLoad, ms, times, verdict } from '../lib/format.ts';
import { round } from '../lib/histogram.ts';
import type { FloodResult } from '../lib/login-flood.ts';
import { nodeBin, repoRoot } from '../lib/system.ts';
import type { BenchContext, OpenLoopResult, RequestSpec, Scenario, SystemHandle } from '../lib/types.ts';

/**
 * Login that cannot starve the tills (issue 10): the p95 of POS sales alone, then while 40 parallel
 * clients flood `POST /auth/login` with unknown usernames (each sending its next attempt as soon as the
 * previous answer arrives), reported as a ratio (target ≤ 1.5×). On a system of its own.
 *
 * Two floods, because the defences differ:
 * - from ONE client address (127.0.1.1): the per-address throttle soon answers 429 + Retry-After;
 * - from 40 addresses (127.0.2.1…40, one per client; all of 127/8 is loopback on Linux): under the
 *   per-address limit for a while, so the attempts reach scrypt — the bounded hashing queue is what
 *   keeps the thread pool and the CPU for the tills.
 * The tills: 5 cashiers (cashier1…5 at store-1…5) selling 2-line cash baskets, 0.5–1.5 s between
 * sales (a busy till; a sale costs the local runtime tens of ms of CPU, so this leaves room for the
 * flood to show). Stock is topped up first through the manager's adjustments route.
 */
const tills = 5;
const flooders = 40;

/** Runs bench/lib/login-flood.ts in a child process for `seconds`; resolves with its figures. */
function flood(url: string, clients: number, seconds: number, from: string): Promise<FloodResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(nodeBin, ['bench/lib/login-flood.ts', url, String(clients), String(seconds), from], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as FloodResult) : reject(new Error(`login flood exited ${code}`)),
    );
  });
}

async function topUpStock(system: SystemHandle, manager: Record<string, string>, products: string[]) {
  for (const store of [1, 2, 3, 4, 5])
    for (const productId of products) {
      const res = await fetch(`${system.url}/locations/store-${store}/adjustments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), ...manager },
        body: JSON.stringify({ productId, quantity: 10_000, reason: 'bench: login flood' }),
      });
      if (res.status !== 201) throw new Error(`adjustment: ${res.status} ${await res.text()}`);
    }
}

export const scenario: Scenario = {
  name: 'login-flood',
  description: `p95 of POS sales alone, then during a flood of ${flooders} parallel logins with unknown usernames (one address, then ${flooders} addresses)`,
  async run(ctx: BenchContext) {
    const system = await ctx.startSystem();
    const manager = await ctx.authHeaders('manager', system);
    await topUpStock(system, manager, ['donut', 'muffin']);
    const cashiers = await Promise.all([1, 2, 3, 4, 5].map((n) => ctx.authHeaders(`cashier${n}`, system)));
    let turn = 0;
    const sale = (): RequestSpec => {
      const store = turn++ % 5;
      return {
        method: 'POST',
        path: `/locations/store-${store + 1}/sales`,
        headers: {
          'content-type': 'application/json',
          'idempotency-key': `bench-${randomUUID()}`,
          ...cashiers[store],
        },
        body: JSON.stringify({
          lines: [
            { productId: 'donut', quantity: 1 },
            { productId: 'muffin', quantity: 1 },
          ],
          payment: { method: 'cash' },
        }),
      };
    };
    const sell = (label: string, seconds = ctx.seconds(30, 8)) =>
      ctx.openLoop({
        label,
        url: system.url,
        users: tills,
        kinds: [{ name: 'sale', request: sale }],
        durationSec: seconds,
        rampUpSec: 1,
        thinkTimeMs: { min: 500, max: 1500 },
        timeoutSec: 30,
      });

    ctx.log('warm-up…');
    await sell('warm-up', ctx.seconds(5, 3));
    ctx.log(`${tills} tills, no flood…`);
    const alone = await sell(`${tills} tills, no flood`);

    // The flood starts a second before the tills' measured load and ends a second after it.
    const during = async (from: string, label: string) => {
      const seconds = ctx.seconds(30, 8);
      const logins = flood(system.url, flooders, seconds + 2, from);
      await new Promise((r) => setTimeout(r, 1000));
      const sales = await sell(label, seconds);
      return { sales, logins: await logins };
    };
    ctx.log(`${tills} tills, ${flooders} logins in parallel from one address…`);
    const one = await during('127.0.1.1', `${tills} tills, flood from 1 address`);
    ctx.log(`${tills} tills, ${flooders} logins in parallel from ${flooders} addresses…`);
    const many = await during('127.0.2.', `${tills} tills, flood from ${flooders} addresses`);
    const [withOne, oneAddress, withMany, manyAddresses] = [one.sales, one.logins, many.sales, many.logins];

    const ratio = (r: OpenLoopResult) =>
      alone.latency.p95 > 0 ? round(r.latency.p95 / alone.latency.p95, 2) : 0;
    const floodLine = (label: string, f: FloodResult) =>
      `${label}: ${f.attempts} attempts (${f.attemptsPerSec}/s), statuses ${JSON.stringify(f.statusCodes)}, errors ${f.errors}, p50 ${ms(f.latency.p50)}, p95 ${ms(f.latency.p95)}`;
    const ratioOne = ratio(withOne);
    const ratioMany = ratio(withMany);
    return {
      tills,
      flooders,
      alone,
      oneAddress: { sales: withOne, logins: oneAddress, p95Ratio: ratioOne },
      manyAddresses: { sales: withMany, logins: manyAddresses, p95Ratio: ratioMany },
      target: { p95Ratio: 1.5, met: ratioOne <= 1.5 && ratioMany <= 1.5 },
      summary: [
        formatLoad(alone),
        formatLoad(withOne),
        floodLine('  logins, 1 address', oneAddress),
        formatLoad(withMany),
        floodLine(`  logins, ${flooders} addresses`, manyAddresses),
        `sales p95 with a login flood / without: ${times(ratioOne)} (1 address), ${times(ratioMany)} (${flooders} addresses) — target ≤ 1.5×: ${verdict(ratioOne <= 1.5 && ratioMany <= 1.5)}`,
      ],
    };
  },
};
