import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Stack } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { CfnQueue } from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '#infra/paths.ts';
import type { buildStacks } from '#infra/stacks/build.ts';
import { consumerRetryPolicy, eventBusName, rules } from '#infra/spec/rules.ts';
import { eventSources, eventsBySource, type EventName } from '#infra/spec/events.ts';
import { tableByName, tables } from '#infra/spec/tables.ts';
import { validateEventPattern } from '#local/event-pattern.ts';
import type { ConsumerLambda } from '#functions/shared/consumer.ts';
import { startRuntime, type Runtime } from '#local/runtime.ts';
import { functionSpec } from './support/functions.ts';
import { appStacks, templateOf } from './support/stacks.ts';

/**
 * The event rules are defined once (infra/spec/rules.ts): the CDK app must deploy exactly those
 * rules — pattern, consumer, retry policy, encrypted dead-letter queue — and the local bus must
 * apply the same list. Every function knows the bus; it may publish there, and only there, the
 * event types it declares. Each consumer handles exactly what its rule delivers.
 */
/** CloudFormation JSON, read by path in assertions. */

type Json = any;
type Resource = { Type: string; Properties: Record<string, Json> };

let stacks: ReturnType<typeof buildStacks>;
let templates: Record<string, Record<string, Resource>>;
let runtime: Runtime;

beforeAll(async () => {
  stacks = appStacks();
  templates = Object.fromEntries(
    Object.entries(stacks).map(([name, stack]) => [
      name,
      templateOf(stack as Stack).toJSON().Resources as Record<string, Resource>,
    ]),
  );
  runtime = await startRuntime({ port: 0, dataDir: undefined, seed: false });
});
afterAll(() => runtime?.stop());

const logicalId = (c: IConstruct) => Stack.of(c).getLogicalId(c.node.defaultChild as CfnFunction | CfnQueue);
const ofType = (stack: string, type: string) =>
  Object.entries(templates[stack]!).filter(([, r]) => r.Type === type);
const allOfType = (type: string) => Object.keys(templates).flatMap((s) => ofType(s, type));
const busId = () => logicalId(stacks.stateful.bus);
/** A value that refers to the stateful stack's bus, directly or through a cross-stack import. */
const refersToBus = (value: Json): boolean => JSON.stringify(value).includes(busId());

describe('rule spec', () => {
  it.each(rules.map((r) => [r.name, r] as const))('%s is well formed', (_, rule) => {
    expect(rule.name).toMatch(/^[a-z][a-z0-9-]{0,40}$/);
    expect(() => validateEventPattern(rule.eventPattern)).not.toThrow();
    expect(existsSync(`${repoRoot}functions/${rule.target}.ts`)).toBe(true);
    expect(rule.retryAttempts).toBeGreaterThanOrEqual(0);
    expect(rule.retryAttempts).toBeLessThanOrEqual(185);
    expect(rule.maxEventAgeSeconds).toBeGreaterThanOrEqual(60);
    expect(rule.maxEventAgeSeconds).toBeLessThanOrEqual(86_400);
    expect(rule.tables.length).toBeGreaterThan(0);
    for (const t of rule.tables) expect(() => tableByName(t)).not.toThrow();
    // The consumer keeps its processed-event markers in its first table: the pattern is written there.
    expect(tableByName(rule.tables[0]!).accessPatterns.join('\n')).toContain('pk=EVENT#<consumer>#<eventId>');
  });

  it('names are unique', () => {
    expect(new Set(rules.map((r) => r.name)).size).toBe(rules.length);
  });
});

describe('bus', () => {
  it('is the custom comptoir bus, archived', () => {
    const [bus] = ofType('stateful', 'AWS::Events::EventBus');
    expect(bus?.[1].Properties.Name).toBe(eventBusName);
    const archives = ofType('stateful', 'AWS::Events::Archive');
    expect(archives).toHaveLength(1);
    expect(refersToBus(archives[0]![1].Properties.SourceArn)).toBe(true);
    expect(archives[0]![1].Properties.RetentionDays).toBeGreaterThan(0);
  });
});

