import { Cron } from 'croner';
import type { Context } from 'aws-lambda';
import type { ScheduleSpec } from '#infra/spec/schedules.ts';
import { lambdaContext } from './gateway.ts';

/**
 * The local EventBridge Scheduler: one croner job per entry of infra/spec/schedules.ts, with the
 * same cron expression and time zone, invoking the same handler module with the same input (plus
 * the schedule's name, as the CDK target's input does). `trigger(name)` runs one now (tests, ops).
 */
export type ScheduledHandler = (input: Record<string, unknown>, context: Context) => Promise<unknown>;

export interface LocalScheduler {
  /** Runs a schedule's target now (its input plus `extra`) and returns what the handler returned. */
  trigger(name: string, extra?: Readonly<Record<string, unknown>>): Promise<unknown>;
  /** When the schedule fires next (in UTC), or undefined if it never will. */
  nextRun(name: string): Date | undefined;
  stop(): void;
}

/**
 * `cron(m h dom mon dow year)` (EventBridge Scheduler) → a five-field croner pattern. `?` means any;
 * numeric days of week shift from AWS's 1–7 (Sunday = 1) to cron's 0–6; only year `*` is supported.
 */
export function toCronerPattern(expression: string): string {
  const m = /^cron\((.+)\)$/.exec(expression.trim());
  if (!m) throw new Error(`${expression}: only cron(...) schedules are supported locally`);
  const fields = m[1]!.trim().split(/\s+/);
  if (fields.length !== 6) throw new Error(`${expression}: a cron() schedule has 6 fields`);
  const [minute, hour, dom, month, dow, year] = fields as [string, string, string, string, string, string];
  if (year !== '*') throw new Error(`${expression}: the local scheduler supports year * only`);
  const any = (f: string) => (f === '?' ? '*' : f);
  const weekday = any(dow).replace(/\b([1-7])\b/g, (d) => String(Number(d) - 1));
  return [minute, hour, any(dom), month, weekday].join(' ');
}

export function startScheduler(options: {
  readonly schedules: readonly ScheduleSpec[];
  readonly loadTarget: (target: string) => Promise<ScheduledHandler>;
  /** false: no timers, `trigger` only (tests that must not depend on the wall clock). */
  readonly timers?: boolean;
}): LocalScheduler {
  const byName = new Map(options.schedules.map((s) => [s.name, s]));
  const run = async (spec: ScheduleSpec, extra: Readonly<Record<string, unknown>> = {}) => {
    const handler = await options.loadTarget(spec.target);
    return handler({ ...spec.input, ...extra, schedule: spec.name }, lambdaContext(`comptoir-${spec.name}`));
  };
  const jobs = new Map<string, Cron>();
  for (const spec of options.schedules) {
    const job = new Cron(
      toCronerPattern(spec.cron),
      { timezone: spec.timezone, paused: options.timers === false, protect: true },
      async () => {
        await run(spec).catch((error: unknown) =>
          console.error(
            JSON.stringify({
              level: 'ERROR',
              message: 'scheduled job failed',
              schedule: spec.name,
              error: String(error),
            }),
          ),
        );
      },
    );
    jobs.set(spec.name, job);
  }
  return {
    trigger(name, extra) {
      const spec = byName.get(name);
      if (!spec) return Promise.reject(new Error(`no schedule named ${name}`));
      return run(spec, extra);
    },
    nextRun: (name) => jobs.get(name)?.nextRun() ?? undefined,
    stop: () => jobs.forEach((j) => j.stop()),
  };
}
