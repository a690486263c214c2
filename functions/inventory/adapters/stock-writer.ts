import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  maxReservedBefore,
  statesAllowing,
  type LineToReserve,
  type ReservationState,
} from '#domain/inventory/reservation.ts';
import { ddb, isConditionFailure, tableName } from '#functions/adapters/dynamo.ts';
import { StockLedger, type MovementIntent } from './ledger.ts';
import { stockKey } from './stock-repository.ts';

/**
 * Every write that changes stock levels for orders lives here (a stock-movement ledger can be added
 * beside each of them). No transactions: each write is a single conditional update.
 *
 * - The stock item (LOCATION#<loc> / STOCK#<product>) carries `onHand`, `reserved` and, per order
 *   holding units, an attribute `hold#<orderId>` = units held. Adding a hold is conditional on the
 *   attribute being absent, removing it on it being present: a retried reserve, release or commit
 *   never applies twice, even if the process died between two writes.
 * - Reserving checks `onHand − reserved ≥ q` as `onHand = :seenOnHand AND reserved ≤ :seenOnHand − q`
 *   (DynamoDB conditions have no arithmetic). Concurrent reservations do not invalidate each other
 *   unless they exhaust the stock; only a change of onHand forces a re-read.
 * - The reservation record (RESERVATION#<orderId> / LINE#<product>) holds the line's state with
 *   conditional transitions (domain/inventory/reservation.ts): a release that overtook a slow
 *   reserve leaves `released`, and the late reserve then undoes its own hold.
 */
export type ReserveOutcome = { readonly ok: true } | { readonly ok: false; readonly available: number };

export interface StockWriter {
  reserveLine(orderId: string, locationId: string, line: LineToReserve): Promise<ReserveOutcome>;
  /** Returns the units given back (0 when the line held nothing any more). */
  releaseLine(orderId: string, locationId: string, line: LineToReserve): Promise<number>;
  /** Returns the units taken out of on-hand stock by this call (0 on a retry). */
  commitLine(orderId: string, locationId: string, line: LineToReserve): Promise<number>;
  /** Units back on the shelf after a return; idempotent per `movementId`. */
  restock(movementId: string, locationId: string, line: LineToReserve): Promise<boolean>;
}

const holdOf = (orderId: string) => `hold#${orderId}`;
const reservationKey = (orderId: string, productId: string) => ({
  pk: `RESERVATION#${orderId}`,
  sk: `LINE#${productId}`,
});

export class DynamoStockWriter implements StockWriter {
  private readonly table: string;
  /** Every stock write below also records its movement (ledger.ts: outbox in the same update). */
  private readonly ledger: StockLedger;
  constructor(table = tableName('inventory'), ledger = new StockLedger(table)) {
    this.table = table;
    this.ledger = ledger;
  }

