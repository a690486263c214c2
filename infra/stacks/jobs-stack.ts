import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import type { Construct } from 'constructs';
import { ComptoirFunction } from '../constructs/comptoir-function.ts';
import { acknowledge, reasons } from '../constructs/nag.ts';
import { schedules, type ScheduleSpec } from '../spec/schedules.ts';
import { stateMachineByName, type StateMachineName } from '../spec/state-machines.ts';
import type { StatefulStack } from './stateful-stack.ts';

export interface JobsStackProps extends StackProps {
  readonly stateful: StatefulStack;
  /** The API stack's state machines, for the jobs that start one (the recovery). */
  readonly stateMachines?: ReadonlyMap<StateMachineName, IStateMachine>;
  readonly version: string;
  /** The schedules to deploy; infra/spec/schedules.ts unless a test says otherwise. */
  readonly schedules?: readonly ScheduleSpec[];
}

const pascal = (s: string) => s.replace(/(^|[/-])(\w)/g, (_, __, c: string) => c.toUpperCase());

/**
 * Scheduled jobs, from infra/spec/schedules.ts (the list the local scheduler runs too): per entry,
 * an EventBridge Scheduler schedule with its cron expression and time zone (so 06:00 stays 06:00
 * in Montréal across daylight-saving changes), invoking the target function with the schedule's
 * input plus its name, through a role allowed to invoke only that function; retried, then kept.
 */
export class JobsStack extends Stack {
  readonly functions: ReadonlyMap<string, ComptoirFunction>;

  constructor(scope: Construct, id: string, props: JobsStackProps) {
    super(scope, id, props);
    const functions = new Map<string, ComptoirFunction>();
    for (const spec of props.schedules ?? schedules) {
      const name = pascal(spec.name);
      const fn = new ComptoirFunction(this, `${name}Job`, {
        handler: spec.target,
        environment: { COMPTOIR_VERSION: props.version, COMPTOIR_SCHEDULE: spec.name },
        ...(spec.timeoutSeconds ? { timeout: Duration.seconds(spec.timeoutSeconds) } : {}),
        ...(spec.publishes ? { publishes: spec.publishes } : {}),
      });
      const access = (name: (typeof spec.writes)[number]) => (spec.writes.includes(name) ? 'write' : 'read');
      for (const table of spec.tables) fn.bindTable(table, props.stateful.tables[table], access(table));
      for (const bucket of spec.buckets)
        fn.bindBucket(bucket, props.stateful.buckets[bucket], access(bucket));
      for (const machine of spec.startsStateMachines ?? []) {
        const sm = props.stateMachines?.get(machine);
        if (!sm)
          throw new Error(`schedule ${spec.name} starts ${machine}, which the jobs stack was not given`);
        sm.grantStartSyncExecution(fn);
        fn.addEnvironment(stateMachineByName(machine).envVar, sm.stateMachineArn);
      }
      acknowledge(fn, ['Serverless-LambdaDLQ'], reasons.scheduledJob);
      const role = new Role(this, `${name}SchedulerRole`, {
        assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
          conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
        }),
        description: `EventBridge Scheduler invoking ${spec.target} for ${spec.name}`,
      });
      role.addToPolicy(
        new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }),
      );
      new CfnSchedule(this, `${name}Schedule`, {
        name: `comptoir-${spec.name}`,
        description: spec.description,
        scheduleExpression: spec.cron,
        scheduleExpressionTimezone: spec.timezone,
        flexibleTimeWindow: { mode: 'OFF' },
        state: 'ENABLED',
        target: {
          arn: fn.functionArn,
          roleArn: role.roleArn,
          input: JSON.stringify({ ...spec.input, schedule: spec.name }),
          retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
        },
      });
      functions.set(spec.target, fn);
    }
    this.functions = functions;
  }
}
