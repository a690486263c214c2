import type { TableName } from './tables.ts';

/**
 * The one list of event-bus rules, read by the CDK stack (one EventBridge rule, Lambda target,
 * retry policy and SQS dead-letter queue per entry) and by the local bus (same patterns, same
 * targets, same retry policy). `target` names `functions/<target>.ts`, exporting `handler`,
 * normally written with `consumer()` from functions/shared/consumer.ts.
 */
export type EventPattern = Readonly<Record<string, unknown>>;

export interface RuleSpec {
  /** Kebab-case, unique; the EventBridge rule is named `comptoir-<name>`. */
  readonly name: string;
  readonly description: string;
  /** An EventBridge event pattern (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html). */
  readonly eventPattern: EventPattern;
  /** Consumer module under functions/, e.g. `ops/record-event`. */
  readonly target: string;
  /** Retries after a failed delivery before the event goes to the dead-letter queue (0–185). */
  readonly retryAttempts: number;
  /** An event older than this is not retried any more but dead-lettered (60–86400). */
  readonly maxEventAgeSeconds: number;
  /** Tables the consumer reads and writes (its processed-event markers live in the first one). */
  readonly tables: readonly TableName[];
}

/** Name of the custom event bus, in AWS and locally. */
export const eventBusName = 'comptoir';

export const rules: readonly RuleSpec[] = [];
