import * as hdr from 'hdr-histogram-js';
import type { LatencySummary } from './types.ts';

/**
 * Latencies in an HDR histogram: recorded in microseconds (3 significant digits, so a p99 of 2.5 ms
 * is exact to 2.5 µs), reported in milliseconds. Auto-resizing, so a stray 60 s answer is kept too.
 */
export class LatencyHistogram {
  private readonly histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 10_000_000,
    numberOfSignificantValueDigits: 3,
    autoResize: true,
  });

  recordMs(ms: number): void {
    this.histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  percentileMs(p: number): number {
    return this.count === 0 ? 0 : round(this.histogram.getValueAtPercentile(p) / 1000);
  }

  summary(): LatencySummary {
    if (this.count === 0) return { p50: 0, p95: 0, p99: 0, max: 0, mean: 0 };
    return {
      p50: this.percentileMs(50),
      p95: this.percentileMs(95),
      p99: this.percentileMs(99),
      max: round(this.histogram.maxValue / 1000),
      mean: round(this.histogram.mean / 1000),
    };
  }
}

/** Milliseconds to 3 decimals (microseconds): enough for a report, short to read. */
export const round = (n: number, digits = 3): number => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};
