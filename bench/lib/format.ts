import type { LoadResult, Ratios } from './types.ts';

/** Helpers for the readable summary lines a scenario returns in `summary`. */

const n = (x: number, digits = 1) =>
  x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });

export const ms = (x: number): string => (x >= 100 ? `${n(x, 0)} ms` : `${n(x, 2)} ms`);

export const kb = (bytes: number): string => `${n(bytes / 1024, 1)} KB`;

export const times = (x: number): string => `${n(x, x >= 10 ? 1 : 2)}×`;

/** `label  1,234 req/s  p50 1.2 ms  p95 …  errors 0  non-2xx 0  [0.41× bare req/s, p50 3.1× …]` */
export function formatLoad(result: LoadResult, ratios?: Ratios): string {
  const main =
    `${result.label.padEnd(34)} ${n(result.requestsPerSec).padStart(8)} req/s` +
    `  p50 ${ms(result.latency.p50)}  p95 ${ms(result.latency.p95)}  p99 ${ms(result.latency.p99)}` +
    `  errors ${result.errors}  non-2xx ${result.non2xx}` +
    (result.serverCpuMsPerRequest !== undefined
      ? `  server CPU ${ms(result.serverCpuMsPerRequest)}/req (${result.serverCpuCores} cores)`
      : '');
  if (!ratios) return main;
  return (
    `${main}\n${' '.repeat(36)}vs bare: req/s ${times(ratios.requestsPerSec)}, p50 ${times(ratios.p50)}, ` +
    `p95 ${times(ratios.p95)}, p99 ${times(ratios.p99)}` +
    (ratios.cpuPerRequest !== undefined ? `, CPU/req ${times(ratios.cpuPerRequest)}` : '')
  );
}

/** How a target line ends: `met` or `NOT met`. */
export const verdict = (ok: boolean): string => (ok ? 'met' : 'NOT met');
