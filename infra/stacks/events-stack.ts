import { Duration, Stack, type IAspect, type StackProps } from 'aws-cdk-lib';
import { ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Rule, type IEventBus } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { CfnConfigurationSet, CfnEmailIdentity, CfnTemplate } from 'aws-cdk-lib/aws-ses';
import { configurationSetName, emailTemplates, mailIdentity, mailSender } from '../spec/email-templates.ts';
import type { Construct, IConstruct } from 'constructs';
import { ComptoirFunction } from '../constructs/comptoir-function.ts';
import { acknowledge, reasons } from '../constructs/nag.ts';
import { consumerRetryPolicy, rules, type RuleSpec } from '../spec/rules.ts';
import type { StatefulStack } from './stateful-stack.ts';

export interface EventsStackProps extends StackProps {
  readonly stateful: StatefulStack;
  readonly version: string;
  /** The rules to deploy; infra/spec/rules.ts unless a test says otherwise. */
  readonly rules?: readonly RuleSpec[];
}

const pascal = (s: string) => s.replace(/(^|[/-])(\w)/g, (_, __, c: string) => c.toUpperCase());

/**
 * The rules of the bus, from infra/spec/rules.ts (the list the local bus applies too): per rule, an
 * EventBridge rule on the `comptoir` bus, its consumer function (bound to the rule's tables) as the
 * Lambda target, and an encrypted SQS dead-letter queue with an alarm.
 *
 * Failures are handled at two levels, both ending in the rule's DLQ:
 * - EventBridge → Lambda (the invoke itself fails: throttling, service error): the target's retry
 *   policy (`retryAttempts`, `maxEventAge`), then the target's dead-letter queue;
 * - the consumer throws: Lambda's asynchronous retries (`consumerRetryPolicy`: at most 2, 6 hours),
 *   then the function's on-failure destination, the same queue.
 */
export class EventsStack extends Stack {
  readonly consumers: ReadonlyMap<string, ComptoirFunction>;
  readonly deadLetterQueues: ReadonlyMap<string, Queue>;

  constructor(scope: Construct, id: string, props: EventsStackProps) {
    super(scope, id, props);
    const bus = props.stateful.bus;
    const consumers = new Map<string, ComptoirFunction>();
    const queues = new Map<string, Queue>();
    const specs = props.rules ?? rules;
    // E-mail (SES v2): the chain's sending identity, its configuration set and the templates of
    // infra/spec/email-templates.ts (the local SES endpoint holds the same ones).
    const mail = specs.some((s) => s.sendsEmail)
      ? (() => {
          const identity = new CfnEmailIdentity(this, 'MailIdentity', {
            emailIdentity: mailIdentity,
            configurationSetAttributes: { configurationSetName },
          });
          const set = new CfnConfigurationSet(this, 'MailConfigurationSet', {
            name: configurationSetName,
            reputationOptions: { reputationMetricsEnabled: true },
            sendingOptions: { sendingEnabled: true },
          });
          identity.addDependency(set);
          for (const t of emailTemplates)
            new CfnTemplate(this, `MailTemplate${pascal(t.name)}`, {
              template: { templateName: t.name, subjectPart: t.subject, textPart: t.text, htmlPart: t.html },
            });
          const arn = (resource: string) =>
            Stack.of(this).formatArn({ service: 'ses', resource, resourceName: undefined });
          return {
            statement: new PolicyStatement({
              actions: ['ses:SendEmail'],
              resources: [
                arn(`identity/${mailIdentity}`),
                arn(`configuration-set/${configurationSetName}`),
                ...emailTemplates.map((t) => arn(`template/${t.name}`)),
              ],
            }),
          };
        })()
      : undefined;
    for (const spec of specs) {
      const name = pascal(spec.name);
      const dlq = new Queue(this, `${name}DeadLetters`, {
        queueName: `comptoir-${spec.name}-dlq`,
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      acknowledge(dlq, ['AwsSolutions-SQS3', 'Serverless-SQSRedrivePolicy'], reasons.deadLetterQueue);
      const maxEventAge = Duration.seconds(spec.maxEventAgeSeconds);
      const fn = new ComptoirFunction(this, `${name}Consumer`, {
        handler: spec.target,
        environment: {
          COMPTOIR_VERSION: props.version,
          COMPTOIR_RULE: spec.name,
          ...(spec.sendsEmail ? { MAIL_FROM: mailSender, MAIL_CONFIGURATION_SET: configurationSetName } : {}),
        },
        ...(spec.publishes ? { publishes: spec.publishes } : {}),
      });
      for (const table of spec.tables)
        fn.bindTable(table, props.stateful.tables[table], spec.writes?.includes(table) ? 'write' : 'read');
      acknowledge(fn, ['Serverless-LambdaDLQ'], reasons.consumerDestination);
      if (spec.sendsEmail && mail) fn.addToRolePolicy(mail.statement);
      const consumerRetries = consumerRetryPolicy(spec);
      fn.configureAsyncInvoke({
        retryAttempts: consumerRetries.retryAttempts,
        maxEventAge: Duration.seconds(consumerRetries.maxEventAgeSeconds),
        onFailure: new SqsDestination(dlq),
      });
      new Rule(this, `${name}Rule`, {
        ruleName: `comptoir-${spec.name}`,
        description: spec.description,
        eventBus: bus,
        eventPattern: spec.eventPattern as Record<string, never>,
        targets: [
          new LambdaFunction(fn, { deadLetterQueue: dlq, retryAttempts: spec.retryAttempts, maxEventAge }),
        ],
      });
      dlq
        .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) })
        .createAlarm(this, `${name}DeadLettersAlarm`, {
          alarmName: `comptoir-${spec.name}-dead-letters`,
          alarmDescription: `Events the ${spec.target} consumer could not process (rule ${spec.name}); see docs/events.md`,
          threshold: 0,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        });
      consumers.set(spec.name, fn);
      queues.set(spec.name, dlq);
    }
    this.consumers = consumers;
    this.deadLetterQueues = queues;
  }
}

/**
 * Every Comptoir function, whatever its stack (routes, consumers, saga tasks, jobs), knows the bus
 * (`EVENT_BUS_NAME`), and may put on it, and only there, exactly the event types its spec declares
 * (`publishes`; `events:PutEvents` conditioned on `events:source` and `events:detail-type`; none
 * declared, no PutEvents). Applied as an aspect to the app so that functions added later are
 * covered without anyone remembering to.
 */
export class PublishToBus implements IAspect {
  private readonly bus: IEventBus;
  private readonly seen = new WeakSet<IConstruct>();
  constructor(bus: IEventBus) {
    this.bus = bus;
  }

  visit(node: IConstruct): void {
    if (!(node instanceof ComptoirFunction) || this.seen.has(node)) return;
    this.seen.add(node);
    node.allowPublishing(this.bus);
  }
}
