import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { isPending, type Replenishment, type ReplenishmentStatus } from '#domain/inventory/replenishment.ts';
import {
  ddb,
  decodeStartKey,
  encodeCursor,
  isConditionFailure,
  tableName,
} from '#functions/adapters/dynamo.ts';

/**
 * Replenishment requests (infra/spec/tables.ts, inventory):
 * - the request: pk=REPLENISHMENT#<id>, sk=REPLENISHMENT; a store's requests newest first:
 *   gsi1pk=REPLENISHMENTS#<storeId>, gsi1sk=<createdAt>#<id>;
 * - the open-request claim: pk=OPENREPLENISHMENT#<storeId>#<productId>, sk=CLAIM → replenishmentId,
 *   put with attribute_not_exists(pk) so that at most one request per (store, product) is open,
 *   deleted (conditional on its id) when the request is fulfilled or rejected.
 */
export type Claim =
  | { readonly claimed: true }
  | { readonly claimed: false; readonly openId: string; readonly claimedAt: string };

export interface ReplenishmentPage {
  readonly items: Replenishment[];
  readonly nextCursor?: string;
}

export interface ReplenishmentRepository {
  claimOpen(storeId: string, productId: string, id: string, now: string): Promise<Claim>;
  /** Deletes the claim if it still names `id`. */
  releaseClaim(storeId: string, productId: string, id: string): Promise<void>;
  /** Puts a new request; false if one with this id exists already. */
  create(r: Replenishment): Promise<boolean>;
  get(id: string): Promise<Replenishment | undefined>;
  /** Stores `next` if the stored request is still in `from`; false otherwise. */
  move(next: Replenishment, from: ReplenishmentStatus): Promise<boolean>;
  listByStore(
    storeId: string,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<ReplenishmentPage | undefined>;
  /**
   * Puts a request still in `status` back at the end of the recovery's queue (due at `at`) without
   * moving it: a waiting request tried again and still short.
   */
  postpone(id: string, status: ReplenishmentStatus, at: string): Promise<void>;
  /**
   * Requests the system must move on (requested, waiting, receiving — not in-transit, which waits
   * for the store) whose last move is older than `before` (ISO), oldest first: the recovery re-drives them.
   */
  stuck(before: string, limit: number): Promise<Replenishment[]>;
  /** Requests waiting for the warehouse's stock of a product (what stores are owed: the backorder). */
  waitingFor(productId: string): Promise<Replenishment[]>;
}

/** The sparse index of replenishment requests the system must still move on. */
export const pendingReplenishmentPk = 'PENDING#REPLENISHMENT';

type Item = Record<string, NativeAttributeValue>;

const key = (id: string) => ({ pk: `REPLENISHMENT#${id}`, sk: 'REPLENISHMENT' });
const claimKey = (storeId: string, productId: string) => ({
  pk: `OPENREPLENISHMENT#${storeId}#${productId}`,
  sk: 'CLAIM',
});

function toReplenishment(item: Item): Replenishment {
  const { pk: _pk, sk: _sk, type: _type, gsi1pk: _g, gsi1sk: _s, gsi2pk: _p, gsi2sk: _q, ...rest } = item;
  return rest as Replenishment;
}

export class DynamoReplenishmentRepository implements ReplenishmentRepository {
  private readonly table: string;
  constructor(table = tableName('inventory')) {
    this.table = table;
  }

