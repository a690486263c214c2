import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { combine, updateInput, type UpdateParts } from '#functions/adapters/update-parts.ts';
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
 * The write of step 1 also marks the item in the sparse index gsi2 (`PENDING#OUTBOX`, sorted by the
 * time of its oldest pending movement); step 2 removes the mark once no outbox is left.
 *
 * Step 2 is taken by the writer itself, or — for a `deferred` write, the checkout saga's holds and
 * commits, whose path must stay short — by the ledger recorder (inventory/consumers/record-movements,
 * a consumer of the event the writer publishes). A crash between 1 and 2 leaves the outbox on the
 * item: the retry of the same operation (whose own guard — a hold, a marker — tells it the change
 * is applied) calls `settle`, any later write to the item completes outboxes older than `staleMs`,
 * and the recovery job sweeps the index for items whose outbox waited longer than that. Until then
 * the stock is ahead of the ledger by exactly the outboxed movements, which `pendingOf` exposes to
 * the checker.
 *
 * The outbox is NOT the operation's idempotency guard (it disappears once recorded): every caller
 * keeps its own durable guard (hold + tombstone, restock marker, replenishment status + marker,
 * adjustment record + marker).
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
  /** Recorded by the ledger recorder or the recovery, not by its writer. */
  readonly deferred?: boolean;
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

