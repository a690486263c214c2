import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TestProject } from 'vitest/node';
import { newCredentials } from '#local/credentials.ts';
import { ensureTables, startDynamo } from '#local/dynamodb.ts';
import { localEnvironment, localTableName } from '#local/runtime.ts';
import { dumpTables, type SeedSnapshot } from '#local/seed/snapshot.ts';

/**
 * vitest globalSetup of the projects that start runtimes with the demo data (integration, e2e): the
 * demo data is seeded once per test run, by the seed itself (local/seed/seed.ts) into a dynalite of its
 * own, and its tables are kept in a file; each `startTestRuntime` loads that file instead of seeding
 * (tests/support/runtime.ts). Every runtime still starts from the same data as `npm start` on a fresh
 * folder; what the runtime does after seeding (its recovery jobs at start, e.g. the alerts
 * reconciliation) it still does itself.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    /** The file of the demo data's snapshot (JSON of `SeedSnapshot`). */
    seedSnapshot: string;
  }
}

export async function makeSeedSnapshot(): Promise<SeedSnapshot> {
  const credentials = newCredentials();
  const dynamo = await startDynamo(undefined, { credentials });
  const environment = localEnvironment({ dynamodb: dynamo.endpoint }, credentials);
  const saved = Object.fromEntries(Object.keys(environment).map((k) => [k, process.env[k]]));
  Object.assign(process.env, environment);
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, credentials });
  try {
    await ensureTables(client, (t) => localTableName(t.name));
    // The seed's module-level client reads the endpoint and credentials above when it is first loaded.
    const { seedDemoData } = await import('#local/seed/seed.ts');
    const result = await seedDemoData();
    if (!result.seeded) throw new Error('the demo data was not seeded into an empty dynalite');
    const { products, stockLines } = result;
    return {
      seeded: { seeded: true, products, stockLines },
      tables: await dumpTables(client, localTableName),
    };
  } finally {
    client.destroy();
    await dynamo.stop();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'comptoir-seed-'));
  const file = join(dir, 'seed-snapshot.json');
  writeFileSync(file, JSON.stringify(await makeSeedSnapshot()));
  project.provide('seedSnapshot', file);
  return () => rmSync(dir, { recursive: true, force: true });
}
