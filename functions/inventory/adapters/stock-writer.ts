import { BatchGetCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { maxReservedBefore, type LineToReserve } from '#domain/inventory/reservation.ts';
import type { ShortLine } from '#domain/sales/saga.ts';
import { ddb, isConditionFailure, tableName } from '#functions/adapters/dynamo.ts';
import type { UpdateParts } from '#functions/adapters/update-parts.ts';
import { StockLedger, type MovementIntent } from './ledger.ts';
import { stockKey } from './stock-repository.ts';

/**
 * The checkout saga's stock writes: holds for an order attempt (a "run"), their commit (the units
 * leave the shelf) and their release. No transactions: each write is one conditional UpdateItem of
 * one stock item (LOCATION#<loc> / STOCK#<product>), which also leaves its movement in the item's
 * outbox for the ledger recorder (deferred recording, ledger.ts), so the sale's path stays short.
 *
 * - A hold is the attribute `hold#<runId>` = {q, exp} on the stock item, added with reserved += q.
 *   Reserving checks `onHand − reserved ≥ q` as `onHand = :seenOnHand AND reserved ≤ :seenOnHand − q`
 *   (DynamoDB conditions have no arithmetic): concurrent reservations do not invalidate each other
 *   unless they exhaust the stock; only a change of onHand forces a re-read.
 * - Commit and release remove the hold and leave a tombstone `done#<runId>` = `committed@<time>` or
 *   `released@<time>`. A hold is added only if neither exists, so a reserve that lands late (its
 *   Lambda still running after the saga moved on) or is repeated can never hold twice nor hold again
 *   after a release; a release that overtook the reserve leaves the tombstone alone, which blocks it.
 *   `exp` is when the order's lease ends: the recovery finishes every order past it, committing or
 *   releasing its holds, so no hold outlives its order (docs/checkout-saga.md).
 * - Tombstones older than `tombstoneMs` (far beyond any lease) are removed by the item's next reserve.
 */
export type ReserveOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly short: readonly ShortLine[] }
  | { readonly ok: false; readonly released: true };

export interface StockWriter {
  /**
   * Holds every line or none (on a short line, what was held is released again). `allowShort` (a
   * sale made offline: it happened) holds a short line anyway, as an `offline-shortfall` movement.
   */
  reserve(
    runId: string,
    locationId: string,
    lines: readonly LineToReserve[],
    expiresAt: string,
    options?: { readonly allowShort?: boolean },
  ): Promise<ReserveOutcome>;
  /** Held units leave on-hand stock; `released` when a line's hold was released instead. */
  commit(
    runId: string,
    locationId: string,
    lines: readonly LineToReserve[],
  ): Promise<'committed' | 'released'>;
  /** Gives back every unit the run still holds (and blocks its late holds); returns the lines given back. */
  release(runId: string, locationId: string, lines: readonly LineToReserve[]): Promise<LineToReserve[]>;
  /** Units back on the shelf after a return; idempotent per `movementId`. */
  restock(movementId: string, locationId: string, line: LineToReserve): Promise<boolean>;
}

type Item = Record<string, NativeAttributeValue>;

export const holdAttr = (runId: string) => `hold#${runId}`;
export const doneAttr = (runId: string) => `done#${runId}`;
export const restockedAttr = (returnId: string) => `restocked#${returnId}`;
/** Tombstones are kept this long, then removed by the next reserve of the item. */
export const tombstoneMs = 3_600_000;
/** Longer than any event's delivery (maxEventAgeSeconds of the rules: 6 h). */
export const restockTombstoneMs = 24 * 3_600_000;
const maxAttempts = 20;
const maxTombstonesPerWrite = 20;

type LineOutcome = 'held' | 'committed' | 'released' | { short: number };

export class DynamoStockWriter implements StockWriter {
  private readonly table: string;
  private readonly ledger: StockLedger;
  private readonly now: () => Date;
  constructor(
    table = tableName('inventory'),
    ledger = new StockLedger(table),
    now: () => Date = () => new Date(),
  ) {
    this.table = table;
    this.ledger = ledger;
    this.now = now;
  }

  private async read(locationId: string, productId: string): Promise<Item | undefined> {
    return (
      await ddb.send(
        new GetCommand({ TableName: this.table, Key: stockKey(locationId, productId), ConsistentRead: true }),
      )
    ).Item;
  }