  /** Moves a reservation line to `to` if its state allows it; returns the state it is in afterwards. */
  private async moveLine(
    orderId: string,
    locationId: string,
    line: LineToReserve,
    to: ReservationState,
  ): Promise<ReservationState> {
    const from = statesAllowing(to);
    const values: Record<string, unknown> = {};
    from.forEach((s, i) => (values[`:s${i}`] = s));
    try {
      await ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...reservationKey(orderId, line.productId),
            type: 'reservation',
            orderId,
            locationId,
            productId: line.productId,
            quantity: line.quantity,
            state: to,
          },
          ConditionExpression: `attribute_not_exists(pk) OR #state IN (${from.map((_, i) => `:s${i}`).join(', ')})`,
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: values,
        }),
      );
      return to;
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
      const current = await ddb.send(
        new GetCommand({
          TableName: this.table,
          Key: reservationKey(orderId, line.productId),
          ConsistentRead: true,
        }),
      );
      return current.Item?.state as ReservationState;
    }
  }

  private async removeHold(
    orderId: string,
    locationId: string,
    line: LineToReserve,
    commit: boolean,
  ): Promise<boolean> {
    const intent: MovementIntent = {
      kind: commit ? 'sale' : 'release',
      quantity: line.quantity,
      reference: orderId,
    };
    try {
      await this.ledger.update(
        {
          TableName: this.table,
          Key: stockKey(locationId, line.productId),
          UpdateExpression: commit
            ? 'SET onHand = onHand - :q, reserved = reserved - :q REMOVE #hold'
            : 'SET reserved = reserved - :q REMOVE #hold',
          ConditionExpression: '#hold = :q',
          ExpressionAttributeNames: { '#hold': holdOf(orderId) },
          ExpressionAttributeValues: { ':q': line.quantity },
        },
        intent,
      );
      return true;
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
      // Removed by an earlier attempt (or never held): record its movement if that attempt died first.
      await this.ledger.settle(locationId, line.productId, intent);
      return false;
    }
  }

  async reserveLine(orderId: string, locationId: string, line: LineToReserve): Promise<ReserveOutcome> {
    const state = await this.moveLine(orderId, locationId, line, 'held');
    if (state !== 'held') return { ok: false, available: 0 };
    const key = stockKey(locationId, line.productId);
    const intent: MovementIntent = { kind: 'reserve', quantity: line.quantity, reference: orderId };
    for (let attempt = 0; ; attempt++) {
      const item = (await ddb.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true })))
        .Item;
      if (!item) return { ok: false, available: 0 };
      if (item[holdOf(orderId)] !== undefined) {
        await this.ledger.record(item, intent);
        break;
      }
      const onHand = item.onHand as number;
      const reserved = (item.reserved as number | undefined) ?? 0;
      if (onHand - reserved < line.quantity) return { ok: false, available: Math.max(0, onHand - reserved) };
      try {
        await this.ledger.update(
          {
            TableName: this.table,
            Key: key,
            UpdateExpression: 'SET reserved = if_not_exists(reserved, :zero) + :q, #hold = :q',
            ConditionExpression:
              'attribute_not_exists(#hold) AND onHand = :onHand AND (attribute_not_exists(reserved) OR reserved <= :max)',
            ExpressionAttributeNames: { '#hold': holdOf(orderId) },
            ExpressionAttributeValues: {
              ':q': line.quantity,
              ':zero': 0,
              ':onHand': onHand,
              ':max': maxReservedBefore(onHand, line.quantity),
            },
          },
          intent,
        );
        break;
      } catch (e) {
        if (!isConditionFailure(e) || attempt >= 20) throw e;
      }
    }
    // A release may have overtaken this reserve: then the line stays released and the hold is undone.
    const after = await ddb.send(
      new GetCommand({
        TableName: this.table,
        Key: reservationKey(orderId, line.productId),
        ConsistentRead: true,
      }),
    );
    if (after.Item?.state === 'released') {
      await this.removeHold(orderId, locationId, line, false);
      return { ok: false, available: 0 };
    }
    return { ok: true };
  }

  async releaseLine(orderId: string, locationId: string, line: LineToReserve): Promise<number> {
    const state = await this.moveLine(orderId, locationId, line, 'released');
    if (state === 'committed') return 0;
    return (await this.removeHold(orderId, locationId, line, false)) ? line.quantity : 0;
  }

  async commitLine(orderId: string, locationId: string, line: LineToReserve): Promise<number> {
    const state = await this.moveLine(orderId, locationId, line, 'committed');
    if (state !== 'committed') throw new Error(`reservation of ${line.productId} for ${orderId} is ${state}`);
    return (await this.removeHold(orderId, locationId, line, true)) ? line.quantity : 0;
  }

  /**
   * Restock in three writes, each idempotent: a marker (RESTOCK#<movementId> / LINE#<product>) moves
   * `pending` → `done`; between them the stock item gets onHand += q together with an attribute
   * `restock#<movementId>` (conditional on its absence) that is removed once the marker is done.
   */
  async restock(movementId: string, locationId: string, line: LineToReserve): Promise<boolean> {
    const markerKey = { pk: `RESTOCK#${movementId}`, sk: `LINE#${line.productId}` };
    const marker = await ddb.send(
      new GetCommand({ TableName: this.table, Key: markerKey, ConsistentRead: true }),
    );
    const key = stockKey(locationId, line.productId);
    const names = { '#m': `restock#${movementId}` };
    let applied = false;
    if (marker.Item?.state !== 'done') {
      await ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...markerKey, type: 'restock', locationId, quantity: line.quantity, state: 'pending' },
          ConditionExpression: 'attribute_not_exists(pk) OR #state = :pending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':pending': 'pending' },
        }),
      );
      const intent: MovementIntent = { kind: 'return', quantity: line.quantity, reference: movementId };
      try {
        await this.ledger.update(
          {
            TableName: this.table,
            Key: key,
            UpdateExpression: 'SET onHand = onHand + :q, #m = :q',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#m)',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: { ':q': line.quantity },
          },
          intent,
        );
        applied = true;
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
        await this.ledger.settle(locationId, line.productId, intent);
      }
      await ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: markerKey,
          UpdateExpression: 'SET #state = :done',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':done': 'done' },
        }),
      );
    }
    await ddb
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: key,
          UpdateExpression: 'REMOVE #m',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: names,
        }),
      )
      .catch((e: unknown) => {
        if (!isConditionFailure(e)) throw e;
      });
    return applied;
  }
}
