import { readFileSync } from 'node:fs';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import type { CfnTable } from 'aws-cdk-lib/aws-dynamodb';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { acknowledge } from '#infra/constructs/nag.ts';
import { tableReadActions, tableWriteActions } from '#infra/constructs/comptoir-function.ts';
import { repoRoot } from '#infra/paths.ts';
import { buckets } from '#infra/spec/buckets.ts';
import { authThrottle, defaultThrottle, routeKey, routes, throttleOf } from '#infra/spec/routes.ts';
import { tables, type TableName } from '#infra/spec/tables.ts';
import { accessLogFields } from '#infra/stacks/api-stack.ts';
import { buildStacks } from '#infra/stacks/build.ts';
import { functionSpec, functionSpecs } from './support/functions.ts';

/**
 * What the AWS stacks let each piece do, read from the synthesized templates: cdk-nag's AwsSolutions
 * and Serverless packs find nothing that is not acknowledged with a reason (reviewed in
 * docs/operations.md); every function may read the tables it names, write only those it declares,
 * reach only its bucket objects, and nothing on `*` but X-Ray; the API logs every request as JSON and
 * throttles every route (harder on /auth/*); CORS stays closed unless an origin is configured;
 * topics and buckets refuse plain HTTP.
 */
type Json = any;
type Resource = { Type: string; Properties: Record<string, Json>; DependsOn?: string[] };
type Resources = Record<string, Resource>;

const noBundling = { 'aws:cdk:bundling-stacks': [] };
let app: App;
let stacks: ReturnType<typeof buildStacks>;
let templates: Record<string, Resources>;

function synth(context: Record<string, unknown> = {}, env?: { account: string; region: string }) {
  const made = new App({ context: { ...noBundling, ...context } });
  const built = buildStacks(made, { version: 'test', ...(env ? { env } : {}) });
  const json = Object.fromEntries(
    Object.entries(built).map(([name, stack]) => [
      name,
      Template.fromStack(stack as Stack).toJSON().Resources as Resources,
    ]),
  );
  return { app: made, stacks: built, templates: json };
}

beforeAll(() => {
  ({ app, stacks, templates } = synth());
});

const asList = (x: Json): Json[] => (Array.isArray(x) ? x : [x]);
const logicalId = (c: IConstruct) => Stack.of(c).getLogicalId(c.node.defaultChild as CfnTable | CfnBucket);
const tableId = (name: TableName) => logicalId(stacks.stateful.tables[name]);

/** Every house function (COMPTOIR_HANDLER set) with the statements of the policies on its role. */
function houseFunctions() {
  return Object.entries(templates).flatMap(([stack, resources]) =>
    Object.entries(resources)
      .filter(
        ([, r]) =>
          r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.COMPTOIR_HANDLER,
      )
      .map(([id, fn]) => {
        const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
        const statements = Object.values(resources)
          .filter(
            (p) =>
              p.Type === 'AWS::IAM::Policy' && (p.Properties.Roles as Json[]).some((r) => r.Ref === roleId),
          )
          .flatMap((p) => p.Properties.PolicyDocument.Statement as Json[]);
        const handler = fn.Properties.Environment.Variables.COMPTOIR_HANDLER as string;
        return { stack, id, handler, role: resources[roleId]!, statements };
      }),
  );
}

const actionsOn = (statements: Json[], matches: (resource: Json) => boolean): string[] =>
  statements
    .filter((s) => s.Effect === 'Allow' && asList(s.Resource).some(matches))
    .flatMap((s) => asList(s.Action) as string[]);
const onTable = (name: TableName) => (resource: Json) => JSON.stringify(resource).includes(tableId(name));

/** Acknowledged cdk-nag rules of the app: rule id (prefix removed) → construct paths and reasons. */
function acknowledgements(scope: IConstruct) {
  const found: { id: string; path: string; reason: string }[] = [];
  for (const c of scope.node.findAll())
    for (const entry of c.node.metadata)
      if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        for (const [id, reason] of Object.entries(entry.data as Record<string, string>))
          found.push({ id: id.replace(/^annotation::/i, ''), path: c.node.path, reason });
  return found;
}

