import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { DescribeTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { Stack } from 'aws-cdk-lib';
import type { CfnTable } from 'aws-cdk-lib/aws-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { buildStacks } from '#infra/stacks/build.ts';
import { repoRoot } from '#infra/paths.ts';
import { routeKey, routes } from '#infra/spec/routes.ts';
import { tables, type TableSpec } from '#infra/spec/tables.ts';
import { ensureTables, startDynamo, type LocalDynamo } from '#local/dynamodb.ts';
import { buildMatchers, matchRoute } from '#local/gateway.ts';
import { appStacks, templateOf } from './support/stacks.ts';

/**
 * The two runtimes must offer the same API and the same data layout: this fails when a route,
 * table or index exists in the synthesized AWS template and not in the local runtime, or the reverse.
 * Everything is compared generically over infra/spec, so new routes and tables are covered as added.
 */
/** CloudFormation JSON, read by path in assertions. */

type Json = any;
type Resource = { Type: string; Properties: Record<string, Json> };
type KeyElement = { AttributeName: string; KeyType: string };

let stacks: ReturnType<typeof buildStacks>;
let resources: Record<string, Resource>;

beforeAll(() => {
  stacks = appStacks();
  resources = {
    ...templateOf(stacks.stateful).toJSON().Resources,
    ...templateOf(stacks.api).toJSON().Resources,
  };
});

const ofType = (type: string) => Object.values(resources).filter((r) => r.Type === type);
const samplePath = (path: string) =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => `sample-${name.toLowerCase()}`);

describe('routes: AWS template and local gateway', () => {
  it('serve the same set of METHOD /path keys', () => {
    // Act
    const aws = ofType('AWS::ApiGatewayV2::Route').map((r) => r.Properties.RouteKey as string);
    const local = buildMatchers().map((m) => routeKey(m.route));
    // Assess
    expect(new Set(aws).size).toBe(aws.length);
    expect(new Set(local).size).toBe(local.length);
    expect([...local].sort()).toEqual([...aws].sort());
  });

  it.each(routes.map((r) => [routeKey(r), r] as const))(
    '%s: a concrete request reaches this route locally',
    (key, route) => {
      // Prepare
      const path = samplePath(route.path);
      // Act
      const match = matchRoute(buildMatchers(), route.method, path);
      // Assess
      expect(match, `${route.method} ${path}`).toMatchObject({
        route: { method: route.method, path: route.path },
      });
      const params = typeof match === 'object' ? match.params : {};
      for (const [, name] of route.path.matchAll(/\{(\w+)\}/g))
        expect(params[name!]).toBe(`sample-${name!.toLowerCase()}`);
      expect(key).toBe(`${route.method} ${route.path}`);
    },
  );

  it.each(routes.map((r) => [routeKey(r), r] as const))(
    '%s: the handler module exists and exports `handler`',
    async (_key, route) => {
      // Prepare: handler modules read their tables' names when loaded
      for (const t of tables) process.env[t.envVar] ??= `parity-${t.name}`;
      const file = `${repoRoot}functions/${route.handler}.ts`;
      expect(existsSync(file), file).toBe(true);
      // Act
      const mod = (await import(pathToFileURL(file).href)) as { handler?: unknown };
      // Assess
      expect(typeof mod.handler).toBe('function');
    },
  );
});

describe('tables: AWS template and local DynamoDB', () => {
  let dynamo: LocalDynamo;
  let client: DynamoDBClient;
  const localName = (spec: TableSpec) => `parity-${spec.name}`;

  beforeAll(async () => {
    dynamo = await startDynamo(undefined);
    client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'ca-central-1',
      credentials: dynamo.credentials,
    });
    await ensureTables(client, localName);
  });
  afterAll(async () => {
    client?.destroy();
    await dynamo?.stop();
  });

  const sortKeys = (keys: KeyElement[]) => [...keys].sort((a, b) => a.KeyType.localeCompare(b.KeyType));
  const indexesOf = (
    gsis: { IndexName?: string; KeySchema?: KeyElement[]; Projection?: { ProjectionType?: string } }[] = [],
  ) =>
    gsis
      .map((g) => ({
        name: g.IndexName,
        keys: sortKeys(g.KeySchema ?? []),
        projection: g.Projection?.ProjectionType,
      }))
      .sort((a, b) => String(a.name).localeCompare(String(b.name)));

  it('hold the same number of tables', async () => {
    const local = (await client.send(new ListTablesCommand({}))).TableNames ?? [];
    expect(local.sort()).toEqual(tables.map(localName).sort());
    expect(ofType('AWS::DynamoDB::Table')).toHaveLength(tables.length);
  });

  it.each(tables.map((t) => [t.name, t] as const))(
    '%s: same keys, same indexes with the same keys',
    async (_name, spec) => {
      // Prepare
      const cfn = stacks.stateful.tables[spec.name].node.defaultChild as CfnTable;
      const aws = resources[Stack.of(cfn).getLogicalId(cfn)]!.Properties;
      // Act
      const local = (await client.send(new DescribeTableCommand({ TableName: localName(spec) }))).Table!;
      // Assess
      expect(sortKeys(local.KeySchema as KeyElement[])).toEqual(sortKeys(aws.KeySchema));
      expect(indexesOf(local.GlobalSecondaryIndexes as never)).toEqual(indexesOf(aws.GlobalSecondaryIndexes));
      expect(indexesOf(local.LocalSecondaryIndexes as never)).toEqual(indexesOf(aws.LocalSecondaryIndexes));
      const attributes = (defs: { AttributeName?: string; AttributeType?: string }[] = []) =>
        defs.map((d) => `${d.AttributeName}:${d.AttributeType}`).sort();
      expect(attributes(local.AttributeDefinitions)).toEqual(attributes(aws.AttributeDefinitions));
    },
  );
});