  private async readMany(locationId: string, productIds: readonly string[]): Promise<Map<string, Item>> {
    const found = new Map<string, Item>();
    let keys: Item[] = productIds.map((p) => stockKey(locationId, p));
    for (let round = 0; keys.length > 0 && round < 10; round++) {
      const out = await ddb.send(
        new BatchGetCommand({
          RequestItems: { [this.table]: { Keys: keys.slice(0, 100), ConsistentRead: true } },
        }),
      );
      for (const item of out.Responses?.[this.table] ?? []) found.set(item.productId as string, item);
      keys = [...((out.UnprocessedKeys?.[this.table]?.Keys as Item[] | undefined) ?? []), ...keys.slice(100)];
    }
    return found;
  }

  /** REMOVE parts for the item's tombstones past their age (`tombstoneMs`, `restockTombstoneMs`). */
  private staleTombstones(item: Item): UpdateParts {
    const now = this.now().getTime();
    const stale = Object.entries(item)
      .filter(([k, v]) => {
        if (k.startsWith('done#') && typeof v === 'string')
          return Date.parse(v.split('@')[1] ?? '') < now - tombstoneMs;
        if (k.startsWith('restocked#') && typeof v === 'string')
          return Date.parse(v) < now - restockTombstoneMs;
        return false;
      })
      .slice(0, maxTombstonesPerWrite)
      .map(([k]) => k);
    return {
      remove: stale.map((_, i) => `#old${i}`),
      names: Object.fromEntries(stale.map((k, i) => [`#old${i}`, k])),
    };
  }

  private async reserveLine(
    runId: string,
    locationId: string,
    line: LineToReserve,
    first: Item | undefined,
    expiresAt: string,
    allowShort: boolean,
  ): Promise<LineOutcome> {
    let item = first;
    for (let attempt = 0; ; attempt++) {
      if (!item) return { short: 0 };
      const done = item[doneAttr(runId)] as string | undefined;
      if (done !== undefined) return done.startsWith('committed') ? 'committed' : 'released';
      if (item[holdAttr(runId)] !== undefined) return 'held';
      const onHand = item.onHand as number;
      const reserved = (item.reserved as number | undefined) ?? 0;
      const available = Math.max(0, onHand - reserved);
      const short = onHand - reserved < line.quantity;
      if (short && !allowShort) return { short: available };
      // Short and sold offline: held anyway, whatever the level (the sale took place).
      const intent: MovementIntent = short
        ? {
            kind: 'offline-shortfall',
            quantity: line.quantity,
            reference: runId,
            reason: `sold offline: ${line.quantity - available} more than the ${available} available`,
          }
        : { kind: 'reserve', quantity: line.quantity, reference: runId };
      const stale = this.staleTombstones(item);
      try {
        await this.ledger.update(
          stockKey(locationId, line.productId),
          {
            set: ['reserved = if_not_exists(reserved, :zero) + :q', '#hold = :hold'],
            remove: stale.remove ?? [],
            conditions: [
              'attribute_not_exists(#hold)',
              'attribute_not_exists(#done)',
              ...(short ? [] : ['onHand = :onHand', 'attribute_not_exists(reserved) OR reserved <= :max']),
            ],
            names: { '#hold': holdAttr(runId), '#done': doneAttr(runId), ...stale.names },
            values: {
              ':q': line.quantity,
              ':zero': 0,
              ':hold': { q: line.quantity, exp: expiresAt },
              ...(short ? {} : { ':onHand': onHand, ':max': maxReservedBefore(onHand, line.quantity) }),
            },
          },
          intent,
          { deferred: true },
        );
        return 'held';
      } catch (e) {
        if (!isConditionFailure(e) || attempt >= maxAttempts) throw e;
        item = await this.read(locationId, line.productId);
      }
    }
  }

  async reserve(
    runId: string,
    locationId: string,
    lines: readonly LineToReserve[],
    expiresAt: string,
    options: { readonly allowShort?: boolean } = {},
  ): Promise<ReserveOutcome> {
    const items = await this.readMany(
      locationId,
      lines.map((l) => l.productId),
    );
    const outcomes = await Promise.all(
      lines.map((l) =>
        this.reserveLine(
          runId,
          locationId,
          l,
          items.get(l.productId),
          expiresAt,
          options.allowShort === true,
        ),
      ),
    );
    const short: ShortLine[] = [];
    outcomes.forEach((o, i) => {
      if (typeof o === 'object')
        short.push({ productId: lines[i]!.productId, requested: lines[i]!.quantity, available: o.short });
    });
    if (outcomes.includes('released')) return { ok: false, released: true };
    if (short.length > 0) {
      await this.release(runId, locationId, lines);
      return { ok: false, short };
    }
    return { ok: true };
  }

