import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { checkoutBudget, type StateMachineSpec } from '../spec/state-machines.ts';
import type { TableName } from '../spec/tables.ts';
import { repoRoot } from '../paths.ts';
import { ComptoirFunction } from './comptoir-function.ts';
import { acknowledge, reasons } from './nag.ts';

/**
 * A state machine of infra/spec/state-machines.ts: one house Lambda per task (bound to its tables,
 * read only unless the task writes them, allowed to publish the events the task declares),
 * the ASL file as is with `definitionSubstitutions` mapping each `${Substitution}` to its function's
 * ARN, invoke rights for the state machine's role, X-Ray tracing and logs to its own log group.
 * Task functions time out with their Task state (checkoutBudget). Execution data is not logged: the
 * saga input carries the customer's order (no card number — the provider's token — but still theirs).
 */
export interface SagaStateMachineProps {
  readonly spec: StateMachineSpec;
  readonly tables: Readonly<Record<TableName, ITable>>;
  readonly version: string;
}

const pascal = (s: string) => s.replace(/(^|[/-])(\w)/g, (_, __, c: string) => c.toUpperCase());

export class SagaStateMachine extends Construct {
  readonly stateMachine: StateMachine;
  /** Task functions by handler module (`inventory/saga/reserve-stock`). */
  readonly functions: ReadonlyMap<string, ComptoirFunction>;

  constructor(scope: Construct, id: string, props: SagaStateMachineProps) {
    super(scope, id);
    const functions = new Map<string, ComptoirFunction>();
    const substitutions: Record<string, string> = {};
    for (const [substitution, task] of Object.entries(props.spec.tasks)) {
      const fn = new ComptoirFunction(this, pascal(task.handler), {
        handler: task.handler,
        environment: { COMPTOIR_VERSION: props.version },
        timeout: Duration.seconds(checkoutBudget.taskTimeoutSeconds),
        publishes: task.publishes,
      });
      for (const name of task.tables)
        fn.bindTable(name, props.tables[name], task.writes.includes(name) ? 'write' : 'read');
      acknowledge(fn, ['Serverless-LambdaDLQ'], reasons.syncInvoked);
      functions.set(task.handler, fn);
      substitutions[substitution] = fn.functionArn;
    }
    const logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/comptoir-${props.spec.name}`,
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: `comptoir-${props.spec.name}`,
      stateMachineType: StateMachineType[props.spec.type],
      definitionBody: DefinitionBody.fromFile(`${repoRoot}${props.spec.file}`),
      definitionSubstitutions: substitutions,
      tracingEnabled: true,
      logs: { destination: logGroup, level: LogLevel.ERROR, includeExecutionData: false },
    });
    // Exactly the task functions' ARNs (grantInvoke would add `<arn>:*`, every version and alias).
    this.stateMachine.addToRolePolicy(
      new PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [...functions.values()].map((fn) => fn.functionArn),
      }),
    );
    acknowledge(this.stateMachine, ['AwsSolutions-IAM5[Resource::*]'], reasons.stateMachineRole);
    acknowledge(this.stateMachine, ['AwsSolutions-SF1'], reasons.sagaLogLevel);
    this.functions = functions;
  }
}
