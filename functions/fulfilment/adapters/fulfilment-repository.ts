import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '#domain/shared/errors.ts';
import { finalStatuses, type Fulfilment } from '#domain/fulfilment/fulfilment.ts';
import type { DomainEvent } from '#functions/adapters/event-publisher.ts';
import { ddb, isConditionFailure, queryAll, tableName } from '#functions/adapters/dynamo.ts';
import { m } from '#domain/shared/message.ts';

/**
 * The fulfilment table (infra/spec/tables.ts): one item per web order, with the index entries of the
 * pick list / pickup shelf (`OPEN#<locationId>` while not final), of the not-collected sweep
 * (`PICKUPDUE` while ready for pickup) and of the outbox (`OUTBOX` while the events of the last
 * transition are written but not yet published).
 */
type Item = Record<string, NativeAttributeValue>;

/** A fulfilment as stored: the events of its last transition until they are published. */
export interface StoredFulfilment extends Fulfilment {
  readonly outbox?: readonly DomainEvent[];
}

export interface FulfilmentRepository {
  get(orderId: string): Promise<StoredFulfilment | undefined>;
  /** Creates it; false when the order already has one (a redelivered OrderConfirmed). */
  create(f: StoredFulfilment): Promise<boolean>;
  /** Replaces it if nobody changed it since `expectedVersion` (ConflictError otherwise). */
  replace(f: StoredFulfilment, expectedVersion: number): Promise<void>;
  /** Open fulfilments of a location, oldest order first. */
  open(locationId: string): Promise<StoredFulfilment[]>;
  /** Pickup orders ready whose deadline is before `before`, earliest first. */
  pickupsDue(before: string, limit: number): Promise<StoredFulfilment[]>;
  /** Fulfilments whose outbox was written before `before` and is still not published. */
  outboxDue(before: string, limit: number): Promise<StoredFulfilment[]>;
}

const key = (orderId: string) => ({ pk: `FULFILMENT#${orderId}`, sk: 'FULFILMENT' });

function toItem(f: StoredFulfilment): Item {
  const open = !finalStatuses.includes(f.status);
  return {
    ...key(f.orderId),
    type: 'fulfilment',
    ...f,
    ...(open ? { gsi1pk: `OPEN#${f.locationId}`, gsi1sk: `${f.orderedAt}#${f.orderId}` } : {}),
    ...(f.status === 'ready-for-pickup' && f.pickupDeadline
      ? { gsi2pk: 'PICKUPDUE', gsi2sk: `${f.pickupDeadline}#${f.orderId}` }
      : {}),
    ...(f.outbox && f.outbox.length > 0 ? { gsi3pk: 'OUTBOX', gsi3sk: `${f.updatedAt}#${f.orderId}` } : {}),
  };
}

function toFulfilment(item: Item): StoredFulfilment {
  const {
    pk: _pk,
    sk: _sk,
    type: _type,
    gsi1pk: _a,
    gsi1sk: _b,
    gsi2pk: _c,
    gsi2sk: _d,
    gsi3pk: _e,
    gsi3sk: _f,
    ...f
  } = item;
  return f as unknown as StoredFulfilment;
}

export class DynamoFulfilmentRepository implements FulfilmentRepository {
  private readonly table: string;
  constructor(table = tableName('fulfilment')) {
    this.table = table;
  }

  async get(orderId: string) {
    const out = await ddb.send(
      new GetCommand({ TableName: this.table, Key: key(orderId), ConsistentRead: true }),
    );
    return out.Item ? toFulfilment(out.Item) : undefined;
  }

  async create(f: StoredFulfilment) {
    try {
      await ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: toItem(f),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  async replace(f: StoredFulfilment, expectedVersion: number) {
    try {
      await ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: toItem(f),
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': expectedVersion },
        }),
      );
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
      throw new ConflictError(
        'concurrent-update',
        m`Order ${f.orderId} was changed by someone else meanwhile; retry`,
      );
    }
  }

  async open(locationId: string) {
    const items = await queryAll({
      TableName: this.table,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': `OPEN#${locationId}` },
    });
    return items.map(toFulfilment);
  }

  private async due(index: 'gsi2' | 'gsi3', pk: string, before: string, limit: number) {
    const out = await ddb.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: index,
        KeyConditionExpression: `${index}pk = :p AND ${index}sk < :before`,
        ExpressionAttributeValues: { ':p': pk, ':before': before },
        Limit: limit,
      }),
    );
    // Index reads are eventually consistent: read each item again before acting on it.
    const found = await Promise.all((out.Items ?? []).map((i) => this.get(String(i.orderId))));
    return found.filter((f): f is StoredFulfilment => f !== undefined);
  }

  pickupsDue(before: string, limit: number) {
    return this.due('gsi2', 'PICKUPDUE', before, limit);
  }

  outboxDue(before: string, limit: number) {
    return this.due('gsi3', 'OUTBOX', before, limit);
  }
}
