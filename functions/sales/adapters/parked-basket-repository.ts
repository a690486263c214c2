import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ParkedBasket } from '#domain/sales/parked.ts';
import { ddb, isConditionFailure, queryAll, tableName } from '#functions/adapters/dynamo.ts';

/**
 * Parked baskets of a store in the sales table (infra/spec/tables.ts): pk=PARKED#<storeId>,
 * sk=BASKET#<id>. Park is a conditional put (the id comes from the Idempotency-Key: a retry finds the
 * basket it parked); resume is a conditional delete answering the deleted item, so of two resumes of
 * one basket exactly one gets it.
 */
export interface ParkedBasketRepository {
  /** Stores the basket; false when one with that id exists already. */
  park(basket: ParkedBasket): Promise<boolean>;
  get(storeId: string, id: string): Promise<ParkedBasket | undefined>;
  list(storeId: string): Promise<ParkedBasket[]>;
  /** Deletes the basket and answers it; undefined when it is not (or no longer) there. */
  take(storeId: string, id: string): Promise<ParkedBasket | undefined>;
}

const keyOf = (storeId: string, id: string) => ({ pk: `PARKED#${storeId}`, sk: `BASKET#${id}` });

function basketOf(item: Record<string, unknown>): ParkedBasket {
  const { pk: _pk, sk: _sk, type: _type, ...basket } = item;
  return basket as unknown as ParkedBasket;
}

export class DynamoParkedBasketRepository implements ParkedBasketRepository {
  private get table() {
    return tableName('sales');
  }

  async park(basket: ParkedBasket): Promise<boolean> {
    try {
      await ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...keyOf(basket.storeId, basket.id), type: 'parked-basket', ...basket },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  async get(storeId: string, id: string) {
    const out = await ddb.send(
      new GetCommand({ TableName: this.table, Key: keyOf(storeId, id), ConsistentRead: true }),
    );
    return out.Item ? basketOf(out.Item) : undefined;
  }

  async list(storeId: string) {
    const items = await queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: { ':pk': `PARKED#${storeId}`, ':sk': 'BASKET#' },
      ConsistentRead: true,
    });
    return items.map(basketOf).sort((a, b) => a.parkedAt.localeCompare(b.parkedAt));
  }

  async take(storeId: string, id: string) {
    try {
      const out = await ddb.send(
        new DeleteCommand({
          TableName: this.table,
          Key: keyOf(storeId, id),
          ConditionExpression: 'attribute_exists(pk)',
          ReturnValues: 'ALL_OLD',
        }),
      );
      return out.Attributes ? basketOf(out.Attributes) : undefined;
    } catch (e) {
      if (isConditionFailure(e)) return undefined;
      throw e;
    }
  }
}