/** The sparse index of stock items whose outbox holds movements not yet in the ledger. */
export const pendingOutboxPk = 'PENDING#OUTBOX';

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
   * The parts that add a movement's outbox to a stock item's UpdateItem (step 1): the caller's parts
   * apply the change; these increment `seq`, leave the movement in the outbox, mark the item in the
   * pending-outbox index and guard against the same movement twice. `deferred`: the writer does not
   * record it itself; the ledger recorder (a consumer of the writer's event) or the recovery sweep
   * does. Expression names and values start with `#mv` / `:mv`.
   */
  movementParts(intent: MovementIntent, at: string, deferred = false): UpdateParts {
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
      ...(deferred ? { deferred: true } : {}),
      correlationId: currentCorrelationId() ?? 'none',
      at,
    };
    return {
      set: [
        '#mvSeq = if_not_exists(#mvSeq, :mvZero) + :mvOne',
        '#mvS = if_not_exists(#mvSeq, :mvZero) + :mvOne',
        '#mvO = onHand + :mvDO',
        '#mvR = if_not_exists(reserved, :mvZero) + :mvDR',
        '#mvM = :mvM',
        '#mvAt = :mvAt',
        '#mvT = if_not_exists(#mvTh, :mvDefT)',
        '#mvPk = :mvPending',
        '#mvSk = if_not_exists(#mvSk, :mvAt)',
      ],
      // `lastAt < :mvAt`: movement times strictly increase with seq on an item (see `update`).
      conditions: ['attribute_not_exists(#mvM)', 'attribute_not_exists(#mvAt) OR #mvAt < :mvAt'],
      names: {
        '#mvSeq': 'seq',
        '#mvS': attr.seq(movementId),
        '#mvO': attr.onHand(movementId),
        '#mvR': attr.reserved(movementId),
        '#mvM': attr.outbox(movementId),
        '#mvAt': 'lastAt',
        '#mvT': attr.thresholds(movementId),
        '#mvTh': 'thresholds',
        '#mvPk': 'gsi2pk',
        '#mvSk': 'gsi2sk',
      },
      values: {
        ':mvZero': 0,
        ':mvOne': 1,
        ':mvDO': delta.onHand,
        ':mvDR': delta.reserved,
        ':mvM': outbox,
        ':mvAt': at,
        ':mvDefT': defaultThresholds,
        ':mvPending': pendingOutboxPk,
      },
    };
  }

  /**
   * Steps 1 and 2: the caller's stock write (`parts` on the stock item `key`) with the movement's
   * outbox, then — unless `deferred` — its recording; returns the item after the write and the
   * movements recorded. The movement's time must be later than the item's `lastAt` (so that per item,
   * movement and event times follow seqs even across racing writers and skewed clocks): if the write
   * fails only because of that, it is stamped 1 ms after `lastAt` and sent again. Any other condition
   * failure is the caller's own, rethrown unchanged.
   */
  async update(
    key: Record<string, NativeAttributeValue>,
    parts: UpdateParts,
    intent: MovementIntent,
    options: { readonly deferred?: boolean } = {},
  ): Promise<{ item: Item; recorded: Movement[] }> {
    let at = this.now().toISOString();
    for (let attempt = 0; ; attempt++) {
      let written: Item | undefined;
      try {
        const input = updateInput(
          this.table,
          key,
          combine(parts, this.movementParts(intent, at, options.deferred)),
          'ALL_NEW',
        );
        written = (await ddb.send(new UpdateCommand(input))).Attributes;
      } catch (e) {
        if (!isConditionFailure(e) || attempt >= 5) throw e;
        const item = (
          await ddb.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }))
        ).Item;
        const last = item?.lastAt as string | undefined;
        if (last === undefined || last < at) throw e;
        at = new Date(Date.parse(last) + 1).toISOString();
        continue;
      }
      const item = written ?? {};
      return { item, recorded: options.deferred ? [] : await this.record(item, intent) };
    }
  }

  /**
   * Step 2 for an item read after the write: records the movement `intent` made, any deferred
   * movement, and any outbox left by a writer that died (older than `staleMs`); with `all`, every
   * outbox (the recovery's sweep). Returns the movements recorded.
   */
  async record(item: Item | undefined, intent?: MovementIntent, all = false): Promise<Movement[]> {
    if (!item) return [];
    const mine = intent ? movementIdOf(intent.kind, intent.reference) : undefined;
    const cutoff = this.now().getTime() - staleMs;
    const pending = Object.keys(item).filter((k) => k.startsWith('mv#'));
    const due = pendingOf(item).filter(
      (m) =>
        all ||
        m.movementId === mine ||
        (item[attr.outbox(m.movementId)] as Outbox).deferred === true ||
        Date.parse(m.at) < cutoff,
    );
    if (due.length === 0 && (pending.length > 0 || item.gsi2pk === undefined)) return [];
    await this.complete(item, due, due.length === pending.length);
    return due;
  }

  /**
   * Step 2 on a retry, by the ledger recorder and by the recovery: reads the item and records what
   * its outbox holds (its deferred movements, the movement of `intent`, stale ones; `all`: every one).
   */
  async settle(
    locationId: string,
    productId: string,
    intent?: MovementIntent,
    all = false,
  ): Promise<Movement[]> {
    const out = await ddb.send(
      new GetCommand({ TableName: this.table, Key: stockKey(locationId, productId), ConsistentRead: true }),
    );
    return this.record(out.Item, intent, all);
  }

  /**
   * The recovery's sweep: every stock item whose oldest pending movement is older than `before` has
   * its outbox recorded. Returns the number of movements recorded.
   */
  async sweep(before: Date, limit = 100): Promise<number> {
    const out = await ddb.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :before',
        ExpressionAttributeValues: { ':pk': pendingOutboxPk, ':before': before.toISOString() },
        Limit: limit,
      }),
    );
    let recorded = 0;
    for (const item of out.Items ?? [])
      recorded += (await this.settle(item.locationId as string, item.productId as string, undefined, true))
        .length;
    return recorded;
  }

  /**
   * Puts the movements in the ledger (deterministic items, put once), publishes the threshold events
   * of those it put, then removes their outboxes — and the item's
   * pending-outbox mark when `last` (no other outbox) and nothing was written since it was read.
   */
  private async complete(item: Item, due: readonly Movement[], last: boolean): Promise<void> {
    // The recorder that writes a movement's ledger item publishes its crossings; one that finds it
    // written (a concurrent recorder, a retry) does not: each crossing is announced once. (A crash
    // between the two loses the announcement; the alerts read model is reconciled from the stock.)
    const mine: Movement[] = [];
    for (const m of due)
      try {
        await ddb.send(
          new PutCommand({
            TableName: this.table,
            Item: { pk: movementsPk(m.locationId, m.productId), sk: seqKey(m.seq), type: 'movement', ...m },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        mine.push(m);
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
      }
    const events: DomainEvent[] = [];
    for (const m of mine) {
      // The thresholds in force when the movement was written, even if they changed since (an outbox
      // from before `mvt#` existed: the item's now).
      const thresholds =
        (item[attr.thresholds(m.movementId)] as Thresholds | undefined) ??
        (item.thresholds as Thresholds | undefined) ??
        defaultThresholds;
      const crossed = eventsOf(m, (item.name as string | undefined) ?? m.productId, thresholds);
      events.push(...crossed);
      const where = { locationId: m.locationId, productId: m.productId };
      for (const e of crossed) businessMetrics.stockAlertEvent(e.detailType, where);
    }
    if (events.length > 0) await this.events.publish(events);
    const names: Record<string, string> = {};
    due.forEach((m, i) => {
      names[`#m${i}`] = attr.outbox(m.movementId);
      names[`#s${i}`] = attr.seq(m.movementId);
      names[`#o${i}`] = attr.onHand(m.movementId);
      names[`#r${i}`] = attr.reserved(m.movementId);
      names[`#t${i}`] = attr.thresholds(m.movementId);
    });
    const outboxes = due.flatMap((_, i) => [`#m${i}`, `#s${i}`, `#o${i}`, `#r${i}`, `#t${i}`]);
    const key = stockKey(item.locationId as string, item.productId as string);
    const removeOutboxes = (withMark: boolean) =>
      ddb.send(
        new UpdateCommand(
          updateInput(this.table, key, {
            remove: [...outboxes, ...(withMark ? ['#gpk', '#gsk'] : [])],
            conditions: withMark ? ['#seq = :seq'] : due.length > 0 ? ['attribute_exists(#m0)'] : [],
            names: { ...names, ...(withMark ? { '#gpk': 'gsi2pk', '#gsk': 'gsi2sk', '#seq': 'seq' } : {}) },
            ...(withMark ? { values: { ':seq': item.seq as number } } : {}),
          }),
        ),
      );
    try {
      if (last) await removeOutboxes(true);
      else if (due.length > 0) await removeOutboxes(false);
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
      // Written since it was read (a new outbox keeps the mark): remove just these outboxes.
      if (last && due.length > 0)
        await removeOutboxes(false).catch((e2: unknown) => {
          if (!isConditionFailure(e2)) throw e2;
        });
    }
    if (due.length > 0)
      log.debug('stock movements recorded', {
        movementIds: due.map((m) => m.movementId),
        locationId: item.locationId,
      });
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
