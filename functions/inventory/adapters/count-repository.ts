import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import type { CountSheet, ShrinkageEntry } from '#domain/inventory/count.ts';
import { ddb, isConditionFailure, tableName } from '#functions/adapters/dynamo.ts';

/**
 * Stock counts and the shrinkage entries (infra/spec/tables.ts, inventory):
 * - the count: pk=COUNT#<id>, sk=COUNT; while `posting`, in the recovery's queue
 *   gsi2pk=PENDING#COUNT, gsi2sk=<postedAt>#<id>;
 * - a location's counts newest first: gsi1pk=COUNTS#<locationId>, gsi1sk=<createdAt>#<id>;
 * - one shrinkage entry per count variance or transfer discrepancy:
 *   pk=SHRINKAGE#<locationId>, sk=<Montréal day>#<at>#<kind>#<reference>#<productId> (put once:
 *   the key is fixed by what it records, so a retry puts the same item).
 */
export interface CountRepository {
  get(countId: string): Promise<CountSheet | undefined>;
  /** Puts a new count; false if one with this id exists. */
  create(sheet: CountSheet): Promise<boolean>;
  /** Stores the count (its posted lines and status). */
  save(sheet: CountSheet): Promise<void>;
  /** Counts still `posting` since before `before` (ISO): the recovery finishes them. */
  posting(before: string, limit: number): Promise<CountSheet[]>;
  putShrinkage(entry: ShrinkageEntry & { readonly day: string }): Promise<void>;
  /** A location's shrinkage entries of the Montréal days from `from` to `to` (both included). */
  shrinkage(locationId: string, from: string, to: string): Promise<ShrinkageEntry[]>;
}

export const pendingCountPk = 'PENDING#COUNT';
type Item = Record<string, NativeAttributeValue>;
const key = (id: string) => ({ pk: `COUNT#${id}`, sk: 'COUNT' });

function toSheet(item: Item): CountSheet {
  const { pk: _pk, sk: _sk, type: _type, gsi1pk: _g, gsi1sk: _s, gsi2pk: _p, gsi2sk: _q, ...rest } = item;
  return rest as CountSheet;
}

export class DynamoCountRepository implements CountRepository {
  private readonly table: string;
  constructor(table = tableName('inventory')) {
    this.table = table;
  }

  private itemOf(sheet: CountSheet): Item {
    return {
      ...key(sheet.countId),
      type: 'count',
      gsi1pk: `COUNTS#${sheet.locationId}`,
      gsi1sk: `${sheet.createdAt}#${sheet.countId}`,
      ...(sheet.status === 'posting'
        ? { gsi2pk: pendingCountPk, gsi2sk: `${sheet.postedAt ?? sheet.updatedAt}#${sheet.countId}` }
        : {}),
      ...sheet,
    };
  }

  async get(countId: string): Promise<CountSheet | undefined> {
    const out = await ddb.send(
      new GetCommand({ TableName: this.table, Key: key(countId), ConsistentRead: true }),
    );
    return out.Item ? toSheet(out.Item) : undefined;
  }

  async create(sheet: CountSheet): Promise<boolean> {
    try {
      await ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: this.itemOf(sheet),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  async save(sheet: CountSheet): Promise<void> {
    // Only a count still posting changes (its lines are the ones its stock writes produced).
    await ddb
      .send(
        new PutCommand({
          TableName: this.table,
          Item: this.itemOf(sheet),
          ConditionExpression: '#status = :posting',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':posting': 'posting' },
        }),
      )
      .catch((e: unknown) => {
        if (!isConditionFailure(e)) throw e;
      });
  }

  async posting(before: string, limit: number): Promise<CountSheet[]> {
    const out = await ddb.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :before',
        ExpressionAttributeValues: { ':pk': pendingCountPk, ':before': before },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map(toSheet);
  }

  async putShrinkage(entry: ShrinkageEntry & { readonly day: string }): Promise<void> {
    const { day, ...rest } = entry;
    await ddb
      .send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk: `SHRINKAGE#${entry.locationId}`,
            sk: `${day}#${entry.at}#${entry.kind}#${entry.reference}#${entry.productId}`,
            type: 'shrinkage',
            day,
            ...rest,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
      .catch((e: unknown) => {
        if (!isConditionFailure(e)) throw e;
      });
  }

  async shrinkage(locationId: string, from: string, to: string): Promise<ShrinkageEntry[]> {
    const entries: ShrinkageEntry[] = [];
    let start: Item | undefined;
    do {
      const out = await ddb.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': `SHRINKAGE#${locationId}`, ':from': from, ':to': `${to}~` },
          ExclusiveStartKey: start,
        }),
      );
      for (const i of out.Items ?? []) {
        const { pk: _pk, sk: _sk, type: _type, day: _day, ...rest } = i;
        entries.push(rest as ShrinkageEntry);
      }
      start = out.LastEvaluatedKey;
    } while (start);
    return entries;
  }
}
