import { mkdirSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { tables, type TableSpec } from '#infra/spec/tables.ts';
import { newCredentials, type LocalCredentials } from './credentials.ts';
import { guardedDynalite } from './dynalite-server.ts';
import type { DynamoWorkerData, DynamoWorkerMessage } from './dynamo-worker.ts';
import { closeServer, listen } from './listen.ts';

/**
 * DynamoDB for the local runtime: dynalite on a loopback port, kept in a LevelDB folder
 * (or in memory), with the tables of infra/spec/tables.ts — the same list the CDK stack deploys.
 * It runs in a worker thread of its own (local/dynamo-worker.ts): the runtime's gateway and handlers
 * keep their event loop, dynalite gets the other core. A worker thread ends with its process, whatever
 * kills it, so nothing can outlive the runtime; it accepts only requests signed with `credentials`.
 */
export interface LocalDynamo {
  readonly endpoint: string;
  readonly port: number;
  /** The credentials requests must be signed with. */
  readonly credentials: LocalCredentials;
  stop(): Promise<void>;
}

export interface DynamoOptions {
  /** Loopback port; 0 picks a free one. */
  readonly port?: number;
  /** Random ones when not given (tests of the endpoint alone). */
  readonly credentials?: LocalCredentials;
  /**
   * `worker` (the default): a thread of its own. `main`: on the caller's event loop, as before — a
   * measurement switch (`COMPTOIR_DYNALITE_THREAD=main`, see bench/README.md): on a small machine the
   * cost of waking the other thread for each call can outweigh the work it takes away.
   */
  readonly thread?: 'worker' | 'main';
}

/** Starts dynalite (in its worker thread unless told otherwise); resolves once it listens. */
export async function startDynamo(
  dataDir: string | undefined,
  options: DynamoOptions = {},
): Promise<LocalDynamo> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const credentials = options.credentials ?? newCredentials();
  if ((options.thread ?? process.env.COMPTOIR_DYNALITE_THREAD ?? 'worker') === 'main') {
    const server = guardedDynalite(dataDir, credentials);
    const port = await listen(server, options.port);
    return {
      endpoint: `http://127.0.0.1:${port}`,
      port,
      credentials,
      stop: () => closeServer(server),
    };
  }
  const worker = new Worker(new URL('./dynamo-worker.ts', import.meta.url), {
    workerData: { dataDir, port: options.port ?? 0, credentials } satisfies DynamoWorkerData,
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) =>
      reject(new Error(`the dynalite worker exited (${code}) before it was ready`)),
    );
    worker.once('message', (message: DynamoWorkerMessage) => {
      if (message.kind === 'ready') resolve(message.port);
      else
        reject(
          new Error(`dynalite did not start: ${message.kind === 'failed' ? message.error : message.kind}`),
        );
    });
  }).catch(async (error: unknown) => {
    await worker.terminate();
    throw error;
  });
  worker.on('error', (error) =>
    console.error(
      JSON.stringify({ level: 'ERROR', message: 'dynalite worker failed', error: String(error) }),
    ),
  );
  let stopping: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    credentials,
    stop: () =>
      (stopping ??= (async () => {
        const stopped = new Promise<void>((resolve) =>
          worker.on('message', (m: DynamoWorkerMessage) => m.kind === 'stopped' && resolve()),
        );
        worker.postMessage('stop');
        // A clean close releases LevelDB's lock; a worker that does not answer in 10 s is ended anyway.
        await Promise.race([stopped, exited, new Promise((r) => setTimeout(r, 10_000).unref())]);
        await worker.terminate();
      })()),
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
