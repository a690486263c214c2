import { serverCpu } from './closed-loop.ts';
import { LatencyHistogram, round } from './histogram.ts';
import type { OpenLoopOptions, OpenLoopResult, RequestKind, RequestSpec } from './types.ts';

/**
 * The virtual-user model of the original system's load test: each user picks a kind of request at
 * random (by weight), sends it, reads the whole answer, thinks for a uniform random time, and starts
 * again, until the duration is over. Users start evenly over the ramp-up. The offered load is thus
 * about users / mean think time, whatever the server does — unlike a closed loop, a slow server is
 * not given fewer requests to look good on. Latency is from sending to the last byte of the body.
 */
interface Tally {
  readonly histogram: LatencyHistogram;
  errors: number;
  timeouts: number;
  non2xx: number;
  readonly statusCodes: Record<string, number>;
}

const newTally = (): Tally => ({
  histogram: new LatencyHistogram(),
  errors: 0,
  timeouts: 0,
  non2xx: 0,
  statusCodes: {},
});

export async function runOpenLoop(
  url: string,
  options: OpenLoopOptions,
  serverCpuSeconds?: () => number | undefined,
): Promise<OpenLoopResult> {
  const think = options.thinkTimeMs ?? { min: 1000, max: 5000 };
  const rampUpMs = (options.rampUpSec ?? 5) * 1000;
  const timeoutMs = (options.timeoutSec ?? 10) * 1000;
  const kinds = options.kinds;
  if (kinds.length === 0) throw new Error(`${options.label}: no request kinds`);
  const totalWeight = kinds.reduce((s, k) => s + (k.weight ?? 1), 0);
  const pick = (): RequestKind => {
    let r = Math.random() * totalWeight;
    for (const k of kinds) if ((r -= k.weight ?? 1) < 0) return k;
    return kinds[kinds.length - 1]!;
  };

  const all = newTally();
  const byKind = new Map(kinds.map((k) => [k.name, newTally()]));
  const record = (kind: string, apply: (t: Tally) => void) => {
    apply(all);
    apply(byKind.get(kind)!);
  };

  const cpuBefore = serverCpuSeconds?.();
  const started = performance.now();
  const endAt = started + options.durationSec * 1000;
  /** Sleeps, but never past the end of the run. */
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, Math.min(ms, endAt - performance.now()))));

  const send = async (kind: RequestKind): Promise<void> => {
    const spec: RequestSpec = typeof kind.request === 'function' ? kind.request() : kind.request;
    const t0 = performance.now();
    try {
      const res = await fetch(`${url}${spec.path}`, {
        method: spec.method ?? 'GET',
        ...(spec.headers ? { headers: spec.headers } : {}),
        ...(spec.body !== undefined ? { body: spec.body } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.arrayBuffer();
      const ms = performance.now() - t0;
      record(kind.name, (t) => {
        t.histogram.recordMs(ms);
        t.statusCodes[res.status] = (t.statusCodes[res.status] ?? 0) + 1;
        if (res.status < 200 || res.status > 299) t.non2xx++;
      });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      record(kind.name, (t) => {
        t.errors++;
        if (timedOut) t.timeouts++;
      });
    }
  };

  const user = async (index: number): Promise<void> => {
    await sleep((index * rampUpMs) / options.users);
    while (performance.now() < endAt) {
      await send(pick());
      await sleep(think.min + Math.random() * (think.max - think.min));
    }
  };

  await Promise.all(Array.from({ length: options.users }, (_, i) => user(i)));
  const durationSec = (performance.now() - started) / 1000;
  const cpu = serverCpu(cpuBefore, serverCpuSeconds?.(), all.histogram.count, durationSec);

  const figures = (t: Tally) => ({
    requests: t.histogram.count,
    requestsPerSec: round(t.histogram.count / durationSec, 1),
    latency: t.histogram.summary(),
    errors: t.errors,
    timeouts: t.timeouts,
    non2xx: t.non2xx,
    statusCodes: t.statusCodes,
  });
  return {
    model: 'open-loop',
    label: options.label,
    durationSec: round(durationSec, 2),
    users: options.users,
    thinkTimeMs: think,
    ...figures(all),
    ...cpu,
    byKind: Object.fromEntries([...byKind].map(([name, t]) => [name, figures(t)])),
  };
}