  async claimOpen(storeId: string, productId: string, id: string, now: string): Promise<Claim> {
    try {
      await ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...claimKey(storeId, productId),
            type: 'replenishment-claim',
            replenishmentId: id,
            claimedAt: now,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR replenishmentId = :id',
          ExpressionAttributeValues: { ':id': id },
        }),
      );
      return { claimed: true };
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
    }
    const out = await ddb.send(
      new GetCommand({ TableName: this.table, Key: claimKey(storeId, productId), ConsistentRead: true }),
    );
    // Released in between: try again once.
    if (!out.Item) return this.claimOpen(storeId, productId, id, now);
    return {
      claimed: false,
      openId: out.Item.replenishmentId as string,
      claimedAt: out.Item.claimedAt as string,
    };
  }

  async releaseClaim(storeId: string, productId: string, id: string): Promise<void> {
    await ddb
      .send(
        new DeleteCommand({
          TableName: this.table,
          Key: claimKey(storeId, productId),
          ConditionExpression: 'replenishmentId = :id',
          ExpressionAttributeValues: { ':id': id },
        }),
      )
      .catch((e: unknown) => {
        if (!isConditionFailure(e)) throw e;
      });
  }

  async create(r: Replenishment): Promise<boolean> {
    try {
      await ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...key(r.id),
            type: 'replenishment',
            gsi1pk: `REPLENISHMENTS#${r.storeId}`,
            gsi1sk: `${r.createdAt}#${r.id}`,
            ...(isPending(r.status)
              ? { gsi2pk: pendingReplenishmentPk, gsi2sk: `${r.updatedAt}#${r.id}` }
              : {}),
            ...r,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  async get(id: string): Promise<Replenishment | undefined> {
    const out = await ddb.send(new GetCommand({ TableName: this.table, Key: key(id), ConsistentRead: true }));
    return out.Item ? toReplenishment(out.Item) : undefined;
  }

  async move(next: Replenishment, from: ReplenishmentStatus): Promise<boolean> {
    try {
      await ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key(next.id),
          // Requests the system moves on stay in the pending index (sorted by their last move: the
          // recovery finds the stuck ones); in-transit ones wait for the store and leave it.
          UpdateExpression:
            `SET #status = :to, history = :history, updatedAt = :at${next.reason !== undefined ? ', reason = :reason' : ''}` +
            (next.receipt !== undefined ? ', receipt = :receipt' : '') +
            (isPending(next.status) ? ', gsi2pk = :pending, gsi2sk = :due' : ' REMOVE gsi2pk, gsi2sk'),
          ConditionExpression: '#status = :from',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':to': next.status,
            ':from': from,
            ':history': next.history,
            ':at': next.updatedAt,
            ...(next.reason !== undefined ? { ':reason': next.reason } : {}),
            ...(next.receipt !== undefined ? { ':receipt': next.receipt } : {}),
            ...(isPending(next.status)
              ? { ':pending': pendingReplenishmentPk, ':due': `${next.updatedAt}#${next.id}` }
              : {}),
          },
        }),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  async listByStore(
    storeId: string,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<ReplenishmentPage | undefined> {
    const pk = `REPLENISHMENTS#${storeId}`;
    let start: Item | undefined;
    if (page.cursor !== undefined) {
      start = decodeStartKey(page.cursor, { gsi1pk: pk, gsi1sk: undefined, pk: undefined, sk: undefined });
      if (!start) return undefined;
    }
    const out = await ddb.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ScanIndexForward: false,
        Limit: page.limit,
        ExclusiveStartKey: start,
      }),
    );
    return {
      items: (out.Items ?? []).map(toReplenishment),
      ...(out.LastEvaluatedKey ? { nextCursor: encodeCursor(out.LastEvaluatedKey) } : {}),
    };
  }

  async postpone(id: string, status: ReplenishmentStatus, at: string): Promise<void> {
    await ddb
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: key(id),
          UpdateExpression: 'SET gsi2sk = :due',
          ConditionExpression: '#status = :status',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':due': `${at}#${id}`, ':status': status },
        }),
      )
      .catch((e: unknown) => {
        if (!isConditionFailure(e)) throw e;
      });
  }

  async stuck(before: string, limit: number): Promise<Replenishment[]> {
    const out = await ddb.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :before',
        ExpressionAttributeValues: { ':pk': pendingReplenishmentPk, ':before': before },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map(toReplenishment);
  }

  async waitingFor(productId: string): Promise<Replenishment[]> {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const out = await ddb.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :pk',
          FilterExpression: '#status = :waiting AND productId = :productId',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':pk': pendingReplenishmentPk,
            ':waiting': 'waiting',
            ':productId': productId,
          },
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items.map(toReplenishment);
  }
}
