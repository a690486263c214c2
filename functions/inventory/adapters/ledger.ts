import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue, UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import {
  deltaOf,
  movementIdOf,
  type Delta,
  type Movement,
  type MovementKind,
} from '#domain/inventory/movement.ts';
import { defaultThresholds, type Thresholds } from '#domain/inventory/stock.ts';
import { crossing, type AlertEventName } from '#domain/inventory/thresholds.ts';
import {
  ddb,
  decodeStartKey,
  encodeCursor,
  isConditionFailure,
  tableName,
} from '#functions/adapters/dynamo.ts';
import type { DomainEvent, EventPublisher } from '#functions/adapters/event-publisher.ts';
import { EventBridgePublisher } from '#functions/adapters/eventbridge-publisher.ts';
import { Overstock } from '#functions/events/overstock.ts';
import { StockBackToNormal } from '#functions/events/stock-back-to-normal.ts';
import { StockLevelChanged } from '#functions/events/stock-level-changed.ts';
import { StockLow } from '#functions/events/stock-low.ts';
import { StockOut } from '#functions/events/stock-out.ts';
import { currentCorrelationId, log } from '#functions/shared/correlation.ts';
import { businessMetrics } from '#functions/shared/metrics.ts';
import { stockKey } from './stock-repository.ts';

/**
 * The stock movement ledger, kept consistent with the stock items without transactions
 * (docs/inventory.md, "Ledger protocol"):
 *
 * 1. The write that changes a stock item (LOCATION#<loc> / STOCK#<product>) also, in the same
 *    conditional UpdateItem, increments the item's `seq` and leaves the movement in an outbox on
 *    the item: `mv#<movementId>` (kind, quantity, delta, reference, correlation id, time) plus
 *    `mvs#`, `mvo#`, `mvr#<movementId>` = seq, onHand and reserved after the change, and
 *    `mvt#<movementId>` = the thresholds in force — computed by DynamoDB from the values before the
 *    update (operands of an update expression read the old item), so they are exact whatever ran
 *    concurrently (a threshold change recorded in between does not re-rate this movement).
 *    `attribute_not_exists(mv#<movementId>)` is added to the write's condition.
 * 2. The writer puts the movement item MOVEMENTS#<loc>#<product> / <seq, 10 digits> (a
 *    deterministic put: writing it twice writes the same item), publishes the threshold events
 *    the change crossed, then removes the outbox attributes (conditional on their presence).
 *
 * A crash between 1 and 2 leaves the outbox on the item: the retry of the same operation (whose
 * own guard — a hold, a marker — tells it the change is applied) calls `settle`, and any later
 * write to the item completes outboxes older than `staleMs`. Until then the stock is ahead of the
 * ledger by exactly the outboxed movements, which `pendingOf` exposes to the checker.
 *
 * The outbox is NOT the operation's idempotency guard (it disappears once recorded): every caller
 * keeps its own durable guard (reservation record + hold, restock marker, replenishment status +
 * marker, adjustment record + marker).
 */
export interface MovementIntent {
  readonly kind: MovementKind;
  /** Units (signed for adjustments). */
  readonly quantity: number;
  /** The order, return, replenishment or adjustment id; the movement id is `<kind>#<reference>`. */
  readonly reference: string;
  readonly reason?: string;
  /** `thresholds` movements: the thresholds the write replaced and those it set. */
  readonly thresholds?: { readonly previous: Thresholds; readonly next: Thresholds };
}

type Item = Record<string, NativeAttributeValue>;

interface Outbox {
  readonly movementId: string;
  readonly kind: MovementKind;
  readonly quantity: number;
  readonly delta: Delta;
  readonly reference: string;
  readonly reason?: string;
  readonly previousThresholds?: Thresholds;
  readonly thresholds?: Thresholds;
  readonly correlationId: string;
  readonly at: string;
}