describe('rules in AWS, from the spec', () => {
  it('one EventBridge rule per spec entry, on the comptoir bus, and no other', () => {
    const deployed = allOfType('AWS::Events::Rule').map(([, r]) => r.Properties);
    expect(deployed.map((p) => p.Name).sort()).toEqual(rules.map((r) => `comptoir-${r.name}`).sort());
    for (const p of deployed) expect(refersToBus(p.EventBusName)).toBe(true);
  });

  it.each(rules.map((r) => [r.name, r] as const))(
    '%s: pattern, consumer target, retry policy and encrypted DLQ',
    (name, rule) => {
      const events = templates.events!;
      const [, deployed] = ofType('events', 'AWS::Events::Rule').find(
        ([, r]) => r.Properties.Name === `comptoir-${name}`,
      )!;
      expect(deployed.Properties.EventPattern).toEqual(rule.eventPattern);
      expect(deployed.Properties.Targets).toHaveLength(1);
      const target = deployed.Properties.Targets[0];

      // The target is the consumer function of the spec's module, bound to the spec's tables.
      const fn = stacks.events.consumers.get(name)!;
      const fnId = logicalId(fn);
      expect(target.Arn).toEqual({ 'Fn::GetAtt': [fnId, 'Arn'] });
      const env = events[fnId]!.Properties.Environment.Variables;
      expect(env.COMPTOIR_HANDLER).toBe(rule.target);
      for (const t of rule.tables) expect(env[tableByName(t).envVar]).toBeDefined();
      for (const t of tables.filter((t) => !rule.tables.includes(t.name)))
        expect(env[t.envVar]).toBeUndefined();

      // EventBridge's delivery retries, then the DLQ.
      const dlqId = logicalId(stacks.events.deadLetterQueues.get(name)!);
      expect(target.RetryPolicy).toEqual({
        MaximumRetryAttempts: rule.retryAttempts,
        MaximumEventAgeInSeconds: rule.maxEventAgeSeconds,
      });
      expect(target.DeadLetterConfig.Arn).toEqual({ 'Fn::GetAtt': [dlqId, 'Arn'] });
      expect(events[dlqId]!.Properties.SqsManagedSseEnabled).toBe(true);

      // Lambda's asynchronous retries of a failing consumer, then the same DLQ.
      const invokeConfig = ofType('events', 'AWS::Lambda::EventInvokeConfig').find(
        ([, r]) => r.Properties.FunctionName.Ref === fnId,
      )?.[1].Properties;
      expect(invokeConfig).toMatchObject({
        MaximumRetryAttempts: consumerRetryPolicy(rule).retryAttempts,
        MaximumEventAgeInSeconds: consumerRetryPolicy(rule).maxEventAgeSeconds,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlqId, 'Arn'] } } },
      });

      // EventBridge may write to the DLQ, and only for this rule.
      const policies = ofType('events', 'AWS::SQS::QueuePolicy').filter(([, p]) =>
        JSON.stringify(p.Properties.Queues).includes(dlqId),
      );
      const statements = policies.flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Json[]);
      expect(statements).toContainEqual(
        expect.objectContaining({
          Action: 'sqs:SendMessage',
          Principal: { Service: 'events.amazonaws.com' },
          Condition: { ArnEquals: { 'aws:SourceArn': expect.anything() } },
        }),
      );
    },
  );
});

