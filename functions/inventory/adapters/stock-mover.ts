import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Movement } from '#domain/inventory/movement.ts';
import { ConflictError } from '#domain/shared/errors.ts';
import { m } from '#domain/shared/message.ts';
import { ddb, isConditionFailure, tableName } from '#functions/adapters/dynamo.ts';
import { StockLedger, type MovementIntent } from './ledger.ts';
import { stockKey } from './stock-repository.ts';

/**
 * Stock writes of replenishments and manager adjustments (the saga's writes are in stock-writer.ts).
 * Each is one conditional UpdateItem of one stock item, guarded by a marker attribute on that item
 * (`repl#<replenishmentId>`, `adj#<adjustmentId>`) that is set by the same write and removed only
 * once the caller's own record (the replenishment's status, the adjustment record) says the step
 * is done: so a step that is retried — whether its first attempt failed before or after the write —
 * applies exactly once. Every write records its movement through the ledger.
 */
export type TakeOutcome = { readonly ok: true } | { readonly ok: false; readonly available: number };

export interface AdjustmentRecord {
  readonly adjustmentId: string;
  readonly locationId: string;
  readonly productId: string;
  readonly quantity: number;
  readonly reason: string;
  readonly onHand: number;
  readonly reserved: number;
  readonly available: number;
  readonly adjustedBy: string;
  readonly at: string;
}

export interface StockMover {
  /** Warehouse −q (never below what is reserved, so never below zero), once per replenishment. */
  takeFromWarehouse(replenishmentId: string, productId: string, quantity: number): Promise<TakeOutcome>;
  /** Store +q, once per replenishment. */
  receiveAtStore(
    replenishmentId: string,
    storeId: string,
    productId: string,
    quantity: number,
  ): Promise<void>;
  /** Removes a replenishment's marker from a stock item, once its status has moved on. */
  clearReplenishmentMarker(replenishmentId: string, locationId: string, productId: string): Promise<void>;
  /**
   * A transfer's units that did not arrive leave the store's stock again (`discrepancy`, −missing),
   * once per replenishment (marker `disc#<id>`); false when they are held by orders right now.
   */
  postDiscrepancy(
    replenishmentId: string,
    storeId: string,
    productId: string,
    missing: number,
    reason: string,
  ): Promise<boolean>;
  /** Warehouse +q for one line of a purchase-order receipt (`receipt`), once per receipt (marker `rcpt#<id>`). */
  receivePurchase(receiptId: string, productId: string, quantity: number): Promise<void>;
  /**
   * Sets a line's on-hand units to what was counted (`count`, counted − onHand at that moment), once
   * per count (marker `cnt#<id>` = the variance). Returns the variance and the units before it.
   */
  countTo(
    countId: string,
    locationId: string,
    productId: string,
    counted: number,
  ): Promise<{ variance: number; onHandBefore: number }>;
  /** Removes a marker (`disc#`, `rcpt#`, `cnt#`) once the caller's record says its step is done. */
  clearMarker(locationId: string, productId: string, markerName: string): Promise<void>;
  /** onHand ± q at a location, once per adjustment id; `undefined` when it would go below what is reserved. */
  adjust(
    adjustment: Omit<AdjustmentRecord, 'onHand' | 'reserved' | 'available'>,
  ): Promise<AdjustmentRecord | { readonly short: true; readonly available: number }>;
}

export const marker = {
  replenishment: (id: string) => `repl#${id}`,
  adjustment: (id: string) => `adj#${id}`,
  discrepancy: (id: string) => `disc#${id}`,
  receipt: (id: string) => `rcpt#${id}`,
  count: (id: string) => `cnt#${id}`,
};
const adjustmentKey = (id: string) => ({ pk: `ADJUSTMENT#${id}`, sk: 'ADJUSTMENT' });
const maxAttempts = 25;

type Item = Record<string, unknown>;
/** The movement of `intent` among those just recorded (none when an earlier attempt recorded it). */
function mineOf(recorded: Movement[], intent: MovementIntent): { movement?: Movement } {
  const movement = recorded.find((m) => m.kind === intent.kind && m.reference === intent.reference);
  return movement ? { movement } : {};
}

export class DynamoStockMover implements StockMover {
  private readonly table: string;
  private readonly ledger: StockLedger;
  constructor(table = tableName('inventory'), ledger = new StockLedger(table)) {
    this.table = table;
    this.ledger = ledger;
  }

  private async read(locationId: string, productId: string) {
    return (
      await ddb.send(
        new GetCommand({ TableName: this.table, Key: stockKey(locationId, productId), ConsistentRead: true }),
      )
    ).Item;
  }