const attr = {
  outbox: (id: string) => `mv#${id}`,
  seq: (id: string) => `mvs#${id}`,
  onHand: (id: string) => `mvo#${id}`,
  reserved: (id: string) => `mvr#${id}`,
  /** The item's thresholds when the movement was written (those before it, for a `thresholds` one). */
  thresholds: (id: string) => `mvt#${id}`,
};

/** An outbox older than this is completed by whoever next touches the item (its writer died). */
export const staleMs = 30_000;

export const movementsPk = (locationId: string, productId: string) => `MOVEMENTS#${locationId}#${productId}`;
const seqKey = (seq: number) => String(seq).padStart(10, '0');

/** Movements written to the item's outbox but not yet to the ledger (seq order). */
export function pendingOf(item: Item): Movement[] {
  return Object.keys(item)
    .filter((k) => k.startsWith('mv#'))
    .map((k) => toMovement(item, item[k] as Outbox))
    .filter((m): m is Movement => m !== undefined)
    .sort((a, b) => a.seq - b.seq);
}

function toMovement(item: Item, o: Outbox): Movement | undefined {
  const seq = item[attr.seq(o.movementId)] as number | undefined;
  const onHand = item[attr.onHand(o.movementId)] as number | undefined;
  const reserved = item[attr.reserved(o.movementId)] as number | undefined;
  if (seq === undefined || onHand === undefined || reserved === undefined) return undefined;
  return {
    locationId: item.locationId as string,
    productId: item.productId as string,
    seq,
    movementId: o.movementId,
    kind: o.kind,
    quantity: o.quantity,
    delta: o.delta,
    onHand,
    reserved,
    available: onHand - reserved,
    reference: o.reference,
    ...(o.reason !== undefined ? { reason: o.reason } : {}),
    ...(o.previousThresholds !== undefined ? { previousThresholds: o.previousThresholds } : {}),
    ...(o.thresholds !== undefined ? { thresholds: o.thresholds } : {}),
    correlationId: o.correlationId,
    at: o.at,
  };
}

const alertEvents: Readonly<Record<AlertEventName, typeof StockLow>> = {
  StockLow,
  StockOut,
  Overstock,
  StockBackToNormal,
};

/**
 * The threshold events a recorded movement announces (domain/inventory/thresholds.ts). A
 * `thresholds` movement carries its own old and new thresholds, which win over `itemThresholds` (the
 * item's when recorded).
 */
export function eventsOf(m: Movement, name: string, itemThresholds: Thresholds): DomainEvent[] {
  const before = m.available - (m.delta.onHand - m.delta.reserved);
  const thresholds = m.thresholds ?? itemThresholds;
  const c = crossing(before, m.available, thresholds, m.previousThresholds ?? thresholds);
  const meta = { correlationId: m.correlationId, occurredAt: m.at };
  const common = {
    locationId: m.locationId,
    productId: m.productId,
    name,
    level: m.available,
    thresholds,
    previousStatus: c.previousStatus,
    status: c.status,
  };
  return c.signals.map((s) =>
    s === 'StockLevelChanged'
      ? StockLevelChanged.make(
          {
            ...common,
            previousLevel: before,
            onHand: m.onHand,
            reserved: m.reserved,
            seq: m.seq,
            movementKind: m.kind,
            reference: m.reference,
          },
          meta,
        )
      : alertEvents[s].make(common, meta),
  );
}

export interface MovementPage {
  readonly items: Movement[];
  readonly nextCursor?: string;
}

export class StockLedger {
  private readonly table: string;
  private readonly events: EventPublisher;
  private readonly now: () => Date;
  constructor(
    table = tableName('inventory'),
    events: EventPublisher = new EventBridgePublisher(),
    now: () => Date = () => new Date(),
  ) {
    this.table = table;
    this.events = events;
    this.now = now;
  }