describe('cdk-nag (AwsSolutions and Serverless packs) on the synthesized app', () => {
  it('finds nothing that is not acknowledged with a reason', () => {
    for (const pack of [new AwsSolutionsChecks(), new ServerlessChecks()]) {
      const report = pack.validateScope(app);
      const findings = report.violations.map(
        (v) =>
          `${v.ruleName} (${v.severity}): ${v.description} — ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
      );
      expect(findings, pack.readPackName).toEqual([]);
    }
  });

  it('fails on a finding nobody acknowledged, and passes once it is acknowledged with its reason', () => {
    // Prepare: a bucket without access logs nor TLS enforcement.
    const probe = new App();
    const bucket = new Bucket(new Stack(probe, 'Probe'), 'Careless');
    const rules = () => new AwsSolutionsChecks().validateScope(probe).violations.map((v) => v.ruleName);
    expect(rules()).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']));
    // Act
    acknowledge(bucket, ['AwsSolutions-S1'], 'probe: a reason written next to the resource');
    // Assess
    expect(rules()).not.toContain('AwsSolutions-S1');
    expect(rules()).toContain('AwsSolutions-S10');
  });

  it('every acknowledgement gives a reason, and docs/operations.md reviews each rule acknowledged', () => {
    const acks = acknowledgements(app);
    expect(acks.length).toBeGreaterThan(0);
    for (const a of acks) expect(a.reason.length, `${a.id} at ${a.path}`).toBeGreaterThanOrEqual(60);
    const docs = readFileSync(`${repoRoot}docs/operations.md`, 'utf8');
    const section = docs.slice(docs.indexOf('## cdk-nag'));
    const table = section.slice(0, section.indexOf('\n## ', 5));
    // The rule ids in the first cell of each row (a row may review several findings of one resource).
    const firstCells = [...table.matchAll(/^\|([^|\n]*)\|/gm)].map((m) => m[1]!);
    const documented = new Set(
      firstCells.flatMap((cell) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!)),
    );
    // Rule ids with their finding; a bucket's ARN (logical id or export name) is `<Bucket>` in the table.
    const bucketArn =
      /<\w+Bucket[0-9A-F]{8}\.Arn>|\w+:ExportsOutputFnGetAtt\w+Bucket[0-9A-F]{8}Arn[0-9A-F]{8}/;
    const reviewed = new Set(acks.map((a) => a.id.replace(bucketArn, '<Bucket>')));
    expect([...reviewed].sort()).toEqual([...documented].sort());
  });
});

describe('least privilege: tables', () => {
  it('covers every function of the app, each declared by one spec', () => {
    const deployed = houseFunctions().map((f) => f.handler);
    expect(deployed.sort()).toEqual(functionSpecs.map((f) => f.handler).sort());
  });

  it('declares writes only among the tables and buckets a function names', () => {
    for (const f of functionSpecs)
      for (const w of f.writes) expect([...f.tables, ...f.buckets], `${f.label} writes ${w}`).toContain(w);
  });

  it('read routes (GET) write nothing, and every other route writes something', () => {
    // Reads that need a body: the till's quote (a basket to price) computes and writes nothing.
    const readingPosts = new Set(['POST /locations/{storeId}/quotes']);
    for (const f of functionSpecs.filter((s) => s.kind === 'route')) {
      if (f.method === 'GET' || readingPosts.has(f.label)) expect(f.writes, f.label).toEqual([]);
      else expect(f.writes.length, f.label).toBeGreaterThan(0);
    }
  });

  it('read routes have no write action on any table, nor any action beyond reads', () => {
    const reads = routes.filter((r) => r.method === 'GET');
    expect(reads.length).toBeGreaterThan(10);
    for (const fn of houseFunctions().filter((f) => reads.some((r) => r.handler === f.handler))) {
      const dynamo = fn.statements
        .flatMap((s) => asList(s.Action) as string[])
        .filter((a) => a.startsWith('dynamodb:'));
      expect(
        dynamo.filter((a) => !(tableReadActions as readonly string[]).includes(a)),
        fn.handler,
      ).toEqual([]);
    }
  });

  it.each(functionSpecs.map((f) => [`${f.handler} (${f.label})`, f] as const))(
    '%s: reads the tables it names, writes only those it declares, never scans',
    (_label, spec) => {
      const fn = houseFunctions().find((f) => f.handler === spec.handler)!;
      for (const t of tables) {
        const granted = actionsOn(fn.statements, onTable(t.name));
        const expected = !spec.tables.includes(t.name)
          ? []
          : spec.writes.includes(t.name)
            ? [...tableReadActions, ...tableWriteActions]
            : [...tableReadActions];
        expect(granted.sort(), `${t.name}`).toEqual([...expected].sort());
      }
      const all = fn.statements.flatMap((s) => asList(s.Action) as string[]);
      expect(all.filter((a) => a === 'dynamodb:Scan' || a.startsWith('dynamodb:*'))).toEqual([]);
      // Indexes are named (no `index/*`): only the table's own, for queries.
      expect(JSON.stringify(fn.statements)).not.toContain('/index/*');
    },
  );
});

describe('least privilege: buckets, logs, wildcards', () => {
  const s3Actions = (handler: string) =>
    houseFunctions()
      .find((f) => f.handler === handler)!
      .statements.filter((s) => asList(s.Action).some((a: string) => a.startsWith('s3:')));

  it('the download route (GET /reports/exports/{exportId}) may only get objects: no s3:Put*, no s3:Delete*', () => {
    const statements = s3Actions('reporting/get-export');
    const actions = statements.flatMap((s) => asList(s.Action) as string[]);
    expect(actions).toEqual(['s3:GetObject']);
    expect(actions.some((a) => /^s3:(Put|Delete)/.test(a) || a.includes('*'))).toBe(false);
    expect(JSON.stringify(statements[0].Resource)).toContain(`/${buckets[0]!.keyPrefix}*`);
  });

  it('the export creators may get and put objects under the exports prefix, and nothing more', () => {
    for (const handler of ['reporting/create-export', 'reporting/scheduled-export']) {
      const statements = s3Actions(handler);
      expect(statements.flatMap((s) => asList(s.Action)).sort(), handler).toEqual([
        's3:GetObject',
        's3:PutObject',
      ]);
      for (const s of statements) expect(JSON.stringify(s.Resource)).toContain('/exports/*');
    }
    // A function that names no bucket has no S3 action at all.
    for (const f of functionSpecs.filter((s) => s.buckets.length === 0))
      expect(s3Actions(f.handler), f.handler).toEqual([]);
  });

  it('no house function has an AWS managed policy, and each writes only its context’s log group, the one it logs to', () => {
    for (const fn of houseFunctions()) {
      expect(fn.role.Properties.ManagedPolicyArns, fn.handler).toBeUndefined();
      const logs = fn.statements.filter((s) => asList(s.Action).some((a: string) => a.startsWith('logs:')));
      expect(logs, fn.handler).toHaveLength(1);
      expect(asList(logs[0].Action).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
      const group = logs[0].Resource['Fn::GetAtt'][0] as string;
      expect(templates[fn.stack]![group]!.Type).toBe('AWS::Logs::LogGroup');
      expect(templates[fn.stack]![fn.id]!.Properties.LoggingConfig.LogGroup.Ref).toBe(group);
    }
  });

  it('grants nothing on "*" but X-Ray (which has no resource-level permissions)', () => {
    for (const fn of houseFunctions())
      for (const s of fn.statements.filter((st) => asList(st.Resource).includes('*')))
        expect(asList(s.Action).sort(), fn.handler).toEqual([
          'xray:PutTelemetryRecords',
          'xray:PutTraceSegments',
        ]);
  });

  it('the state machine may invoke its task functions, and no version or alias of anything else', () => {
    const role = Object.values(templates.api!).find(
      (r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes('StateMachineRole'),
    )!;
    const invoke = (role.Properties.PolicyDocument.Statement as Json[]).filter((s) =>
      asList(s.Action).includes('lambda:InvokeFunction'),
    );
    const resources = invoke.flatMap((s) => asList(s.Resource));
    expect(resources.length).toBeGreaterThan(5);
    for (const r of resources) expect(r['Fn::GetAtt']?.[1], JSON.stringify(r)).toBe('Arn');
  });

  it('every bucket and the alarm topic refuse requests without TLS', () => {
    const denies = (policy: Json) =>
      (policy.PolicyDocument.Statement as Json[]).some(
        (s) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false',
      );
    const all = Object.values(templates).flatMap((r) => Object.entries(r));
    const bucketIds = all.filter(([, r]) => r.Type === 'AWS::S3::Bucket').map(([id]) => id);
    expect(bucketIds.length).toBeGreaterThanOrEqual(4);
    for (const id of bucketIds) {
      const policy = all.find(
        ([, r]) => r.Type === 'AWS::S3::BucketPolicy' && r.Properties.Bucket.Ref === id,
      );
      expect(policy, id).toBeDefined();
      expect(denies(policy![1].Properties), id).toBe(true);
    }
    const topics = all.filter(([, r]) => r.Type === 'AWS::SNS::Topic');
    expect(topics).toHaveLength(1);
    const topicPolicy = all.find(([, r]) => r.Type === 'AWS::SNS::TopicPolicy');
    expect(JSON.stringify(topicPolicy?.[1].Properties.Topics)).toContain(topics[0]![0]);
    expect(denies(topicPolicy![1].Properties)).toBe(true);
  });

  it('the data buckets log their accesses to a log bucket', () => {
    const stateful = templates.stateful!;
    const reports = logicalId(stacks.stateful.buckets.reports);
    const logs = logicalId(stacks.stateful.accessLogsBucket);
    expect(stateful[reports]!.Properties.LoggingConfiguration.DestinationBucketName).toEqual({ Ref: logs });
  });
});

describe('API stage: access logs, throttling, CORS', () => {
  const stage = () =>
    Object.values(templates.api!).find((r) => r.Type === 'AWS::ApiGatewayV2::Stage')!.Properties;

  it('writes one JSON line per request with the request id, caller ip, route, status and latency', () => {
    const settings = stage().AccessLogSettings;
    const format = JSON.parse(settings.Format) as Record<string, string>;
    expect(format).toEqual(accessLogFields);
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      ip: '$context.identity.sourceIp',
      route: '$context.routeKey',
      status: '$context.status',
      latencyMs: '$context.responseLatency',
    });
    const group = templates.api![settings.DestinationArn['Fn::GetAtt'][0]]!;
    expect(group.Type).toBe('AWS::Logs::LogGroup');
    expect(group.Properties.RetentionInDays).toBeGreaterThanOrEqual(30);
  });

  it('throttles every route, and /auth/* harder', () => {
    expect(stage().DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: defaultThrottle.rateLimit,
      ThrottlingBurstLimit: defaultThrottle.burstLimit,
    });
    const auth = routes.filter((r) => r.path.startsWith('/auth/'));
    expect(auth.map(routeKey)).toEqual(expect.arrayContaining(['POST /auth/login', 'POST /auth/register']));
    expect(authThrottle.rateLimit).toBeLessThan(defaultThrottle.rateLimit);
    expect(authThrottle.burstLimit).toBeLessThan(defaultThrottle.burstLimit);
    for (const r of auth) {
      const t = throttleOf(r);
      expect(stage().RouteSettings[routeKey(r)], routeKey(r)).toEqual({
        ThrottlingRateLimit: t.rateLimit,
        ThrottlingBurstLimit: t.burstLimit,
      });
    }
    // Route settings name existing routes: the stage is deployed after them.
    const stageEntry = Object.values(templates.api!).find((r) => r.Type === 'AWS::ApiGatewayV2::Stage')!;
    const routeIds = Object.entries(templates.api!)
      .filter(
        ([, r]) => r.Type === 'AWS::ApiGatewayV2::Route' && r.Properties.RouteKey.startsWith('POST /auth/'),
      )
      .map(([id]) => id);
    for (const id of routeIds) expect(stageEntry.DependsOn).toContain(id);
  });

  it('answers no CORS by default: the pages call the API on their own origin', () => {
    const api = Object.values(templates.api!).find((r) => r.Type === 'AWS::ApiGatewayV2::Api')!;
    expect(api.Properties.CorsConfiguration).toBeUndefined();
  });

  it("allows exactly the site's own origin and the configured ones, never *", () => {
    const configured = synth({
      webDomainName: 'caisse.example.com',
      webCertificateArn:
        'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
      corsAllowOrigins: 'https://d111111abcdef8.cloudfront.net',
    });
    const api = Object.values(configured.templates.api!).find((r) => r.Type === 'AWS::ApiGatewayV2::Api')!;
    expect(api.Properties.CorsConfiguration.AllowOrigins).toEqual([
      'https://caisse.example.com',
      'https://d111111abcdef8.cloudfront.net',
    ]);
    expect(api.Properties.CorsConfiguration.AllowCredentials).toBeUndefined();
    // With its own domain the site gets its certificate and TLS 1.2 at least, and cdk-nag needs no acknowledgement.
    const distribution = Object.values(configured.templates.web!).find(
      (r) => r.Type === 'AWS::CloudFront::Distribution',
    )!.Properties.DistributionConfig;
    expect(distribution.Aliases).toEqual(['caisse.example.com']);
    expect(distribution.ViewerCertificate).toMatchObject({
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
    expect(acknowledgements(configured.app).map((a) => a.id)).not.toContain('AwsSolutions-CFR4');
    for (const pack of [new AwsSolutionsChecks(), new ServerlessChecks()])
      expect(pack.validateScope(configured.app).violations.map((v) => v.ruleName)).toEqual([]);
    // A wildcard or a path is refused at synth.
    expect(() => synth({ corsAllowOrigins: '*' })).toThrow(/corsAllowOrigins/);
    expect(() => synth({ corsAllowOrigins: 'https://ok.example.com/path' })).toThrow(/corsAllowOrigins/);
  });
});

describe('function declarations', () => {
  it('name tables and buckets the specs define', () => {
    for (const f of functionSpecs) {
      for (const t of f.tables) expect(tables.map((x) => x.name)).toContain(t);
      for (const b of f.buckets) expect(buckets.map((x) => x.name)).toContain(b);
    }
    expect(functionSpec('reporting/get-export').buckets).toEqual(['reports']);
  });
});
