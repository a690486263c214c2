import { Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { Match } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { CfnTable } from 'aws-cdk-lib/aws-dynamodb';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { buildStacks } from '#infra/stacks/build.ts';
import { routeKey, routes } from '#infra/spec/routes.ts';
import { tables } from '#infra/spec/tables.ts';
import { appStacks, templateOf } from './support/stacks.ts';

/** CloudFormation JSON, read by path in assertions. */

type Json = any;
type Resource = {
  Type: string;
  Properties: Record<string, Json>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
};

let stacks: ReturnType<typeof buildStacks>;
let stateful: Template;
let api: Template;

beforeAll(() => {
  // Bundling skipped: the tests read the templates, not the code assets.
  stacks = appStacks();
  stateful = templateOf(stacks.stateful);
  api = templateOf(stacks.api);
});

const logicalId = (c: IConstruct) => Stack.of(c).getLogicalId(c.node.defaultChild as CfnTable | CfnFunction);
const resource = (t: Template, id: string) => t.toJSON().Resources[id] as Resource;
const tableId = (name: (typeof tables)[number]['name']) => logicalId(stacks.stateful.tables[name]);
const functionOf = (handler: string) => {
  const fn = stacks.api.functions.get(handler);
  if (!fn) throw new Error(`no function for ${handler}`);
  return resource(api, logicalId(fn));
};

describe('stateful stack: one DynamoDB table per entry of infra/spec/tables.ts', () => {
  it('has exactly the tables of the spec', () => {
    stateful.resourceCountIs('AWS::DynamoDB::Table', tables.length);
    expect(new Set(tables.map((t) => tableId(t.name))).size).toBe(tables.length);
  });

  it.each(tables.map((t) => [t.name, t] as const))('%s: keys and indexes as specified', (_name, spec) => {
    // Act
    const table = resource(stateful, tableId(spec.name));
    // Assess
    expect(table.Type).toBe('AWS::DynamoDB::Table');
    expect(table.Properties.KeySchema).toEqual([
      { AttributeName: spec.partitionKey, KeyType: 'HASH' },
      { AttributeName: spec.sortKey, KeyType: 'RANGE' },
    ]);
    const gsis = (table.Properties.GlobalSecondaryIndexes ?? []) as Record<string, Json>[];
    expect(
      gsis.map((g) => ({ name: g.IndexName, keys: g.KeySchema, projection: g.Projection.ProjectionType })),
    ).toEqual(
      spec.indexes.map((i) => ({
        name: i.name,
        keys: [
          { AttributeName: i.partitionKey, KeyType: 'HASH' },
          { AttributeName: i.sortKey, KeyType: 'RANGE' },
        ],
        projection: 'ALL',
      })),
    );
    expect(table.Properties.LocalSecondaryIndexes).toBeUndefined();
  });

  it.each(tables.map((t) => [t.name, t] as const))(
    '%s: on demand, point-in-time recovery, kept on delete',
    (_name, spec) => {
      const table = resource(stateful, tableId(spec.name));
      expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
      expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.UpdateReplacePolicy).toBe('Retain');
      expect(table.Properties.StreamSpecification).toBeUndefined();
      if (spec.ttlAttribute)
        expect(table.Properties.TimeToLiveSpecification).toEqual({
          AttributeName: spec.ttlAttribute,
          Enabled: true,
        });
    },
  );
});

describe('API stack: one Lambda function and one route per entry of infra/spec/routes.ts', () => {
  it('has one function per route, running its handler module', () => {
    for (const route of routes) {
      expect(functionOf(route.handler).Properties.Environment.Variables.COMPTOIR_HANDLER).toBe(route.handler);
    }
    const routeFunctions = new Set(routes.map((r) => logicalId(stacks.api.functions.get(r.handler)!)));
    expect(routeFunctions.size).toBe(routes.length);
  });

  it.each(routes.map((r) => [routeKey(r), r] as const))('%s: Node 24 on arm64, logs kept', (_key, route) => {
    // Act
    const fn = functionOf(route.handler);
    // Assess
    expect(fn.Properties.Runtime).toBe('nodejs24.x');
    expect(fn.Properties.Architectures).toEqual(['arm64']);
    expect(fn.Properties.Handler).toBe('index.handler');
    const logGroupId = fn.Properties.LoggingConfig?.LogGroup?.Ref as string;
    const logGroup = resource(api, logGroupId);
    expect(logGroup.Type).toBe('AWS::Logs::LogGroup');
    expect(logGroup.Properties.RetentionInDays).toBeGreaterThan(0);
  });

  it('has exactly one HTTP API route per entry, keyed METHOD /path', () => {
    const routeKeys = Object.values(api.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => (r as Resource).Properties.RouteKey as string,
    );
    expect(routeKeys.sort()).toEqual(routes.map(routeKey).sort());
  });

  it.each(routes.map((r) => [routeKey(r), r] as const))(
    '%s: the route invokes the function of its handler',
    (key, route) => {
      // Prepare
      const [, apiRoute] = Object.entries(
        api.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: key } }),
      )[0]!;
      const target = JSON.stringify((apiRoute as Resource).Properties.Target);
      const integrationId = Object.keys(api.findResources('AWS::ApiGatewayV2::Integration')).find((id) =>
        target.includes(id),
      );
      // Act
      const integration = resource(api, integrationId!);
      // Assess
      expect(integration.Properties.IntegrationUri).toEqual({
        'Fn::GetAtt': [logicalId(stacks.api.functions.get(route.handler)!), 'Arn'],
      });
      expect(integration.Properties.PayloadFormatVersion).toBe('2.0');
    },
  );

  it.each(routes.map((r) => [routeKey(r), r] as const))(
    '%s: the function finds the tables it binds, and only those',
    (_key, route) => {
      // Act
      const variables = functionOf(route.handler).Properties.Environment.Variables as Record<string, unknown>;
      // Assess
      for (const spec of tables) {
        if (route.tables.includes(spec.name)) {
          expect(JSON.stringify(variables[spec.envVar]), spec.envVar).toContain(tableId(spec.name));
        } else {
          expect(variables[spec.envVar], spec.envVar).toBeUndefined();
        }
      }
    },
  );

  it('grants each function access to the tables it binds', () => {
    for (const route of routes.filter((r) => r.tables.length > 0)) {
      const fn = functionOf(route.handler);
      const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
      const policies = Object.values(
        api.findResources('AWS::IAM::Policy', { Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) } }),
      );
      const granted = JSON.stringify(policies);
      for (const name of route.tables) {
        expect(granted, `${routeKey(route)} → ${name}`).toContain(tableId(name));
        expect(granted).toContain('dynamodb:GetItem');
      }
    }
  });
});
