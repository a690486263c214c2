import type { Template } from 'aws-cdk-lib/assertions';
import { Match } from 'aws-cdk-lib/assertions';
import { Cron } from 'croner';
import { beforeAll, describe, expect, it } from 'vitest';
import { buckets } from '#infra/spec/buckets.ts';
import { routes } from '#infra/spec/routes.ts';
import { schedules } from '#infra/spec/schedules.ts';
import type { buildStacks } from '#infra/stacks/build.ts';
import { toCronerPattern } from '#local/scheduler.ts';
import { appStacks, templateOf } from './support/stacks.ts';

/** Reports bucket and scheduled exports: what CDK deploys, and that the local runtime runs the same. */
type Json = any;

let stacks: ReturnType<typeof buildStacks>;
let stateful: Template;
let jobs: Template;
let api: Template;

beforeAll(() => {
  stacks = appStacks();
  stateful = templateOf(stacks.stateful);
  jobs = templateOf(stacks.jobs);
  api = templateOf(stacks.api);
});

const envOf = (fn: Json) => fn.Properties.Environment.Variables as Record<string, Json>;

describe('reports bucket', () => {
  it('is encrypted, private, SSL only, kept on stack deletion, and expires old exports', () => {
    const reports = buckets.find((b) => b.name === 'reports')!;
    stateful.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LifecycleConfiguration: {
          Rules: Match.arrayWith([
            Match.objectLike({
              Prefix: reports.expire.prefix,
              ExpirationInDays: reports.expire.afterDays,
              Status: 'Enabled',
            }),
          ]),
        },
      },
    });
    stateful.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('is granted to, and named for, exactly the routes that declare it', () => {
    const functions = Object.values(api.findResources('AWS::Lambda::Function')) as Json[];
    for (const route of routes) {
      const fn = functions.find((f) => envOf(f).COMPTOIR_HANDLER === route.handler);
      expect(fn, route.handler).toBeDefined();
      expect('REPORTS_BUCKET' in envOf(fn), route.handler).toBe((route.buckets ?? []).includes('reports'));
    }
  });
});

describe('scheduled exports', () => {
  it('deploys each schedule of the spec with its cron, time zone and input, invoking its function', () => {
    const deployed = Object.values(jobs.findResources('AWS::Scheduler::Schedule')) as Json[];
    expect(deployed).toHaveLength(schedules.length);
    const fns = jobs.findResources('AWS::Lambda::Function');
    for (const spec of schedules) {
      const s = deployed.find((d) => d.Properties.Name === `comptoir-${spec.name}`);
      expect(s, spec.name).toBeDefined();
      expect(s.Properties).toMatchObject({
        ScheduleExpression: spec.cron,
        ScheduleExpressionTimezone: spec.timezone,
        FlexibleTimeWindow: { Mode: 'OFF' },
      });
      expect(JSON.parse(s.Properties.Target.Input)).toEqual({ ...spec.input, schedule: spec.name });
      const targetId = s.Properties.Target.Arn['Fn::GetAtt'][0] as string;
      expect(envOf(fns[targetId]).COMPTOIR_HANDLER).toBe(spec.target);
      for (const bucket of spec.buckets)
        expect(envOf(fns[targetId])).toHaveProperty(buckets.find((b) => b.name === bucket)!.envVar);
    }
  });

  it('runs the daily export at 06:00 in Montréal, winter and summer', () => {
    const daily = schedules.find((s) => s.name === 'daily-sales-export')!;
    expect(daily).toMatchObject({
      cron: 'cron(0 6 * * ? *)',
      timezone: 'America/Montreal',
      target: 'reporting/scheduled-export',
    });
    // The local scheduler reads the same entry: its next runs are 06:00 EST (11:00 UTC) and 06:00 EDT (10:00 UTC).
    const local = new Cron(toCronerPattern(daily.cron), { timezone: daily.timezone, paused: true });
    expect(local.nextRun(new Date('2026-01-15T12:00:00Z'))?.toISOString()).toBe('2026-01-16T11:00:00.000Z');
    expect(local.nextRun(new Date('2026-07-15T12:00:00Z'))?.toISOString()).toBe('2026-07-16T10:00:00.000Z');
    local.stop();
  });

  it('translates EventBridge cron fields for the local scheduler', () => {
    expect(toCronerPattern('cron(0 6 * * ? *)')).toBe('0 6 * * *');
    expect(toCronerPattern('cron(30 7 ? * 2-6 *)')).toBe('30 7 * * 1-5');
    expect(() => toCronerPattern('rate(5 minutes)')).toThrow(/cron/);
  });

  it('lets the scheduler invoke only the job function', () => {
    jobs.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })]),
      },
    });
    jobs.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Action: 'lambda:InvokeFunction', Effect: 'Allow' })]),
      },
    });
  });
});
