import type { BucketName } from './buckets.ts';
import type { StateMachineName } from './state-machines.ts';
import { fulfilmentEvents, stockLedgerEvents, type EventName } from './events.ts';
import type { TableName } from './tables.ts';

/**
 * The one list of scheduled jobs, read by the CDK stack (EventBridge Scheduler schedules with a
 * time zone, invoking the target function with `input`) and by the local runtime (croner with the
 * same cron expression and time zone, calling the same handler module with the same input).
 * `cron` is the six-field EventBridge Scheduler form `cron(minutes hours day-of-month month
 * day-of-week year)`; the local scheduler converts it for croner.
 */
export interface ScheduleSpec {
  /** Kebab-case, unique; the schedule is named `comptoir-<name>`. */
  readonly name: string;
  readonly description: string;
  readonly cron: string;
  readonly timezone: string;
  /** Module under functions/, exporting `handler(input)`. */
  readonly target: string;
  readonly input: Readonly<Record<string, unknown>>;
  /** Tables and buckets the job uses: read only unless in `writes` (as for routes). */
  readonly tables: readonly TableName[];
  readonly buckets: readonly BucketName[];
  /** State machines the job starts (CDK grants states:StartSyncExecution and sets their ARN variables). */
  readonly startsStateMachines?: readonly StateMachineName[];
  /** Lambda timeout when 10 s is not enough. */
  readonly timeoutSeconds?: number;
  /**
   * The local runtime also runs the job once when it starts, with `orphanedBefore` = its start time
   * (everything a previous run of the runtime left half-done can be finished at once: no run from
   * before the restart can still be alive). EventBridge Scheduler has no such moment; on AWS the job
   * finds the same work one lease later.
   */
  readonly runAtStart?: boolean;
  readonly writes: readonly (TableName | BucketName)[];
  /** Event types the job's code can publish (conditioned events:PutEvents). */
  readonly publishes?: readonly EventName[];
}

export const schedules: readonly ScheduleSpec[] = [
  {
    name: 'daily-sales-export',
    description: "Yesterday's consolidated sales report (CSV, fr-CA), every day at 06:00 in Montréal",
    cron: 'cron(0 6 * * ? *)',
    timezone: 'America/Montreal',
    target: 'reporting/scheduled-export',
    input: { period: 'yesterday', format: 'csv', locale: 'fr-CA' },
    tables: ['reporting'],
    buckets: ['reports'],
    writes: ['reporting', 'reports'],
  },
  {
    name: 'sales-recovery',
    description:
      'Finishes the orders and returns a crash or a timeout left unfinished (pending past their lease), every minute',
    cron: 'cron(* * * * ? *)',
    timezone: 'UTC',
    target: 'sales/recover-orders',
    input: {},
    tables: ['sales'],
    buckets: [],
    writes: ['sales'],
    publishes: ['OrderConfirmed', 'OrderFailed', 'PaymentRefunded', 'OrderReturned'],
    startsStateMachines: ['checkout'],
    timeoutSeconds: 300,
    runAtStart: true,
  },
  {
    name: 'inventory-recovery',
    description:
      'Records the stock movements whose writer died before recording them, re-drives replenishments stuck past their deadline, posts purchase receipts and counts left half-way, every minute',
    cron: 'cron(* * * * ? *)',
    timezone: 'UTC',
    target: 'inventory/recover-stock',
    input: {},
    tables: ['inventory'],
    buckets: [],
    writes: ['inventory'],
    publishes: [...stockLedgerEvents, 'ReplenishmentFulfilled', 'ReplenishmentRejected'],
    timeoutSeconds: 120,
    runAtStart: true,
  },
  {
    name: 'reporting-alerts-reconciliation',
    description:
      'Makes the current-alerts read model equal to the stock (lines loaded without events, announcements lost), every 15 minutes',
    cron: 'cron(0,15,30,45 * * * ? *)',
    timezone: 'UTC',
    target: 'reporting/reconcile-alerts',
    input: {},
    tables: ['reporting', 'inventory'],
    buckets: [],
    writes: ['reporting'],
    timeoutSeconds: 120,
    runAtStart: true,
  },
  {
    name: 'fulfilment-sweep',
    description:
      'Returns the pickup orders not collected by their deadline (refund and stock back follow) and publishes fulfilment events a crash left, every 15 minutes',
    cron: 'cron(0,15,30,45 * * * ? *)',
    timezone: 'UTC',
    target: 'fulfilment/sweep',
    input: {},
    tables: ['fulfilment'],
    buckets: [],
    writes: ['fulfilment'],
    publishes: [...fulfilmentEvents],
    timeoutSeconds: 120,
  },
];
