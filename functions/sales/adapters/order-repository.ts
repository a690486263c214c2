import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '#domain/shared/errors.ts';
import type { Cart } from '#domain/sales/cart.ts';
import { pendingReturns, type Lease, type Order, type OrderStatus } from '#domain/sales/order.ts';
import type { SagaStep } from '#domain/sales/saga.ts';
import { ddb, isConditionFailure, startKeyOf, tableName } from '#functions/adapters/dynamo.ts';
import { m } from '#domain/shared/message.ts';

/**
 * Sales storage (see infra/spec/tables.ts): ORDER#<id> / ORDER holds the whole order (lines, payment,
 * steps, returns) with gsi1 = LOCATION#<loc> / <createdAt>#<id>, for web orders
 * gsi2 = CUSTOMER#<userId> / <createdAt>#<id>, and while it is not settled gsi3 = UNSETTLED /
 * <due>#<id> (the recovery's work list); CART#<id> / CART holds a cart.
 * An order is written when created and when its run ends (status, payment, steps); other changes are
 * conditional on the previous `version`, status or attempt.
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

/** What a run writes on a pending order when it ends it (the lines and totals were written at creation). */
export interface Outcome {
  readonly status: 'confirmed' | 'failed';
  readonly payment: Order['payment'];
  readonly steps: readonly SagaStep[];
  readonly failure?: Order['failure'];
  readonly at: string;
}

export interface OrderRepository {
  get(id: string): Promise<Order | undefined>;
  /** Creates the order; if one exists with that id already, returns it instead. */
  create(order: Order): Promise<{ created: true } | { created: false; existing: Order }>;
  /**
   * Ends attempt `attempt` of a pending order with its outcome, if the run still holds the lease it
   * was started with (`leaseUntil`: a run that outlived its lease cannot write over the recovery);
   * the order stays in the unsettled index, `announced: false`, until `announced`. A retry that finds
   * it already so returns it. Returns the order as written.
   */
  finish(orderId: string, attempt: number, leaseUntil: string, outcome: Outcome): Promise<Order>;
  /** The order's outcome event is published: it leaves the unsettled index. */
  announced(orderId: string): Promise<void>;
  /** Gives the pending order's lease to `lease` if it is still the one seen (`seenUntil`); false otherwise. */
  takeLease(orderId: string, attempt: number, seenUntil: string | undefined, lease: Lease): Promise<boolean>;
  /** Runs a failed order again as attempt `from + 1` when its failure is retryable; false if it is not so any more. */
  reopen(order: Order, lease: Lease, at: string): Promise<Order | undefined>;
  /**
   * Writes the till's receipt number on the order unless it has one already (then nothing changes);
   * the order as it now is.
   */
  setReceipt(orderId: string, receiptNumber: string): Promise<Order | undefined>;
  /** Replaces the order if nobody changed it since `expectedVersion`. */
  replace(order: Order, expectedVersion: number): Promise<void>;
  /** Orders of the unsettled index due before `before` (lease ended, return not completed), oldest first. */
  unsettled(before: string, limit: number): Promise<Order[]>;
  /** Undefined when `startKey` is not a key of the list being read (a forged or foreign cursor). */
  list(query: OrderQuery): Promise<OrderPage | undefined>;
}

export interface CartRepository {
  getCart(id: string): Promise<Cart | undefined>;
  /** Creates (expectedVersion undefined) or replaces a cart last seen at `expectedVersion`. */
  saveCart(cart: Cart, expectedVersion: number | undefined): Promise<void>;
  /**
   * The order checking the cart out ended: the cart is `checked-out` (confirmed) or `open` again
   * (failed) — only if that order still holds it. Idempotent.
   */
  settleCart(cartId: string, orderId: string, outcome: 'confirmed' | 'failed', at: string): Promise<void>;
}

const orderKey = (id: string): Key => ({ pk: `ORDER#${id}`, sk: 'ORDER' });
const cartKey = (id: string): Key => ({ pk: `CART#${id}`, sk: 'CART' });

/** How long a final order's outcome may wait for its run to publish it before the recovery does. */
export const announceGraceMs = 10_000;
const later = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/**
 * The order's place in the unsettled index (the recovery's work list): while pending (due when its
 * lease ends), final but not yet announced, or with a return pending (due a little after).
 */
function unsettledKey(o: Order): Item {
  const pendingReturn = pendingReturns(o)[0];
  if (o.status === 'pending')
    return { gsi3pk: 'UNSETTLED', gsi3sk: `${o.lease?.until ?? o.createdAt}#${o.id}` };
  if (o.announced === false)
    return { gsi3pk: 'UNSETTLED', gsi3sk: `${later(o.updatedAt, announceGraceMs)}#${o.id}` };
  if (pendingReturn)
    return { gsi3pk: 'UNSETTLED', gsi3sk: `${later(pendingReturn.at, announceGraceMs)}#${o.id}` };
  return {};
}

function orderItem(o: Order): Item {
  return {
    ...orderKey(o.id),
    type: 'order',
    ...o,
    gsi1pk: `LOCATION#${o.locationId}`,
    gsi1sk: `${o.createdAt}#${o.id}`,
    ...(o.customerId ? { gsi2pk: `CUSTOMER#${o.customerId}`, gsi2sk: `${o.createdAt}#${o.id}` } : {}),
    ...unsettledKey(o),
  };
}

