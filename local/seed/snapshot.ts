import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteItemCommand,
  GetItemCommand,
  ScanCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { tables } from '#infra/spec/tables.ts';

/**
 * The demo data as it is once seeded (local/seed/seed.ts), table by table and item by item, so that
 * many runtimes can start with it without seeding each (tests: tests/support/seed-snapshot.ts makes one
 * per test run and every test runtime loads it). Loading writes the same items the seed wrote, 25 to a
 * request, instead of going through the repositories call by call (and one scrypt) — a few hundred
 * requests fewer per runtime.
 */
export interface SeedSnapshot {
  /** What `seedDemoData` answered when the snapshot was made. */
  readonly seeded: { readonly seeded: true; readonly products: number; readonly stockLines: number };
  /** Logical table name (infra/spec/tables.ts) → its items, as DynamoDB returned them. */
  readonly tables: Readonly<Record<string, readonly Record<string, AttributeValue>[]>>;
}

/** Every item of every table of infra/spec/tables.ts (a Scan: only for making a snapshot, never on a request path). */
export async function dumpTables(
  client: DynamoDBClient,
  physicalName: (name: string) => string,
): Promise<SeedSnapshot['tables']> {
  const dumped: Record<string, Record<string, AttributeValue>[]> = {};
  for (const spec of tables) {
    const items: Record<string, AttributeValue>[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({
          TableName: physicalName(spec.name),
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    if (items.length > 0) dumped[spec.name] = items;
  }
  return dumped;
}

/**
 * Writes a snapshot's items into empty tables: false (nothing written) when the demo data is already
 * there — the seed's own marker (`SEED`/`DEMO` in inventory) says so, as for `seedDemoData`.
 */
export async function loadSnapshot(
  client: DynamoDBClient,
  snapshot: SeedSnapshot,
  physicalName: (name: string) => string,
): Promise<boolean> {
  const marker = await client.send(
    new GetItemCommand({
      TableName: physicalName('inventory'),
      Key: { pk: { S: 'SEED' }, sk: { S: 'DEMO' } },
      ConsistentRead: true,
    }),
  );
  if (marker.Item) return false;
  const batches = Object.entries(snapshot.tables).flatMap(([name, items]) => {
    const out: { table: string; items: (typeof items)[number][] }[] = [];
    for (let i = 0; i < items.length; i += 25)
      out.push({ table: physicalName(name), items: items.slice(i, i + 25) });
    return out;
  });
  // A few requests side by side: dynalite works them on its own thread meanwhile.
  const write = async ({ table, items }: (typeof batches)[number]) => {
    let requests = items.map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const answer = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
      requests = (answer.UnprocessedItems?.[table] ?? []) as typeof requests;
    }
  };
  for (let i = 0; i < batches.length; i += 4) await Promise.all(batches.slice(i, i + 4).map(write));
  return true;
}