describe('publishing', () => {
  const comptoirFunctions = () =>
    Object.entries(templates).flatMap(([stack, resources]) =>
      Object.entries(resources)
        .filter(
          ([, r]) =>
            r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.COMPTOIR_HANDLER,
        )
        .map(([id, r]) => ({ stack, id, fn: r })),
    );

  it('every function (routes, consumers, the rest) knows the bus; it may put there only the events it declares', () => {
    const fns = comptoirFunctions();
    expect(fns.length).toBeGreaterThan(rules.length);
    let publishers = 0;
    for (const { stack, id, fn } of fns) {
      const env = fn.Properties.Environment.Variables;
      expect(refersToBus(env.EVENT_BUS_NAME), id).toBe(true);
      const role = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      const statements = ofType(stack, 'AWS::IAM::Policy')
        .filter(([, p]) => (p.Properties.Roles as Json[]).some((r) => r.Ref === role))
        .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Json[]);
      const puts = statements.filter((s) => [s.Action].flat().includes('events:PutEvents'));
      // One statement per source, on the bus only, conditioned on that source and its event types.
      const declared = eventsBySource(functionSpec(env.COMPTOIR_HANDLER as string).publishes);
      expect(puts, id).toHaveLength(declared.size);
      if (puts.length > 0) publishers++;
      for (const put of puts) {
        expect(refersToBus(put.Resource), id).toBe(true);
        expect(JSON.stringify(put.Resource)).not.toContain('"*"');
        expect([put.Action].flat(), id).toEqual(['events:PutEvents']);
        const condition = put.Condition?.StringEquals ?? {};
        expect(Object.keys(put.Condition ?? {}), id).toEqual(['StringEquals']);
        expect(declared.get(condition['events:source']), `${id} source`).toEqual(
          [condition['events:detail-type']].flat(),
        );
      }
    }
    // Some do, and not all: a function that publishes nothing may not publish.
    expect(publishers).toBeGreaterThan(0);
    expect(publishers).toBeLessThan(fns.length);
  });
});

describe('consumers and their rules', () => {
  it.each(rules.map((r) => [r.name, r] as const))(
    '%s: the consumer handles exactly what the pattern delivers, from the sources it names',
    async (_name, rule) => {
      // Prepare: the runtime started above has set the tables' variables the modules read.
      const mod = (await import(pathToFileURL(`${repoRoot}functions/${rule.target}.ts`).href)) as {
        handler: ConsumerLambda;
      };
      const handles = mod.handler.handles;
      const pattern = rule.eventPattern as { source?: unknown[]; 'detail-type'?: unknown[] };
      // Assess
      if (handles.includes('any')) {
        // The audit trail: every comptoir.* event, and only those (the consumer refuses other sources).
        expect(handles).toEqual(['any']);
        expect(pattern).toEqual({ source: [{ prefix: 'comptoir.' }] });
        return;
      }
      const typed = handles.filter((h) => h !== 'any');
      expect(typed.map((h) => h.name).sort()).toEqual([...(pattern['detail-type'] ?? [])].sort());
      expect([...new Set(typed.map((h) => h.source))].sort()).toEqual([...(pattern.source ?? [])].sort());
      for (const h of typed) expect(eventSources[h.name as EventName], h.name).toBe(h.source);
    },
  );
});

describe('local bus parity', () => {
  it('applies the same rules as AWS: names, patterns, consumers and retry policies', () => {
    const local = runtime.bus.rules().map((r) => ({
      name: `comptoir-${r.name}`,
      pattern: r.eventPattern,
      target: r.target,
      retry: [r.retryAttempts, r.maxEventAgeSeconds],
    }));
    const deployed = allOfType('AWS::Events::Rule').map(([, r]) => {
      const target = r.Properties.Targets[0];
      const fnId = target.Arn['Fn::GetAtt'][0] as string;
      return {
        name: r.Properties.Name as string,
        pattern: r.Properties.EventPattern,
        target: templates.events![fnId]!.Properties.Environment.Variables.COMPTOIR_HANDLER,
        retry: [target.RetryPolicy.MaximumRetryAttempts, target.RetryPolicy.MaximumEventAgeInSeconds],
      };
    });
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(local.sort(byName)).toEqual(deployed.sort(byName));
  });

  it('gives handlers the same variables: the bus name, and the endpoint of the local bus', () => {
    expect(process.env.EVENT_BUS_NAME).toBe(eventBusName);
    expect(process.env.AWS_ENDPOINT_URL_EVENTBRIDGE).toBe(runtime.bus.endpoint);
  });
});