function toOrder(item: Item): Order {
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
    ...order
  } = item;
  return { attempt: 1, ...order } as unknown as Order;
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

  async create(order: Order): Promise<{ created: true } | { created: false; existing: Order }> {
    try {
      await ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: orderItem(order),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { created: true };
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
      const existing = await this.get(order.id);
      if (!existing) throw new Error(`order ${order.id} exists and does not`, { cause: e });
      return { created: false, existing };
    }
  }

  async finish(orderId: string, attempt: number, leaseUntil: string, outcome: Outcome): Promise<Order> {
    try {
      const out = await ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: orderKey(orderId),
          UpdateExpression:
            'SET #status = :status, payment = :payment, steps = :steps, updatedAt = :at, announced = :no, gsi3sk = :due, version = version + :one' +
            (outcome.failure ? ', failure = :failure' : '') +
            ' REMOVE lease',
          ConditionExpression: '#status = :pending AND attempt = :attempt AND lease.#until = :lease',
          ExpressionAttributeNames: { '#status': 'status', '#until': 'until' },
          ExpressionAttributeValues: {
            ':status': outcome.status,
            ':payment': outcome.payment,
            ':steps': outcome.steps,
            ':at': outcome.at,
            ':no': false,
            ':due': `${later(outcome.at, announceGraceMs)}#${orderId}`,
            ':one': 1,
            ':pending': 'pending',
            ':attempt': attempt,
            ':lease': leaseUntil,
            ...(outcome.failure ? { ':failure': outcome.failure } : {}),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toOrder(out.Attributes!);
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
      const current = await this.get(orderId);
      if (current && current.attempt === attempt && current.status === outcome.status) return current;
      throw new Error(
        `order ${orderId} is ${current?.status ?? 'missing'} (attempt ${current?.attempt}, lease ${current?.lease?.until}), cannot become ${outcome.status} (attempt ${attempt}, lease ${leaseUntil})`,
        { cause: e },
      );
    }
  }

  async announced(orderId: string): Promise<void> {
    await ddb
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: orderKey(orderId),
          UpdateExpression: 'SET announced = :yes REMOVE gsi3pk, gsi3sk',
          ConditionExpression: 'announced = :no',
          ExpressionAttributeValues: { ':yes': true, ':no': false },
        }),
      )
      .catch((e: unknown) => {
        if (!isConditionFailure(e)) throw e;
      });
  }

  async setReceipt(orderId: string, receiptNumber: string): Promise<Order | undefined> {
    try {
      const out = await ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: orderKey(orderId),
          UpdateExpression: 'SET receiptNumber = :r, version = version + :one',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(receiptNumber)',
          ExpressionAttributeValues: { ':r': receiptNumber, ':one': 1 },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toOrder(out.Attributes!);
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
      return this.get(orderId);
    }
  }

  async takeLease(
    orderId: string,
    attempt: number,
    seenUntil: string | undefined,
    lease: Lease,
  ): Promise<boolean> {
    try {
      await ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: orderKey(orderId),
          UpdateExpression: 'SET lease = :lease, gsi3pk = :u, gsi3sk = :sk',
          ConditionExpression:
            '#status = :pending AND attempt = :attempt AND ' +
            (seenUntil === undefined ? 'attribute_not_exists(lease)' : 'lease.#until = :seen'),
          ExpressionAttributeNames: { '#status': 'status', '#until': 'until' },
          ExpressionAttributeValues: {
            ':lease': lease,
            ':u': 'UNSETTLED',
            ':sk': `${lease.until}#${orderId}`,
            ':pending': 'pending',
            ':attempt': attempt,
            ...(seenUntil === undefined ? {} : { ':seen': seenUntil }),
          },
        }),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  async reopen(order: Order, lease: Lease, at: string): Promise<Order | undefined> {
    const next: Order = {
      ...order,
      status: 'pending',
      attempt: order.attempt + 1,
      lease,
      payment: { ...order.payment, status: 'pending', amountCents: 0, refundedCents: 0 },
      steps: order.steps.filter((s) => s.name === 'price-order'),
      updatedAt: at,
      version: order.version + 1,
    };
    const { failure: _failure, ...reopened } = next;
    try {
      await ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: orderItem(reopened),
          ConditionExpression: '#status = :failed AND attempt = :attempt AND failure.retryable = :yes',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':failed': 'failed', ':attempt': order.attempt, ':yes': true },
        }),
      );
      return reopened;
    } catch (e) {
      if (isConditionFailure(e)) return undefined;
      throw e;
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

  async unsettled(before: string, limit: number): Promise<Order[]> {
    const out = await ddb.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :u AND gsi3sk < :before',
        ExpressionAttributeValues: { ':u': 'UNSETTLED', ':before': before },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map(toOrder);
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

  async settleCart(
    cartId: string,
    orderId: string,
    outcome: 'confirmed' | 'failed',
    at: string,
  ): Promise<void> {
    await ddb
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: cartKey(cartId),
          UpdateExpression: 'SET #status = :status, updatedAt = :at, version = version + :one',
          ConditionExpression: 'orderId = :order AND #status = :checking',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': outcome === 'confirmed' ? 'checked-out' : 'open',
            ':at': at,
            ':one': 1,
            ':order': orderId,
            ':checking': 'checking-out',
          },
        }),
      )
      .catch((e: unknown) => {
        if (!isConditionFailure(e)) throw e;
      });
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
