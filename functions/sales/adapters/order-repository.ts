import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '#domain/shared/errors.ts';
import type { Cart } from '#domain/sales/cart.ts';
import type { Order, OrderStatus } from '#domain/sales/order.ts';
import type { SagaStep } from '#domain/sales/saga.ts';
import { ddb, isConditionFailure, startKeyOf, tableName } from '#functions/adapters/dynamo.ts';
import { m } from '#domain/shared/message.ts';

/**
 * Sales storage (see infra/spec/tables.ts): ORDER#<id> / ORDER holds the whole order (lines, payment,
 * steps, returns) with gsi1 = LOCATION#<loc> / <createdAt>#<id> and, for web orders,
 * gsi2 = CUSTOMER#<userId> / <createdAt>#<id>; CART#<id> / CART holds a cart.
 * Every change after creation is a conditional put on the previous `version` (or status).
 */
type Key = Record<string, NativeAttributeValue>;
type Item = Record<string, NativeAttributeValue>;

export interface OrderPage {
  readonly items: Order[];
  readonly lastKey?: Key;
}

export interface OrderQuery {
  readonly by: { readonly locationId: string } | { readonly customerId: string };
  readonly from: string;
  readonly to: string;
  readonly statuses: readonly OrderStatus[];
  readonly limit: number;
  readonly startKey?: Key;
}

export interface OrderRepository {
  get(id: string): Promise<Order | undefined>;
  create(order: Order): Promise<void>;
  /** Writes the saga's outcome on a pending order; a retry that finds it already so is a no-op. */
  finish(order: Order): Promise<'written' | 'already'>;
  /** Replaces the order if nobody changed it since `expectedVersion`. */
  replace(order: Order, expectedVersion: number): Promise<void>;
  setSteps(orderId: string, steps: readonly SagaStep[]): Promise<void>;
  /** Undefined when `startKey` is not a key of the list being read (a forged or foreign cursor). */
  list(query: OrderQuery): Promise<OrderPage | undefined>;
}

export interface CartRepository {
  getCart(id: string): Promise<Cart | undefined>;
  /** Creates (expectedVersion undefined) or replaces a cart last seen at `expectedVersion`. */
  saveCart(cart: Cart, expectedVersion: number | undefined): Promise<void>;
}

const orderKey = (id: string): Key => ({ pk: `ORDER#${id}`, sk: 'ORDER' });
const cartKey = (id: string): Key => ({ pk: `CART#${id}`, sk: 'CART' });

function orderItem(o: Order): Item {
  return {
    ...orderKey(o.id),
    type: 'order',
    ...o,
    gsi1pk: `LOCATION#${o.locationId}`,
    gsi1sk: `${o.createdAt}#${o.id}`,
    ...(o.customerId ? { gsi2pk: `CUSTOMER#${o.customerId}`, gsi2sk: `${o.createdAt}#${o.id}` } : {}),
  };
}

function toOrder(item: Item): Order {
  const { pk: _pk, sk: _sk, type: _type, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, ...order } = item;
  return order as unknown as Order;
}

const concurrent = (id: string) =>
  new ConflictError('concurrent-update', m`Order ${id} was changed by someone else meanwhile; retry`);

export class DynamoOrderRepository implements OrderRepository, CartRepository {
  private readonly table: string;
  constructor(table = tableName('sales')) {
    this.table = table;
  }

  async get(id: string): Promise<Order | undefined> {
    const out = await ddb.send(
      new GetCommand({ TableName: this.table, Key: orderKey(id), ConsistentRead: true }),
    );
    return out.Item ? toOrder(out.Item) : undefined;
  }

  async create(order: Order): Promise<void> {
    await ddb.send(
      new PutCommand({
        TableName: this.table,
        Item: orderItem(order),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async finish(order: Order): Promise<'written' | 'already'> {
    try {
      await ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: orderItem(order),
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pending': 'pending' },
        }),
      );
      return 'written';
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
      const current = await this.get(order.id);
      if (current?.status === order.status) return 'already';
      throw new Error(`order ${order.id} is ${current?.status ?? 'missing'}, cannot become ${order.status}`, {
        cause: e,
      });
    }
  }

  async replace(order: Order, expectedVersion: number): Promise<void> {
    try {
      await ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: orderItem(order),
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': expectedVersion },
        }),
      );
    } catch (e) {
      if (isConditionFailure(e)) throw concurrent(order.id);
      throw e;
    }
  }

  async setSteps(orderId: string, steps: readonly SagaStep[]): Promise<void> {
    await ddb.send(
      new UpdateCommand({
        TableName: this.table,
        Key: orderKey(orderId),
        UpdateExpression: 'SET steps = :steps',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':steps': steps },
      }),
    );
  }

  async list(q: OrderQuery): Promise<OrderPage | undefined> {
    const byLocation = 'locationId' in q.by;
    const index = byLocation ? 'gsi1' : 'gsi2';
    const partition = 'locationId' in q.by ? `LOCATION#${q.by.locationId}` : `CUSTOMER#${q.by.customerId}`;
    const items: Order[] = [];
    let startKey: Record<string, unknown> | undefined;
    if (q.startKey !== undefined) {
      startKey = startKeyOf(q.startKey, {
        pk: undefined,
        sk: undefined,
        [`${index}pk`]: partition,
        [`${index}sk`]: undefined,
      });
      if (!startKey) return undefined;
    }
    // Filtered statuses may leave a page short: read on until the page is full or the range ends.
    for (let reads = 0; reads < 10 && items.length < q.limit; reads++) {
      const out = await ddb.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: index,
          KeyConditionExpression: `${index}pk = :pk AND ${index}sk BETWEEN :from AND :to`,
          FilterExpression: `#status IN (${q.statuses.map((_, i) => `:s${i}`).join(', ')})`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':pk': partition,
            ':from': q.from,
            ':to': `${q.to}\uffff`,
            ...Object.fromEntries(q.statuses.map((s, i) => [`:s${i}`, s])),
          },
          ScanIndexForward: false,
          Limit: q.limit - items.length,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(out.Items ?? []).map(toOrder));
      startKey = out.LastEvaluatedKey;
      if (!startKey) break;
    }
    return { items, ...(startKey ? { lastKey: startKey } : {}) };
  }

  async getCart(id: string): Promise<Cart | undefined> {
    const out = await ddb.send(
      new GetCommand({ TableName: this.table, Key: cartKey(id), ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, type: _type, ...cart } = out.Item;
    return cart as unknown as Cart;
  }

  async saveCart(cart: Cart, expectedVersion: number | undefined): Promise<void> {
    try {
      await ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...cartKey(cart.id), type: 'cart', ...cart, version: (expectedVersion ?? -1) + 1 },
          ConditionExpression: expectedVersion === undefined ? 'attribute_not_exists(pk)' : 'version = :v',
          ...(expectedVersion === undefined ? {} : { ExpressionAttributeValues: { ':v': expectedVersion } }),
        }),
      );
    } catch (e) {
      if (isConditionFailure(e))
        throw new ConflictError(
          'concurrent-update',
          m`Cart ${cart.id} was changed meanwhile; read it again and retry`,
        );
      throw e;
    }
  }
}