  /**
   * Adds the movement's outbox to a stock item's UpdateItem (step 1): the caller's expression
   * already applies the change; this increments `seq`, records the movement and asks for ALL_NEW,
   * to be passed to `record`. Expression names and values it adds start with `#mv` / `:mv`.
   */
  withMovement(
    input: UpdateCommandInput,
    intent: MovementIntent,
    at: string = this.now().toISOString(),
  ): UpdateCommandInput {
    const movementId = movementIdOf(intent.kind, intent.reference);
    const delta = deltaOf(intent.kind, intent.quantity);
    const outbox: Outbox = {
      movementId,
      kind: intent.kind,
      quantity: intent.quantity,
      delta,
      reference: intent.reference,
      ...(intent.reason !== undefined ? { reason: intent.reason } : {}),
      ...(intent.thresholds !== undefined
        ? { previousThresholds: intent.thresholds.previous, thresholds: intent.thresholds.next }
        : {}),
      correlationId: currentCorrelationId() ?? 'none',
      at,
    };
    const sets = [
      '#mvSeq = if_not_exists(#mvSeq, :mvZero) + :mvOne',
      '#mvS = if_not_exists(#mvSeq, :mvZero) + :mvOne',
      '#mvO = onHand + :mvDO',
      '#mvR = if_not_exists(reserved, :mvZero) + :mvDR',
      '#mvM = :mvM',
      '#mvAt = :mvAt',
      '#mvT = if_not_exists(#mvTh, :mvDefT)',
    ].join(', ');
    const expression = input.UpdateExpression ?? '';
    const setAt = expression.search(/\bSET\s/i);
    const update =
      setAt >= 0
        ? `${expression.slice(0, setAt)}SET ${sets}, ${expression.slice(setAt).replace(/^SET\s+/i, '')}`
        : `SET ${sets} ${expression}`;
    // `lastAt < :mvAt`: movement times strictly increase with seq on an item (see `update`).
    const guard = 'attribute_not_exists(#mvM) AND (attribute_not_exists(#mvAt) OR #mvAt < :mvAt)';
    return {
      ...input,
      UpdateExpression: update.trim(),
      ConditionExpression: input.ConditionExpression ? `(${input.ConditionExpression}) AND ${guard}` : guard,
      ExpressionAttributeNames: {
        ...input.ExpressionAttributeNames,
        '#mvSeq': 'seq',
        '#mvS': attr.seq(movementId),
        '#mvO': attr.onHand(movementId),
        '#mvR': attr.reserved(movementId),
        '#mvM': attr.outbox(movementId),
        '#mvAt': 'lastAt',
        '#mvT': attr.thresholds(movementId),
        '#mvTh': 'thresholds',
      },
      ExpressionAttributeValues: {
        ...input.ExpressionAttributeValues,
        ':mvZero': 0,
        ':mvOne': 1,
        ':mvDO': delta.onHand,
        ':mvDR': delta.reserved,
        ':mvM': outbox,
        ':mvAt': at,
        ':mvDefT': defaultThresholds,
      },
      ReturnValues: 'ALL_NEW',
    };
  }

  /**
   * Steps 1 and 2: the caller's stock write with the movement's outbox, then its recording; returns
   * the item after the write and the movements recorded. The movement's time must be later than
   * the item's `lastAt` (so that per item, movement and event times follow seqs even across racing
   * writers and skewed clocks): if the write fails only because of that, it is stamped 1 ms after
   * `lastAt` and sent again. Any other condition failure is the caller's own, rethrown unchanged.
   */
  async update(
    input: UpdateCommandInput,
    intent: MovementIntent,
  ): Promise<{ item: Item; recorded: Movement[] }> {
    let at = this.now().toISOString();
    for (let attempt = 0; ; attempt++) {
      let written: Item | undefined;
      try {
        written = (await ddb.send(new UpdateCommand(this.withMovement(input, intent, at)))).Attributes;
      } catch (e) {
        if (!isConditionFailure(e) || attempt >= 5) throw e;
        const item = (
          await ddb.send(new GetCommand({ TableName: this.table, Key: input.Key, ConsistentRead: true }))
        ).Item;
        const last = item?.lastAt as string | undefined;
        if (last === undefined || last < at) throw e;
        at = new Date(Date.parse(last) + 1).toISOString();
        continue;
      }
      const item = written ?? {};
      return { item, recorded: await this.record(item, intent) };
    }
  }