  async commit(
    runId: string,
    locationId: string,
    lines: readonly LineToReserve[],
  ): Promise<'committed' | 'released'> {
    const at = this.now().toISOString();
    const outcomes = await Promise.all(
      lines.map(async (line) => {
        try {
          await this.ledger.update(
            stockKey(locationId, line.productId),
            {
              set: ['onHand = onHand - :q', 'reserved = reserved - :q', '#done = :done'],
              remove: ['#hold'],
              conditions: ['#hold.q = :q'],
              names: { '#hold': holdAttr(runId), '#done': doneAttr(runId) },
              values: { ':q': line.quantity, ':done': `committed@${at}` },
            },
            { kind: 'sale', quantity: line.quantity, reference: runId },
            { deferred: true },
          );
          return 'committed' as const;
        } catch (e) {
          if (!isConditionFailure(e)) throw e;
          const done = (await this.read(locationId, line.productId))?.[doneAttr(runId)] as string | undefined;
          return done?.startsWith('committed') ? ('committed' as const) : ('released' as const);
        }
      }),
    );
    return outcomes.includes('released') ? 'released' : 'committed';
  }

  private async releaseLine(runId: string, locationId: string, line: LineToReserve): Promise<boolean> {
    const key = stockKey(locationId, line.productId);
    for (let attempt = 0; ; attempt++) {
      const at = this.now().toISOString();
      try {
        await this.ledger.update(
          key,
          {
            set: ['reserved = reserved - :q', '#done = :done'],
            remove: ['#hold'],
            conditions: ['#hold.q = :q'],
            names: { '#hold': holdAttr(runId), '#done': doneAttr(runId) },
            values: { ':q': line.quantity, ':done': `released@${at}` },
          },
          { kind: 'release', quantity: line.quantity, reference: runId },
          { deferred: true },
        );
        return true;
      } catch (e) {
        if (!isConditionFailure(e) || attempt >= maxAttempts) throw e;
      }
      // Nothing held: committed or released already, or never held — then block a late hold.
      const item = await this.read(locationId, line.productId);
      if (!item || item[doneAttr(runId)] !== undefined) return false;
      if (item[holdAttr(runId)] !== undefined) continue;
      try {
        await ddb.send(
          new UpdateCommand({
            TableName: this.table,
            Key: key,
            UpdateExpression: 'SET #done = :done',
            ConditionExpression:
              'attribute_exists(pk) AND attribute_not_exists(#hold) AND attribute_not_exists(#done)',
            ExpressionAttributeNames: { '#hold': holdAttr(runId), '#done': doneAttr(runId) },
            ExpressionAttributeValues: { ':done': `released@${at}` },
          }),
        );
        return false;
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
      }
    }
  }

  async release(
    runId: string,
    locationId: string,
    lines: readonly LineToReserve[],
  ): Promise<LineToReserve[]> {
    const given = await Promise.all(lines.map((l) => this.releaseLine(runId, locationId, l)));
    return lines.filter((_, i) => given[i]);
  }

  /**
   * Units of a return back on the shelf, in one conditional write: onHand += q with the tombstone
   * `restocked#<returnId>` (only if absent), so that however many times OrderReturned is delivered —
   * the same event again, or published again by a retry or the recovery, concurrently or not — the
   * units come back once. The tombstone outlives any delivery (events are not delivered after
   * `restockTombstoneMs`) and is then removed by the item's next reserve.
   */
  async restock(movementId: string, locationId: string, line: LineToReserve): Promise<boolean> {
    const intent: MovementIntent = { kind: 'return', quantity: line.quantity, reference: movementId };
    try {
      await this.ledger.update(
        stockKey(locationId, line.productId),
        {
          set: ['onHand = onHand + :q', '#r = :at'],
          conditions: ['attribute_exists(pk)', 'attribute_not_exists(#r)'],
          names: { '#r': restockedAttr(movementId) },
          values: { ':q': line.quantity, ':at': this.now().toISOString() },
        },
        intent,
      );
      return true;
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
      // Restocked already (or no such stock item): record its movement if that write's recording died.
      await this.ledger.settle(locationId, line.productId, intent);
      return false;
    }
  }
}
