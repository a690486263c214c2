import { App, Stack } from 'aws-cdk-lib';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { beforeAll, describe, expect, it } from 'vitest';
import { routeKey, routes } from '#infra/spec/routes.ts';
import { rules, type RuleSpec } from '#infra/spec/rules.ts';
import { schedules } from '#infra/spec/schedules.ts';
import { ObservabilityStack } from '#infra/stacks/observability-stack.ts';
import { appStacks, templateOf } from './support/stacks.ts';

/** The dashboard body as one string (a CloudFormation join of JSON text and references). */
const dashboardBody = (template: Template): string => {
  const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  return JSON.stringify(dashboard!.Properties.DashboardBody);
};

describe('observability stack of the app', () => {
  let template: Template;
  let events: Template;
  beforeAll(() => {
    const stacks = appStacks();
    template = templateOf(stacks.observability);
    events = templateOf(stacks.events);
  });

  it('has one dashboard, comptoir-operations, showing every route of the route table', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'comptoir-operations' });
    const body = dashboardBody(template);
    for (const route of routes) {
      expect(body).toContain(`\\"label\\":\\"${routeKey(route)}\\"`);
      expect(body).toContain(`\\"label\\":\\"${route.handler}\\"`);
    }
  });

  it('graphs every consumer of the rule list as a function too', () => {
    const body = dashboardBody(template);
    for (const rule of rules) expect(body).toContain(`\\"label\\":\\"${rule.target}\\"`);
  });

  it('watches the very rules and dead-letter queues the events stack deploys', () => {
    const body = dashboardBody(template);
    const ruleNames = Object.values(events.findResources('AWS::Events::Rule')).map((r) => r.Properties.Name);
    const queueNames = Object.values(events.findResources('AWS::SQS::Queue')).map(
      (q) => q.Properties.QueueName,
    );
    expect(ruleNames).toHaveLength(rules.length);
    for (const name of ruleNames) expect(body).toContain(`\\"RuleName\\",\\"${name}\\"`);
    const alarmed = Object.values(template.findResources('AWS::CloudWatch::Alarm'))
      .filter((a) => a.Properties.Namespace === 'AWS/SQS')
      .map((a) => a.Properties.Dimensions[0].Value);
    expect(alarmed.sort()).toEqual([...queueNames].sort());
  });

  it('graphs the API, the functions and the business metrics of namespace Comptoir', () => {
    const body = dashboardBody(template);
    for (const metric of ['Count', 'Latency', '4xx', '5xx'])
      expect(body).toContain(`[\\"AWS/ApiGateway\\",\\"${metric}\\"`);
    for (const metric of ['Errors', 'Duration', 'Throttles'])
      expect(body).toContain(`[\\"AWS/Lambda\\",\\"${metric}\\"`);
    const route = routeKey(routes[0]!);
    expect(body).toContain(
      `[\\"Comptoir\\",\\"Requests\\",\\"route\\",\\"${route}\\",\\"service\\",\\"comptoir\\"`,
    );
    expect(body).toContain('MetricName=\\\\\\"SaleAmountCents\\\\\\"');
    expect(body).toContain('MetricName=\\\\\\"SagaOutcome\\\\\\"');
    expect(body).toContain(
      '[\\"Comptoir\\",\\"StockAlert\\",\\"service\\",\\"comptoir\\",\\"type\\",\\"out\\"',
    );
  });

  it('alarms, to the operations topic, when a scheduled job fails', () => {
    const topic = Object.keys(template.findResources('AWS::SNS::Topic'))[0]!;
    for (const spec of schedules) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmDescription: Match.stringLikeRegexp(`${spec.name} \\(${spec.target}\\) failed`),
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Statistic: 'Sum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [{ Ref: topic }],
      });
    }
  });

  it('alarms on the API 5xx rate, to the operations SNS topic', () => {
    template.resourceCountIs('AWS::SNS::Topic', 1);
    const topic = Object.keys(template.findResources('AWS::SNS::Topic'))[0]!;
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: topic }],
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'IF(requests >= 10, 100 * errors / requests, 0)' }),
      ]),
    });
  });
});

describe('observability stack with a saga and event rules', () => {
  const rule = (name: string): RuleSpec => ({
    name,
    description: name,
    eventPattern: { 'detail-type': ['StockLow'] },
    target: `reporting/${name}`,
    retryAttempts: 3,
    maxEventAgeSeconds: 3600,
    tables: ['reporting'],
  });
  let template: Template;
  beforeAll(() => {
    const app = new App();
    const deps = new Stack(app, 'Deps');
    const queues = new Map([
      ['record-alert', new Queue(deps, 'AlertDlq')],
      ['project-sales', new Queue(deps, 'SalesDlq')],
    ]);
    const stack = new ObservabilityStack(app, 'Obs', {
      api: HttpApi.fromHttpApiAttributes(deps, 'Api', { httpApiId: 'api123' }),
      functions: new Map([
        ['catalog/get-product', LambdaFunction.fromFunctionName(deps, 'Fn1', 'get-product')],
        ['reporting/record-alert', LambdaFunction.fromFunctionName(deps, 'Fn2', 'record-alert')],
      ]),
      checkout: StateMachine.fromStateMachineName(deps, 'Checkout', 'comptoir-checkout'),
      deadLetterQueues: queues,
      rules: [rule('record-alert'), rule('project-sales')],
    });
    template = Template.fromStack(stack);
  });

  it('alarms when any dead-letter queue holds a message, one alarm per rule', () => {
    const dlqAlarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter(
      (a) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible',
    );
    expect(dlqAlarms).toHaveLength(2);
    for (const a of dlqAlarms) {
      expect(a.Properties).toMatchObject({
        Namespace: 'AWS/SQS',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        Statistic: 'Maximum',
      });
      expect(a.Properties.AlarmActions).toHaveLength(1);
    }
    expect(JSON.stringify(dlqAlarms.map((a) => a.Properties.AlarmDescription))).toContain('record-alert');
  });

  it('alarms on broken checkout executions, not counting orders the saga refused and recorded', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'FILL(failed, 0) + FILL(timedOut, 0) - FILL(refused, 0)' }),
        Match.objectLike({
          MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'ExecutionsTimedOut' }) }),
        }),
        Match.objectLike({
          Id: 'refused',
          MetricStat: Match.objectLike({
            Metric: {
              Namespace: 'Comptoir',
              MetricName: 'SagaOutcome',
              Dimensions: Match.arrayWith([{ Name: 'outcome', Value: 'failed' }]),
            },
          }),
        }),
      ]),
    });
  });

  it('alarms when most orders fail for 15 minutes (a payment provider down, stock gone)', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 50,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      Metrics: Match.arrayWith([
        Match.objectLike({
          Expression: 'IF(confirmed + refused >= 10, 100 * refused / (confirmed + refused), 0)',
        }),
      ]),
    });
  });

  it('graphs rule invocations on the custom bus, DLQ depth per rule and functions by context', () => {
    const body = dashboardBody(template);
    expect(body).toContain(
      '[\\"AWS/Events\\",\\"Invocations\\",\\"EventBusName\\",\\"comptoir\\",\\"RuleName\\",\\"comptoir-record-alert\\"',
    );
    expect(body).toContain('InvocationsSentToDlq');
    expect(body).toContain('Dead-letter queue depth');
    expect(body).toContain('ExecutionsSucceeded');
    expect(body).toContain('reporting — function errors');
    expect(body).toContain('catalog — duration p95 (ms)');
  });
});
