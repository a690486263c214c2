import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  SingleValueWidget,
  Stats,
  TextWidget,
  TreatMissingData,
  type IWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { ComptoirFunction } from '../constructs/comptoir-function.ts';
import { appMetrics, metricsNamespace, metricsService, type MetricSpec } from '../spec/metrics.ts';
import { routeKey, routes as routeTable, type RouteSpec } from '../spec/routes.ts';
import { eventBusName, rules as ruleTable, type RuleSpec } from '../spec/rules.ts';
import { schedules as scheduleTable, type ScheduleSpec } from '../spec/schedules.ts';

/**
 * What operators watch in AWS: one CloudWatch dashboard and the alarms that page them (SNS topic).
 * Everything is generated from the one route table and the one rule list, so a new route, consumer
 * or rule appears on the dashboard (and gets its alarms) at the next deploy without touching this file.
 * The local runtime shows the same figures on the ops page (/web/ops/, fed by GET /_local/metrics).
 *
 * It lives in its own stack, deployed after the others: a dashboard change never touches a function.
 * It reads the functions, queues and state machine by reference (CloudFormation exports); removing a
 * route therefore deploys this stack first: `cdk deploy ComptoirObservability --exclusively`, then all.
 */
export interface ObservabilityStackProps extends StackProps {
  readonly api: IHttpApi;
  /**
   * Lambda functions by module under functions/ (`catalog/search-products`). By default every
   * ComptoirFunction of the app — routes, authorizer, consumers, saga tasks, jobs — so build this
   * stack last.
   */
  readonly functions?: ReadonlyMap<string, IFunction>;
  /** The checkout saga (absent until it is deployed: its widgets and alarm are left out). */
  readonly checkout?: IStateMachine;
  /** Each event rule's dead-letter queue, by rule name. */
  readonly deadLetterQueues?: ReadonlyMap<string, IQueue>;
  /** Defaults to infra/spec/routes.ts and infra/spec/rules.ts (tests pass their own). */
  readonly routes?: readonly RouteSpec[];
  readonly rules?: readonly RuleSpec[];
  readonly schedules?: readonly ScheduleSpec[];
  /** Where alarms are mailed, if anyone (context `opsAlarmEmail`); the topic is there either way. */
  readonly alarmEmail?: string;
}

const period = Duration.minutes(5);
/** Below this many requests in a period, the 5xx rate is not judged (one failure in two is noise). */
export const minRequestsForErrorRate = 10;
/** 5xx rate (percent of requests) above which the API alarm fires. */
export const api5xxRateThresholdPercent = 1;
/** Failed orders (percent of saga outcomes) above which the order alarm fires, with its minimum volume. */
export const orderFailureRateThresholdPercent = 50;
export const minOrdersForFailureRate = 10;

/** The Dead-letter queue CloudFormation name when the rule list does not come with its queues. */
export const deadLetterQueueName = (rule: string) => `comptoir-${rule}-dlq`;
export const ruleName = (rule: string) => `comptoir-${rule}`;

/** Every house function of the app, by module (the app's other stacks must be built already). */
export function appFunctions(scope: Construct): Map<string, IFunction> {
  const found = scope.node.root.node
    .findAll()
    .filter((c): c is ComptoirFunction => c instanceof ComptoirFunction);
  return new Map(found.map((fn) => [fn.module, fn]));
}

const pascal = (s: string) => s.replace(/(^|[/-])(\w)/g, (_, __, c: string) => c.toUpperCase());

function appMetric(spec: MetricSpec, dimensions: Record<string, string>, statistic: string, label?: string) {
  return new Metric({
    namespace: metricsNamespace,
    metricName: spec.name,
    dimensionsMap: { service: metricsService, ...dimensions },
    statistic,
    period,
    ...(label ? { label } : {}),
  });
}

/** Every value of a dimension, found at display time (for values no spec lists: reasons, locations). */
function searchAppMetric(spec: MetricSpec, statistic: 'Sum' | 'Average', label: string) {
  const dims = ['service', ...spec.dimensions].join(',');
  return new MathExpression({
    expression: `SEARCH('{${metricsNamespace},${dims}} MetricName="${spec.name}"', '${statistic}', ${period.toSeconds()})`,
    usingMetrics: {},
    label,
    period,
  });
}

function graph(title: string, left: IMetric[], width = 8, right: IMetric[] = []): GraphWidget {
  return new GraphWidget({ title, left, right, width, height: 6 });
}

