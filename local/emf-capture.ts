/**
 * The local stand-in for CloudWatch's EMF extraction. In Lambda, an embedded-metric-format line on
 * stdout becomes CloudWatch metrics; locally the same line would only clutter the console. While a
 * runtime runs, this module filters process.stdout: a line that is an EMF record (Powertools writes
 * `{"_aws":{...}}` as one write) goes to the listeners instead of the terminal, every other byte is
 * written untouched. Handlers keep emitting exactly as in AWS: no local branch, no local sink.
 */
export interface EmfMetric {
  readonly namespace: string;
  readonly name: string;
  readonly unit: string;
  readonly value: number;
  /** The dimension values of this record (only the declared dimension names, e.g. service and route). */
  readonly dimensions: Readonly<Record<string, string>>;
  readonly timestamp: number;
}

export type EmfListener = (metrics: readonly EmfMetric[], record: Readonly<Record<string, unknown>>) => void;

interface EmfDirective {
  readonly Namespace: string;
  readonly Dimensions: readonly (readonly string[])[];
  readonly Metrics: readonly { readonly Name: string; readonly Unit?: string }[];
}

/** Parses one line; undefined when it is not an EMF record. */
export function parseEmf(
  line: string,
): { metrics: EmfMetric[]; record: Record<string, unknown> } | undefined {
  if (!line.startsWith('{"_aws":')) return undefined;
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const aws = record._aws as { Timestamp?: number; CloudWatchMetrics?: EmfDirective[] } | undefined;
  if (!aws || !Array.isArray(aws.CloudWatchMetrics)) return undefined;
  const metrics: EmfMetric[] = [];
  for (const directive of aws.CloudWatchMetrics) {
    const names = new Set(directive.Dimensions.flat());
    const dimensions: Record<string, string> = {};
    for (const name of names) if (typeof record[name] === 'string') dimensions[name] = record[name];
    for (const metric of directive.Metrics) {
      const raw = record[metric.Name];
      // EMF allows an array of values for one metric: each is one sample.
      for (const value of Array.isArray(raw) ? raw : [raw]) {
        if (typeof value !== 'number') continue;
        metrics.push({
          namespace: directive.Namespace,
          name: metric.Name,
          unit: metric.Unit ?? 'None',
          value,
          dimensions,
          timestamp: aws.Timestamp ?? Date.now(),
        });
      }
    }
  }
  return { metrics, record };
}

const listeners = new Set<EmfListener>();
let originalWrite: typeof process.stdout.write | undefined;

function filteringWrite(this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
  const write = originalWrite!;
  if (typeof chunk !== 'string' || !chunk.startsWith('{"_aws":'))
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  const kept: string[] = [];
  for (const line of chunk.split('\n')) {
    const parsed = line === '' ? undefined : parseEmf(line);
    if (!parsed) {
      if (line !== '') kept.push(line);
      continue;
    }
    for (const listener of listeners) {
      try {
        listener(parsed.metrics, parsed.record);
      } catch {
        // A faulty listener must never break the handler that emitted the metric.
      }
    }
  }
  if (kept.length > 0) return (write as (...args: unknown[]) => boolean).call(this, `${kept.join('\n')}\n`);
  const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
  callback?.();
  return true;
}

/**
 * Starts diverting EMF lines to `listener`; returns the function that stops it. Several runtimes in
 * one process (tests) each get every record; stdout is restored when the last one stops.
 */
export function captureEmf(listener: EmfListener): () => void {
  listeners.add(listener);
  if (!originalWrite) {
    originalWrite = process.stdout.write;
    process.stdout.write = filteringWrite as typeof process.stdout.write;
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && originalWrite) {
      process.stdout.write = originalWrite;
      originalWrite = undefined;
    }
  };
}