  /**
   * Step 2 for the item returned by the write (ALL_NEW): records the movement `intent` made, and
   * any outbox left by a writer that died. Returns the movements recorded.
   */
  async record(item: Item | undefined, intent?: MovementIntent): Promise<Movement[]> {
    if (!item) return [];
    const mine = intent ? movementIdOf(intent.kind, intent.reference) : undefined;
    const cutoff = this.now().getTime() - staleMs;
    const due = pendingOf(item).filter((m) => m.movementId === mine || Date.parse(m.at) < cutoff);
    for (const m of due) await this.complete(item, m);
    return due;
  }

  /**
   * Step 2 on a retry: the caller's guard says its change is already applied; records its
   * movement if the outbox still holds it (the first attempt died before recording).
   */
  async settle(locationId: string, productId: string, intent: MovementIntent): Promise<Movement[]> {
    const out = await ddb.send(
      new GetCommand({ TableName: this.table, Key: stockKey(locationId, productId), ConsistentRead: true }),
    );
    return this.record(out.Item, intent);
  }

  private async complete(item: Item, m: Movement): Promise<void> {
    await ddb.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: movementsPk(m.locationId, m.productId), sk: seqKey(m.seq), type: 'movement', ...m },
      }),
    );
    // The thresholds in force when the movement was written, even if they changed since (an outbox
    // from before `mvt#` existed: the item's now).
    const thresholds =
      (item[attr.thresholds(m.movementId)] as Thresholds | undefined) ??
      (item.thresholds as Thresholds | undefined) ??
      defaultThresholds;
    const events = eventsOf(m, (item.name as string | undefined) ?? m.productId, thresholds);
    if (events.length > 0) await this.events.publish(events);
    const where = { locationId: m.locationId, productId: m.productId };
    for (const e of events) businessMetrics.stockAlertEvent(e.detailType, where);
    try {
      await ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: stockKey(m.locationId, m.productId),
          UpdateExpression: 'REMOVE #m, #s, #o, #r, #t',
          ConditionExpression: 'attribute_exists(#m)',
          ExpressionAttributeNames: {
            '#m': attr.outbox(m.movementId),
            '#s': attr.seq(m.movementId),
            '#o': attr.onHand(m.movementId),
            '#r': attr.reserved(m.movementId),
            '#t': attr.thresholds(m.movementId),
          },
        }),
      );
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
    }
    log.debug('stock movement recorded', { movementId: m.movementId, seq: m.seq, locationId: m.locationId });
  }

  /** Movements of a (location, product), newest first unless `order` is `asc`. */
  async list(
    locationId: string,
    productId: string,
    page: { limit: number; cursor?: string | undefined; order?: 'asc' | 'desc' | undefined },
  ): Promise<MovementPage | undefined> {
    const pk = movementsPk(locationId, productId);
    let start: Item | undefined;
    if (page.cursor !== undefined) {
      start = decodeStartKey(page.cursor, { pk, sk: undefined });
      if (!start) return undefined;
    }
    const out = await ddb.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ScanIndexForward: page.order === 'asc',
        Limit: page.limit,
        ExclusiveStartKey: start,
      }),
    );
    const items = (out.Items ?? []).map(({ pk: _pk, sk: _sk, type: _type, ...m }) => m as Movement);
    return {
      items,
      ...(out.LastEvaluatedKey ? { nextCursor: encodeCursor(out.LastEvaluatedKey) } : {}),
    };
  }
}