  /**
   * Takes `quantity` units off a stock item if at least that many are available, with the marker
   * `markerName`. The condition checks onHand − reserved ≥ q as `onHand = :seen AND reserved ≤
   * :seen − q` (no arithmetic in conditions); a concurrent change of onHand means a re-read.
   * Returns 'applied' (now or by an earlier attempt) or the units available when short.
   */
  private async takeOff(
    locationId: string,
    productId: string,
    quantity: number,
    markerName: string,
    intent: MovementIntent,
  ): Promise<{ ok: true; item: Item; movement?: Movement } | { ok: false; available: number }> {
    for (let attempt = 0; ; attempt++) {
      const item = await this.read(locationId, productId);
      if (!item) throw new Error(`no stock item for ${productId} at ${locationId}`);
      if (item[markerName] !== undefined)
        return { ok: true, item, ...mineOf(await this.ledger.record(item, intent), intent) };
      const onHand = item.onHand as number;
      const reserved = (item.reserved as number | undefined) ?? 0;
      if (onHand - reserved < quantity) return { ok: false, available: onHand - reserved };
      try {
        const { item: after, recorded } = await this.ledger.update(
          stockKey(locationId, productId),
          {
            set: ['onHand = onHand - :q', '#marker = :q'],
            conditions: [
              'attribute_not_exists(#marker)',
              'onHand = :seen',
              'attribute_not_exists(reserved) OR reserved <= :max',
            ],
            names: { '#marker': markerName },
            values: { ':q': quantity, ':seen': onHand, ':max': onHand - quantity },
          },
          intent,
        );
        return { ok: true, item: after, ...mineOf(recorded, intent) };
      } catch (e) {
        if (!isConditionFailure(e) || attempt >= maxAttempts) throw e;
        await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 10 * (attempt + 1))));
      }
    }
  }

  /** Puts `quantity` units on a stock item with the marker; a no-op (movement settled) if already there. */
  private async putOn(
    locationId: string,
    productId: string,
    quantity: number,
    markerName: string,
    intent: MovementIntent,
  ): Promise<{ item: Item; movement?: Movement }> {
    try {
      const { item, recorded } = await this.ledger.update(
        stockKey(locationId, productId),
        {
          set: ['onHand = onHand + :q', '#marker = :q'],
          conditions: ['attribute_exists(pk)', 'attribute_not_exists(#marker)'],
          names: { '#marker': markerName },
          values: { ':q': quantity },
        },
        intent,
      );
      return { item, ...mineOf(recorded, intent) };
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
      const item = await this.read(locationId, productId);
      if (!item) throw new Error(`no stock item for ${productId} at ${locationId}`, { cause: e });
      return { item, ...mineOf(await this.ledger.record(item, intent), intent) };
    }
  }

  private async removeMarker(locationId: string, productId: string, markerName: string): Promise<void> {
    await ddb
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: stockKey(locationId, productId),
          UpdateExpression: 'REMOVE #marker',
          ConditionExpression: 'attribute_exists(#marker)',
          ExpressionAttributeNames: { '#marker': markerName },
        }),
      )
      .catch((e: unknown) => {
        if (!isConditionFailure(e)) throw e;
      });
  }

  async takeFromWarehouse(
    replenishmentId: string,
    productId: string,
    quantity: number,
  ): Promise<TakeOutcome> {
    const out = await this.takeOff('warehouse', productId, quantity, marker.replenishment(replenishmentId), {
      kind: 'replenishment-out',
      quantity,
      reference: replenishmentId,
    });
    return out.ok ? { ok: true } : out;
  }

  async receiveAtStore(replenishmentId: string, storeId: string, productId: string, quantity: number) {
    await this.putOn(storeId, productId, quantity, marker.replenishment(replenishmentId), {
      kind: 'replenishment-in',
      quantity,
      reference: replenishmentId,
    });
  }

  clearReplenishmentMarker(replenishmentId: string, locationId: string, productId: string): Promise<void> {
    return this.removeMarker(locationId, productId, marker.replenishment(replenishmentId));
  }

  async postDiscrepancy(
    replenishmentId: string,
    storeId: string,
    productId: string,
    missing: number,
    reason: string,
  ): Promise<boolean> {
    const out = await this.takeOff(storeId, productId, missing, marker.discrepancy(replenishmentId), {
      kind: 'discrepancy',
      quantity: -missing,
      reference: replenishmentId,
      reason,
    });
    return out.ok;
  }

  async receivePurchase(receiptId: string, productId: string, quantity: number): Promise<void> {
    await this.putOn('warehouse', productId, quantity, marker.receipt(receiptId), {
      kind: 'receipt',
      quantity,
      reference: receiptId,
    });
  }

  /**
   * The count's write: `onHand = onHand + variance` under `onHand = :seen` (the variance is against
   * the units on hand at this very write: a sale committed meanwhile makes it re-read) and
   * `reserved ≤ counted` (units held by orders in progress are on the shelf: a count below them is
   * refused, 409 `count-below-held`). A zero variance writes nothing.
   */
  async countTo(
    countId: string,
    locationId: string,
    productId: string,
    counted: number,
  ): Promise<{ variance: number; onHandBefore: number }> {
    const markerName = marker.count(countId);
    for (let attempt = 0; ; attempt++) {
      const item = await this.read(locationId, productId);
      if (!item) throw new Error(`no stock item for ${productId} at ${locationId}`);
      const done = item[markerName];
      if (typeof done === 'number') {
        const intent: MovementIntent = { kind: 'count', quantity: done, reference: countId };
        const mine = mineOf(await this.ledger.record(item, intent), intent).movement;
        const after = mine?.onHand ?? (item.onHand as number);
        return { variance: done, onHandBefore: after - done };
      }
      const onHand = item.onHand as number;
      const reserved = (item.reserved as number | undefined) ?? 0;
      const variance = counted - onHand;
      if (variance === 0) return { variance: 0, onHandBefore: onHand };
      if (reserved > counted)
        throw new ConflictError(
          'count-below-held',
          m`${productId}: ${counted} counted, but orders in progress hold ${reserved}; count again once they are sold`,
        );
      try {
        await this.ledger.update(
          stockKey(locationId, productId),
          {
            set: ['onHand = onHand + :v', '#marker = :v'],
            conditions: [
              'attribute_not_exists(#marker)',
              'onHand = :seen',
              'attribute_not_exists(reserved) OR reserved <= :counted',
            ],
            names: { '#marker': markerName },
            values: { ':v': variance, ':seen': onHand, ':counted': counted },
          },
          { kind: 'count', quantity: variance, reference: countId },
        );
        return { variance, onHandBefore: onHand };
      } catch (e) {
        if (!isConditionFailure(e) || attempt >= maxAttempts) throw e;
        await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 10 * (attempt + 1))));
      }
    }
  }

  clearMarker(locationId: string, productId: string, markerName: string): Promise<void> {
    return this.removeMarker(locationId, productId, markerName);
  }

  /**
   * Adjustment in three idempotent writes: the stock item (onHand ± q with marker `adj#<id>`), the
   * adjustment record (its durable guard: once it exists the adjustment is done), the marker's removal.
   */
  async adjust(
    a: Omit<AdjustmentRecord, 'onHand' | 'reserved' | 'available'>,
  ): Promise<AdjustmentRecord | { short: true; available: number }> {
    const done = await ddb.send(
      new GetCommand({ TableName: this.table, Key: adjustmentKey(a.adjustmentId), ConsistentRead: true }),
    );
    if (done.Item) return recordOf(done.Item);
    const markerName = marker.adjustment(a.adjustmentId);
    const intent: MovementIntent = {
      kind: 'adjustment',
      quantity: a.quantity,
      reference: a.adjustmentId,
      reason: a.reason,
    };
    let applied: { item: Item; movement?: Movement };
    if (a.quantity < 0) {
      const out = await this.takeOff(a.locationId, a.productId, -a.quantity, markerName, intent);
      if (!out.ok) return { short: true, available: out.available };
      applied = out;
    } else {
      applied = await this.putOn(a.locationId, a.productId, a.quantity, markerName, intent);
    }
    // The levels right after this adjustment as its movement recorded them (on a retry whose
    // movement was recorded by the first attempt: the levels now).
    const onHand = applied.movement?.onHand ?? (applied.item.onHand as number);
    const reserved = applied.movement?.reserved ?? (applied.item.reserved as number | undefined) ?? 0;
    const record: AdjustmentRecord = { ...a, onHand, reserved, available: onHand - reserved };
    try {
      await ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...adjustmentKey(a.adjustmentId), type: 'adjustment', ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
    }
    await this.removeMarker(a.locationId, a.productId, markerName);
    return record;
  }
}

function recordOf(item: Record<string, unknown>): AdjustmentRecord {
  const { pk: _pk, sk: _sk, type: _type, ...rest } = item;
  return rest as unknown as AdjustmentRecord;
}
