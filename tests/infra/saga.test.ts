import { readFileSync } from 'node:fs';
import type { Stack } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '#infra/paths.ts';
import { routes } from '#infra/spec/routes.ts';
import { checkoutBudget, stateMachineByName } from '#infra/spec/state-machines.ts';
import { tableByName } from '#infra/spec/tables.ts';
import { appStacks, templateOf } from './support/stacks.ts';

/**
 * The checkout saga in CDK: an Express state machine from the same ASL file, each `${…}` substituted
 * with the ARN of the function running that task's handler module, its role allowed to invoke exactly
 * those, tracing and logging on; the selling routes may StartSyncExecution it and know its ARN.
 */
type Json = any;
type Resource = { Type: string; Properties: Record<string, Json> };

const spec = stateMachineByName('checkout');
let resources: Record<string, Resource>;
let machineId: string;
let machine: Resource;

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const functionOf = (handler: string): string => {
  const found = ofType('AWS::Lambda::Function').find(
    ([, r]) => r.Properties.Environment?.Variables?.COMPTOIR_HANDLER === handler,
  );
  if (!found) throw new Error(`no function for ${handler}`);
  return found[0];
};
/** Every statement of every policy attached to a role. */
const statementsOf = (roleRef: Json) =>
  ofType('AWS::IAM::Policy')
    .filter(([, p]) =>
      (p.Properties.Roles as Json[]).some((r) => JSON.stringify(r) === JSON.stringify(roleRef)),
    )
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Json[]);
const asList = (x: Json): Json[] => (Array.isArray(x) ? x : [x]);

let jobs: Record<string, Resource>;

beforeAll(() => {
  const built = appStacks();
  resources = templateOf(built.api as Stack).toJSON().Resources as Record<string, Resource>;
  jobs = templateOf(built.jobs as Stack).toJSON().Resources as Record<string, Resource>;
  const machines = ofType('AWS::StepFunctions::StateMachine');
  expect(machines).toHaveLength(1);
  [machineId, machine] = machines[0]!;
});

describe('checkout saga stack', () => {
  it('is an Express state machine from the ASL file, traced and logging to its log group', () => {
    expect(machine.Properties.StateMachineType).toBe('EXPRESS');
    expect(machine.Properties.StateMachineName).toBe('comptoir-checkout');
    // DefinitionBody.fromFile: the ASL file travels as an asset, substituted by CloudFormation.
    expect(machine.Properties.DefinitionS3Location).toMatchObject({
      Bucket: expect.anything(),
      Key: expect.any(String),
    });
    expect(readFileSync(`${repoRoot}${spec.file}`, 'utf8')).toContain('${ReserveStockFunctionArn}');
    expect(machine.Properties.TracingConfiguration).toEqual({ Enabled: true });
    const logging = machine.Properties.LoggingConfiguration;
    expect(logging.IncludeExecutionData).toBe(false);
    const logGroupId = logging.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'][0];
    expect(resources[logGroupId]!.Type).toBe('AWS::Logs::LogGroup');
  });

  it('substitutes every task with the function running its handler module, with its tables', () => {
    const substitutions = machine.Properties.DefinitionSubstitutions as Record<string, Json>;
    expect(Object.keys(substitutions).sort()).toEqual(Object.keys(spec.tasks).sort());
    for (const [name, task] of Object.entries(spec.tasks)) {
      const fnId = functionOf(task.handler);
      expect(substitutions[name], name).toEqual({ 'Fn::GetAtt': [fnId, 'Arn'] });
      const env = resources[fnId]!.Properties.Environment.Variables as Record<string, Json>;
      for (const table of task.tables)
        expect(env[tableByName(table).envVar], `${name} ${table}`).toBeDefined();
    }
  });

  it('lets the state machine role invoke exactly its task functions', () => {
    const statements = statementsOf({ Ref: machine.Properties.RoleArn['Fn::GetAtt'][0] });
    const invoke = statements.filter((s) => asList(s.Action).includes('lambda:InvokeFunction'));
    const invoked = new Set(
      invoke
        .flatMap((s) => asList(s.Resource))
        .flatMap((r: Json) => (r['Fn::GetAtt'] ? [r['Fn::GetAtt'][0]] : [])),
    );
    expect([...invoked].sort()).toEqual(
      Object.values(spec.tasks)
        .map((t) => functionOf(t.handler))
        .sort(),
    );
  });

  it('lets the selling routes start it synchronously and tells them its ARN', () => {
    const selling = routes.filter((r) => r.startsStateMachines?.includes('checkout'));
    expect(selling.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'POST /carts/{cartId}/checkout',
      'POST /locations/{storeId}/sales',
    ]);
    for (const route of selling) {
      const fnId = functionOf(route.handler);
      const fn = resources[fnId]!;
      expect(fn.Properties.Environment.Variables[spec.envVar]).toEqual({ Ref: machineId });
      // Outlives the execution (its budget), inside API Gateway's 30 s (tests/unit/sales/saga-budget.test.ts).
      expect(fn.Properties.Timeout).toBe(checkoutBudget.sellingLambdaTimeoutSeconds);
      const statements = statementsOf({ Ref: fn.Properties.Role['Fn::GetAtt'][0] });
      const start = statements.find((s) => asList(s.Action).includes('states:StartSyncExecution'));
      expect(start, route.handler).toBeDefined();
      expect(asList(start.Resource)).toContainEqual({ Ref: machineId });
    }
    const others = routes.filter((r) => !r.startsStateMachines);
    for (const route of others)
      expect(
        resources[functionOf(route.handler)]!.Properties.Environment.Variables[spec.envVar],
      ).toBeUndefined();
  });

  it('times every task function out with its Task state (the budget of checkoutBudget)', () => {
    for (const task of Object.values(spec.tasks))
      expect(resources[functionOf(task.handler)]!.Properties.Timeout, task.handler).toBe(
        checkoutBudget.taskTimeoutSeconds,
      );
  });

  it('lets the recovery job start it (finishing interrupted orders) and tells it its ARN', () => {
    const [id, fn] = Object.entries(jobs).find(
      ([, r]) =>
        r.Type === 'AWS::Lambda::Function' &&
        r.Properties.Environment?.Variables?.COMPTOIR_HANDLER === 'sales/recover-orders',
    )!;
    expect(fn.Properties.Environment.Variables[spec.envVar]).toBeDefined();
    const statements = Object.values(jobs)
      .filter(
        (p) =>
          p.Type === 'AWS::IAM::Policy' &&
          (p.Properties.Roles as Json[]).some((r) =>
            JSON.stringify(r).includes(fn.Properties.Role['Fn::GetAtt'][0]),
          ),
      )
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Json[]);
    expect(
      statements.some((s) => asList(s.Action).includes('states:StartSyncExecution')),
      id,
    ).toBe(true);
    const schedule = Object.values(jobs).find(
      (r) => r.Type === 'AWS::Scheduler::Schedule' && r.Properties.Name === 'comptoir-sales-recovery',
    );
    expect(schedule?.Properties.ScheduleExpression).toBe('cron(* * * * ? *)');
  });
});
