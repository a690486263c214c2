import autocannon from 'autocannon';
import { LatencyHistogram, round } from './histogram.ts';
import type { ClosedLoopOptions, LoadResult } from './types.ts';

/**
 * Closed loop with autocannon: `connections` keep-alive connections, each sending its next request
 * as soon as the previous answer arrives, cycling through `requests`. A short unmeasured warm-up
 * first (JIT, caches, connection set-up). Latency is recorded from autocannon's per-response event
 * into our own HDR histogram, so that p95 exists and both load models are measured alike.
 */
export async function runClosedLoop(
  url: string,
  options: ClosedLoopOptions & { readonly durationSec: number; readonly warmupSec: number },
  serverCpuSeconds?: () => number | undefined,
): Promise<LoadResult> {
  const connections = options.connections ?? 64;
  const requests = options.requests.map((r) => ({
    method: r.method ?? 'GET',
    path: r.path,
    ...(r.headers ? { headers: { ...r.headers } } : {}),
    ...(r.body !== undefined ? { body: r.body } : {}),
  }));
  const base = {
    url,
    connections,
    requests,
    timeout: options.timeoutSec ?? 10,
  };
  if (options.warmupSec > 0) await autocannon({ ...base, duration: options.warmupSec });

  const histogram = new LatencyHistogram();
  const cpuBefore = serverCpuSeconds?.();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ ...base, duration: options.durationSec }, (error, done) =>
      error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(done),
    );
    instance.on('response', (_client, _status, _bytes, responseTimeMs) => histogram.recordMs(responseTimeMs));
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {}))
    statusCodes[code] = (stat as { count: number }).count;
  const durationSec = result.duration;
  const cpu = serverCpu(cpuBefore, serverCpuSeconds?.(), histogram.count, durationSec);
  return {
    model: 'closed-loop',
    label: options.label,
    requests: histogram.count,
    durationSec: round(durationSec, 2),
    requestsPerSec: round(histogram.count / durationSec, 1),
    latency: histogram.summary(),
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes,
    ...cpu,
  };
}

/** The server's CPU per request and in cores over a load, from two readings of its CPU seconds. */
export function serverCpu(
  before: number | undefined,
  after: number | undefined,
  requests: number,
  durationSec: number,
): { serverCpuMsPerRequest?: number; serverCpuCores?: number } {
  if (before === undefined || after === undefined || requests === 0) return {};
  return {
    serverCpuMsPerRequest: round(((after - before) * 1000) / requests, 3),
    serverCpuCores: round((after - before) / durationSec, 2),
  };
}
