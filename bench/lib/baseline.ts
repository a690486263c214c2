import { runClosedLoop } from './closed-loop.ts';
import { runOpenLoop } from './open-loop.ts';
import { startBareServer } from './system.ts';
import type { Baseline, SystemHandle } from './types.ts';

/** The original system's load test: 1000 virtual users thinking 1–5 s between requests. */
export const originalLoad = { users: 1000, thinkTimeMs: { min: 1000, max: 5000 } } as const;

/** The closed-loop connection count of the throughput target, and of the baseline. */
export const closedLoopConnections = 64;

/**
 * Measures the bare `node:http` server answering the system's own JSON for one product, under the
 * closed loop (64 connections) and under the original load test's user model. Ratios of every
 * scenario are taken against these figures.
 */
export async function measureBaseline(system: SystemHandle, quick: boolean): Promise<Baseline> {
  const productPath = await sampleProductPath(system.url);
  const body = await (await fetch(`${system.url}${productPath}`)).text();
  const bare = await startBareServer(body);
  try {
    const closedLoop = await runClosedLoop(
      bare.url,
      {
        label: 'bare node:http, same JSON',
        requests: [{ path: productPath }],
        connections: closedLoopConnections,
        durationSec: quick ? 5 : 15,
        warmupSec: quick ? 1 : 2,
      },
      bare.cpuSeconds,
    );
    const openLoop = await runOpenLoop(
      bare.url,
      {
        label: `bare node:http, ${originalLoad.users} users`,
        users: originalLoad.users,
        thinkTimeMs: originalLoad.thinkTimeMs,
        kinds: [{ name: 'product', request: { path: productPath } }],
        durationSec: quick ? 8 : 20,
        rampUpSec: quick ? 2 : 5,
      },
      bare.cpuSeconds,
    );
    return { closedLoop, openLoop };
  } finally {
    await bare.stop();
  }
}

/** `/products/coffee` (one of the original products) or else the first product listed. */
export async function sampleProductPath(url: string): Promise<string> {
  const coffee = await fetch(`${url}/products/coffee`);
  await coffee.arrayBuffer();
  if (coffee.status === 200) return '/products/coffee';
  const list = (await (await fetch(`${url}/products?limit=1`)).json()) as { items?: { id: string }[] };
  const id = list.items?.[0]?.id;
  if (!id) throw new Error('the system under test lists no product');
  return `/products/${encodeURIComponent(id)}`;
}
