import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import type { PromoCode, UseState } from '#domain/sales/promo.ts';
import { ddb, isConditionFailure, tableName } from '#functions/adapters/dynamo.ts';
import type { PromoStore } from '../promo-service.ts';

/**
 * Promo codes in the sales table (infra/spec/tables.ts): PROMO#<code> / PROMO holds the code's terms,
 * `uses`, `revision` and the string sets `counting` / `returning` of the order attempts whose count or
 * give-back is under way; head office's list is gsi1 = PROMOS / <code>. A use is PROMO#<code> /
 * USE#<runId> (state, orderId, at). Every write is one conditional single-item write.
 */
type Item = Record<string, NativeAttributeValue>;

const promoKey = (code: string) => ({ pk: `PROMO#${code}`, sk: 'PROMO' });
const useKey = (code: string, runId: string) => ({ pk: `PROMO#${code}`, sk: `USE#${runId}` });

function toPromo(item: Item): PromoCode {
  const {
    pk: _pk,
    sk: _sk,
    type: _type,
    gsi1pk: _a,
    gsi1sk: _b,
    counting: _c,
    returning: _r,
    ...promo
  } = item;
  return promo as unknown as PromoCode;
}

export class DynamoPromoRepository implements PromoStore {
  private readonly table: string;
  constructor(table = tableName('sales')) {
    this.table = table;
  }

  async get(code: string): Promise<PromoCode | undefined> {
    const out = await ddb.send(
      new GetCommand({ TableName: this.table, Key: promoKey(code), ConsistentRead: true }),
    );
    return out.Item ? toPromo(out.Item) : undefined;
  }

  async create(promo: PromoCode): Promise<boolean> {
    try {
      await ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...promoKey(promo.code), type: 'promo', ...promo, gsi1pk: 'PROMOS', gsi1sk: promo.code },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  async update(promo: PromoCode, expectedRevision: number): Promise<boolean> {
    const fields = [
      'validFrom',
      'validUntil',
      'minimumCents',
      'description',
      'active',
      'updatedAt',
      'revision',
    ] as const;
    const values: Item = Object.fromEntries(fields.map((f) => [`:${f}`, promo[f]]));
    try {
      await ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: promoKey(promo.code),
          UpdateExpression:
            `SET ${fields.map((f) => `#${f} = :${f}`).join(', ')}` +
            (promo.usageLimit !== undefined ? ', #limit = :limit' : ' REMOVE #limit'),
          ConditionExpression: '#revision = :seen',
          ExpressionAttributeNames: {
            ...Object.fromEntries(fields.map((f) => [`#${f}`, f])),
            '#limit': 'usageLimit',
          },
          ExpressionAttributeValues: {
            ...values,
            ':seen': expectedRevision,
            ...(promo.usageLimit !== undefined ? { ':limit': promo.usageLimit } : {}),
          },
        }),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  async list(): Promise<PromoCode[]> {
    const items: PromoCode[] = [];
    let start: Item | undefined;
    do {
      const out = await ddb.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :p',
          ExpressionAttributeValues: { ':p': 'PROMOS' },
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(out.Items ?? []).map(toPromo));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  async claim(
    code: string,
    runId: string,
    orderId: string,
    state: UseState,
    at: string,
  ): Promise<UseState | undefined> {
    try {
      await ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...useKey(code, runId), type: 'promo-use', state, orderId, at },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return undefined;
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
      const out = await ddb.send(
        new GetCommand({ TableName: this.table, Key: useKey(code, runId), ConsistentRead: true }),
      );
      return out.Item?.state as UseState;
    }
  }

  async moveClaim(code: string, runId: string, from: UseState, to: UseState, at: string): Promise<boolean> {
    try {
      await ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: useKey(code, runId),
          UpdateExpression: 'SET #state = :to, #at = :at',
          ConditionExpression: '#state = :from',
          ExpressionAttributeNames: { '#state': 'state', '#at': 'at' },
          ExpressionAttributeValues: { ':to': to, ':from': from, ':at': at },
        }),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  async count(code: string, runId: string): Promise<'counted' | 'already' | 'exhausted'> {
    try {
      await ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: promoKey(code),
          UpdateExpression: 'ADD #uses :one, #counting :run',
          ConditionExpression:
            'attribute_exists(pk) AND NOT contains(#counting, :id) AND (attribute_not_exists(#limit) OR #uses < #limit)',
          ExpressionAttributeNames: { '#uses': 'uses', '#counting': 'counting', '#limit': 'usageLimit' },
          ExpressionAttributeValues: { ':one': 1, ':run': new Set([runId]), ':id': runId },
        }),
      );
      return 'counted';
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
      const out = await ddb.send(
        new GetCommand({ TableName: this.table, Key: promoKey(code), ConsistentRead: true }),
      );
      return (out.Item?.counting as Set<string> | undefined)?.has(runId) ? 'already' : 'exhausted';
    }
  }

  async uncount(code: string, runId: string): Promise<void> {
    try {
      await ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: promoKey(code),
          UpdateExpression: 'ADD #uses :minus, #returning :run',
          ConditionExpression: 'attribute_exists(pk) AND NOT contains(#returning, :id)',
          ExpressionAttributeNames: { '#uses': 'uses', '#returning': 'returning' },
          ExpressionAttributeValues: { ':minus': -1, ':run': new Set([runId]), ':id': runId },
        }),
      );
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
    }
  }

  async forget(code: string, runId: string): Promise<void> {
    await ddb.send(
      new UpdateCommand({
        TableName: this.table,
        Key: promoKey(code),
        UpdateExpression: 'DELETE #counting :run, #returning :run',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#counting': 'counting', '#returning': 'returning' },
        ExpressionAttributeValues: { ':run': new Set([runId]) },
      }),
    );
  }
}
