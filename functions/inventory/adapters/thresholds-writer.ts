import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { defaultThresholds, type StockLevel, type Thresholds } from '#domain/inventory/stock.ts';
import { ddb, isConditionFailure, tableName } from '#functions/adapters/dynamo.ts';
import { StockLedger, pendingOf } from './ledger.ts';
import { stockKey, toLevel } from './stock-repository.ts';

/**
 * Threshold changes of a stock item, written through the ledger as a `thresholds` movement (zero
 * quantity and delta, old and new thresholds): one conditional UpdateItem that sets `thresholds`
 * only if they are still those read (so the movement's "old thresholds" are exact), and only if
 * they differ from the new ones (so the same PUT twice writes one movement). A concurrent change
 * makes the condition fail: read again and retry.
 */
export interface ThresholdsWriter {
  /** The stock line after the change (or as it is, when it already had these thresholds); undefined: no such line. */
  set(
    locationId: string,
    productId: string,
    next: Thresholds,
    setBy: string,
  ): Promise<StockLevel | undefined>;
}

const maxAttempts = 10;
const same = (a: Thresholds, b: Thresholds) =>
  a.low === b.low && a.reorder === b.reorder && a.over === b.over;

export class DynamoThresholdsWriter implements ThresholdsWriter {
  private readonly table: string;
  private readonly ledger: StockLedger;
  constructor(table = tableName('inventory'), ledger = new StockLedger(table)) {
    this.table = table;
    this.ledger = ledger;
  }

  async set(
    locationId: string,
    productId: string,
    next: Thresholds,
    setBy: string,
  ): Promise<StockLevel | undefined> {
    for (let attempt = 0; ; attempt++) {
      const item = (
        await ddb.send(
          new GetCommand({
            TableName: this.table,
            Key: stockKey(locationId, productId),
            ConsistentRead: true,
          }),
        )
      ).Item;
      if (!item) return undefined;
      const previous = (item.thresholds as Thresholds | undefined) ?? defaultThresholds;
      if (same(previous, next)) {
        // Already set (this PUT again, or an earlier attempt whose recording died): record any
        // thresholds movement still in the outbox, change nothing.
        for (const m of pendingOf(item).filter((p) => p.kind === 'thresholds'))
          await this.ledger.record(item, { kind: 'thresholds', quantity: 0, reference: m.reference });
        return toLevel(item);
      }
      const stored = item.thresholds !== undefined;
      try {
        const { item: after } = await this.ledger.update(
          stockKey(locationId, productId),
          {
            set: ['#t = :next'],
            // Names for every attribute: some of these words are reserved in DynamoDB expressions.
            conditions: stored
              ? ['#t.#l = :pl AND #t.#r = :pr AND #t.#o = :po']
              : ['attribute_exists(pk)', 'attribute_not_exists(#t)'],
            names: {
              '#t': 'thresholds',
              ...(stored ? { '#l': 'low', '#r': 'reorder', '#o': 'over' } : {}),
            },
            values: {
              ':next': { low: next.low, reorder: next.reorder, over: next.over },
              ...(stored ? { ':pl': previous.low, ':pr': previous.reorder, ':po': previous.over } : {}),
            },
          },
          {
            kind: 'thresholds',
            quantity: 0,
            reference: `thr-${randomUUID()}`,
            reason: `thresholds set by ${setBy}`,
            thresholds: { previous, next },
          },
        );
        return toLevel(after);
      } catch (e) {
        if (!isConditionFailure(e) || attempt >= maxAttempts) throw e;
      }
    }
  }
}
