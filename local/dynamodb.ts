import type { Server } from 'node:http';
import { mkdirSync } from 'node:fs';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { tables, type TableSpec } from '#infra/spec/tables.ts';
import { listen } from './listen.ts';

/**
 * DynamoDB for the local runtime: dynalite on a loopback port, kept in a LevelDB folder
 * (or in memory), with the tables of infra/spec/tables.ts — the same list the CDK stack deploys.
 */
export interface LocalDynamo {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** Starts dynalite on `port` (0 picks a free one). */
export async function startDynamo(dataDir: string | undefined, port = 0): Promise<LocalDynamo> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const server: Server = dynalite({
    ...(dataDir ? { path: dataDir } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  const bound = await listen(server, port);
  return {
    endpoint: `http://127.0.0.1:${bound}`,
    port: bound,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function createTableInput(spec: TableSpec, physicalName: string) {
  const attributes = new Set<string>([
    spec.partitionKey,
    spec.sortKey,
    ...spec.indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  ]);
  return {
    TableName: physicalName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [...attributes].map((AttributeName) => ({
      AttributeName,
      AttributeType: 'S' as const,
    })),
    KeySchema: [
      { AttributeName: spec.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: spec.sortKey, KeyType: 'RANGE' as const },
    ],
    ...(spec.indexes.length > 0
      ? {
          GlobalSecondaryIndexes: spec.indexes.map((i) => ({
            IndexName: i.name,
            KeySchema: [
              { AttributeName: i.partitionKey, KeyType: 'HASH' as const },
              { AttributeName: i.sortKey, KeyType: 'RANGE' as const },
            ],
            Projection: { ProjectionType: 'ALL' as const },
          })),
        }
      : {}),
  };
}

/** Creates the tables that do not exist yet; returns the names it created. */
export async function ensureTables(
  client: DynamoDBClient,
  physicalName: (spec: TableSpec) => string,
): Promise<string[]> {
  const existing = new Set((await client.send(new ListTablesCommand({}))).TableNames ?? []);
  const created: string[] = [];
  for (const spec of tables) {
    const name = physicalName(spec);
    if (existing.has(name)) continue;
    await client.send(new CreateTableCommand(createTableInput(spec, name)));
    created.push(name);
  }
  return created;
}