export class ObservabilityStack extends Stack {
  readonly dashboard: Dashboard;
  readonly alarmTopic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: ObservabilityStackProps) {
    super(scope, id, props);
    const routes = props.routes ?? routeTable;
    const rules = props.rules ?? ruleTable;
    const { api } = props;

    // Publishers must use TLS: the topic policy denies any request with aws:SecureTransport false.
    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: 'Comptoir operations alarms',
      enforceSSL: true,
    });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
    const alarm = (made: Alarm) => {
      made.addAlarmAction(new SnsAction(this.alarmTopic));
      made.addOkAction(new SnsAction(this.alarmTopic));
      this.alarms.push(made);
      return made;
    };

    // API: requests, latency, 4xx / 5xx (API Gateway's view, authorizer and integration failures included).
    const requests = api.metricCount({ statistic: Stats.SUM, period, label: 'requests' });
    const errors5xx = api.metricServerError({ statistic: Stats.SUM, period, label: '5xx' });
    const errors4xx = api.metricClientError({ statistic: Stats.SUM, period, label: '4xx' });
    const rate5xx = new MathExpression({
      expression: `IF(requests >= ${minRequestsForErrorRate}, 100 * errors / requests, 0)`,
      usingMetrics: { requests, errors: errors5xx },
      label: '5xx rate (%)',
      period,
    });
    alarm(
      new Alarm(this, 'Api5xxRate', {
        alarmDescription: `More than ${api5xxRateThresholdPercent} % of API requests answered 5xx (periods of at least ${minRequestsForErrorRate} requests). Runbook: docs/operations.md#api-5xx-rate`,
        metric: rate5xx,
        threshold: api5xxRateThresholdPercent,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );

    const widgets: IWidget[][] = [];
    widgets.push([
      new TextWidget({
        markdown:
          '# Comptoir — operations\nRequests, latency and errors per route; functions; checkout saga; events and dead letters; sales and stock alerts. Locally: the ops page `/web/ops/` shows the same figures. Runbooks: `docs/operations.md`.',
        width: 24,
        height: 2,
      }),
    ]);
    widgets.push([
      graph('API requests', [requests], 6),
      graph(
        'API latency (ms)',
        [Stats.p(50), Stats.p(95), Stats.p(99)].map((statistic) =>
          api.metricLatency({ statistic, period, label: statistic }),
        ),
        6,
      ),
      graph('API 4xx / 5xx', [errors4xx, errors5xx], 6, [rate5xx]),
      new SingleValueWidget({ title: 'API 5xx rate (%)', metrics: [rate5xx], width: 6, height: 6 }),
    ]);

    // Per route, from the handlers' EMF metrics (namespace Comptoir, dimension route).
    const perRoute = (spec: MetricSpec, statistic: string) =>
      routes.map((r) => appMetric(spec, { route: routeKey(r) }, statistic, routeKey(r)));
    widgets.push([
      graph('Requests per route', perRoute(appMetrics.requests, Stats.SUM)),
      graph('Latency p95 per route (ms)', perRoute(appMetrics.latency, Stats.p(95))),
      graph('5xx per route', perRoute(appMetrics.errors5xx, Stats.SUM)),
    ]);
    widgets.push([graph('4xx per route', perRoute(appMetrics.errors4xx, Stats.SUM), 24)]);

    // Functions: errors, duration, throttles — one row per context (the folder under functions/).
    const byContext = new Map<string, [string, IFunction][]>();
    const functions = props.functions ?? appFunctions(this);
    for (const [handler, fn] of [...functions].sort(([a], [b]) => a.localeCompare(b))) {
      const context = handler.split('/')[0]!;
      byContext.set(context, [...(byContext.get(context) ?? []), [handler, fn]]);
    }
    for (const [context, fns] of byContext) {
      widgets.push([
        graph(
          `${context} — function errors`,
          fns.map(([h, fn]) => fn.metricErrors({ statistic: Stats.SUM, period, label: h })),
        ),
        graph(
          `${context} — duration p95 (ms)`,
          fns.map(([h, fn]) => fn.metricDuration({ statistic: Stats.p(95), period, label: h })),
        ),
        graph(
          `${context} — throttles`,
          fns.map(([h, fn]) => fn.metricThrottles({ statistic: Stats.SUM, period, label: h })),
        ),
      ]);
    }

    // Scheduled jobs (infra/spec/schedules.ts): a run that fails after Lambda's retries is lost
    // otherwise (its input is relative, `yesterday`: it is re-run by hand, not redriven).
    for (const spec of props.schedules ?? scheduleTable) {
      const fn = functions.get(spec.target);
      if (!fn) continue;
      alarm(
        new Alarm(this, `ScheduledJobFailed${pascal(spec.name)}`, {
          alarmDescription: `The scheduled job ${spec.name} (${spec.target}) failed. Runbook: docs/operations.md#scheduled-job-failed`,
          metric: fn.metricErrors({ statistic: Stats.SUM, period: Duration.hours(1) }),
          threshold: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }

    // Checkout saga. The state machine ends a refused order (declined card, short stock) in its
    // `OrderFailed` Fail state after compensating, so AWS counts it in ExecutionsFailed: a broken saga
    // is a failed or timed-out execution that recorded no business outcome (SagaOutcome failed).
    const sagaOutcomes = searchAppMetric(appMetrics.sagaOutcome, 'Sum', '');
    const outcome = (value: 'confirmed' | 'failed') =>
      appMetric(appMetrics.sagaOutcome, { outcome: value }, Stats.SUM, `orders ${value}`);
    const ordersFailedRate = new MathExpression({
      expression: `IF(confirmed + refused >= ${minOrdersForFailureRate}, 100 * refused / (confirmed + refused), 0)`,
      usingMetrics: { confirmed: outcome('confirmed'), refused: outcome('failed') },
      label: 'orders failed (%)',
      period,
    });
    alarm(
      new Alarm(this, 'OrderFailureRate', {
        alarmDescription: `More than ${orderFailureRateThresholdPercent} % of orders failed (declined, short stock, payment provider) for 15 minutes, periods of at least ${minOrdersForFailureRate} orders. Runbook: docs/operations.md#order-failure-rate`,
        metric: ordersFailedRate,
        threshold: orderFailureRateThresholdPercent,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    if (props.checkout) {
      const sm = props.checkout;
      const broken = new MathExpression({
        expression: 'FILL(failed, 0) + FILL(timedOut, 0) - FILL(refused, 0)',
        usingMetrics: {
          failed: sm.metricFailed({ statistic: Stats.SUM, period }),
          timedOut: sm.metricTimedOut({ statistic: Stats.SUM, period }),
          refused: outcome('failed'),
        },
        label: 'broken executions',
        period,
      });
      alarm(
        new Alarm(this, 'SagaFailures', {
          alarmDescription:
            'A checkout saga execution failed or timed out without recording the order as failed (a refused order is not counted: see OrderFailureRate). Runbook: docs/operations.md#saga-failures',
          metric: broken,
          threshold: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
      widgets.push([
        graph('Checkout executions', [
          sm.metricStarted({ statistic: Stats.SUM, period, label: 'started' }),
          sm.metricSucceeded({ statistic: Stats.SUM, period, label: 'succeeded (confirmed)' }),
          sm.metricFailed({ statistic: Stats.SUM, period, label: 'failed (refused orders included)' }),
          sm.metricTimedOut({ statistic: Stats.SUM, period, label: 'timed out' }),
          broken,
        ]),
        graph('Checkout duration (ms)', [
          sm.metricTime({ statistic: Stats.p(50), period, label: 'p50' }),
          sm.metricTime({ statistic: Stats.p(95), period, label: 'p95' }),
        ]),
        graph('Order outcomes by reason', [sagaOutcomes], 8, [ordersFailedRate]),
      ]);
    } else {
      widgets.push([graph('Order outcomes by reason', [sagaOutcomes], 24, [ordersFailedRate])]);
    }

    // Events: per rule, deliveries (AWS/Events on the custom bus) and dead-letter queue depth.
    if (rules.length > 0) {
      const eventsMetric = (metricName: string, rule: RuleSpec) =>
        new Metric({
          namespace: 'AWS/Events',
          metricName,
          dimensionsMap: { EventBusName: eventBusName, RuleName: ruleName(rule.name) },
          statistic: Stats.SUM,
          period,
          label: rule.name,
        });
      const depth = rules.map((rule) => {
        const queue = props.deadLetterQueues?.get(rule.name);
        const metric = queue
          ? queue.metricApproximateNumberOfMessagesVisible({ statistic: Stats.MAXIMUM, period })
          : new Metric({
              namespace: 'AWS/SQS',
              metricName: 'ApproximateNumberOfMessagesVisible',
              dimensionsMap: { QueueName: deadLetterQueueName(rule.name) },
              statistic: Stats.MAXIMUM,
              period,
            });
        alarm(
          new Alarm(this, `DeadLetters${pascal(rule.name)}`, {
            alarmDescription: `Events for rule ${rule.name} (target ${rule.target}) are in its dead-letter queue. Runbook: docs/operations.md#dead-letters`,
            metric,
            threshold: 0,
            comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
            evaluationPeriods: 1,
            treatMissingData: TreatMissingData.NOT_BREACHING,
          }),
        );
        return metric.with({ label: rule.name });
      });
      widgets.push([
        graph(
          'Rule invocations',
          rules.map((r) => eventsMetric('Invocations', r)),
        ),
        graph(
          'Rule failed invocations / sent to DLQ',
          rules.flatMap((r) => [
            eventsMetric('FailedInvocations', r).with({ label: `${r.name} failed` }),
            eventsMetric('InvocationsSentToDlq', r).with({ label: `${r.name} to DLQ` }),
          ]),
        ),
        graph('Dead-letter queue depth', depth),
      ]);
    }

    // Business figures from EMF: sales per selling location, stock alerts per type.
    widgets.push([
      graph('Sales per location (CAD cents)', [searchAppMetric(appMetrics.saleAmount, 'Sum', '')], 12),
      graph(
        'Stock alerts',
        (['low', 'out', 'over'] as const).map((type) =>
          appMetric(appMetrics.stockAlert, { type }, Stats.SUM, type),
        ),
        12,
      ),
    ]);

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: 'comptoir-operations',
      defaultInterval: Duration.hours(3),
      widgets,
    });
    new CfnOutput(this, 'DashboardUrl', {
      value: `https://${this.region}.console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards/dashboard/comptoir-operations`,
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn });
  }
}
