import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ReceiptCounter } from '#domain/sales/receipt.ts';
import { ddb, isConditionFailure, tableName } from '#functions/adapters/dynamo.ts';

/**
 * The tills' receipt numbers in the sales table (infra/spec/tables.ts): the counter of a till
 * RECEIPTS#<storeId>#<registerId> / RECEIPTS holds `n` (the last number handed out) and `orderId`
 * (the order that claimed it); each number handed out has RECEIPT#<number> / RECEIPT → orderId, the
 * lookup by receipt number (a return at the till scans the receipt's barcode).
 */
export interface ReceiptBook {
  counter(storeId: string, registerId: string): Promise<ReceiptCounter>;
  /** Moves the till's counter from `seen` to `seen.n + 1` claimed by `orderId`; false if it moved meanwhile. */
  advance(storeId: string, registerId: string, seen: ReceiptCounter, orderId: string): Promise<boolean>;
  /** Records that `receiptNumber` is `orderId`'s (idempotent). */
  record(receiptNumber: string, orderId: string, storeId: string, registerId: string): Promise<void>;
  /** The order a receipt number was given to. */
  find(receiptNumber: string): Promise<string | undefined>;
}

const counterKey = (storeId: string, registerId: string) => ({
  pk: `RECEIPTS#${storeId}#${registerId}`,
  sk: 'RECEIPTS',
});
const receiptKey = (receiptNumber: string) => ({ pk: `RECEIPT#${receiptNumber}`, sk: 'RECEIPT' });

export class DynamoReceiptBook implements ReceiptBook {
  private get table() {
    return tableName('sales');
  }

  async counter(storeId: string, registerId: string): Promise<ReceiptCounter> {
    const out = await ddb.send(
      new GetCommand({ TableName: this.table, Key: counterKey(storeId, registerId), ConsistentRead: true }),
    );
    if (!out.Item) return { n: 0 };
    return { n: out.Item.n as number, ...(out.Item.orderId ? { orderId: out.Item.orderId as string } : {}) };
  }

  async advance(storeId: string, registerId: string, seen: ReceiptCounter, orderId: string) {
    try {
      await ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: counterKey(storeId, registerId),
          UpdateExpression: 'SET n = :next, orderId = :order, #type = :type',
          ConditionExpression: seen.n === 0 ? 'attribute_not_exists(pk)' : 'n = :seen',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: {
            ':next': seen.n + 1,
            ':order': orderId,
            ':type': 'receipt-counter',
            ...(seen.n === 0 ? {} : { ':seen': seen.n }),
          },
        }),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  async record(receiptNumber: string, orderId: string, storeId: string, registerId: string) {
    await ddb.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...receiptKey(receiptNumber), type: 'receipt', receiptNumber, orderId, storeId, registerId },
      }),
    );
  }

  async find(receiptNumber: string): Promise<string | undefined> {
    const out = await ddb.send(
      new GetCommand({ TableName: this.table, Key: receiptKey(receiptNumber), ConsistentRead: true }),
    );
    return out.Item?.orderId as string | undefined;
  }
}
