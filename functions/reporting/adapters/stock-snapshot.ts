import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { defaultThresholds, type Thresholds } from '#domain/inventory/stock.ts';
import type { StockLineNow } from '#domain/reporting/alerts.ts';
import { queryAll, tableName } from '#functions/adapters/dynamo.ts';

/**
 * The stock as it is now, read from the inventory table for the alerts reconciliation (a scheduled
 * job, never a request): the locations (pk=LOCATIONS), then each location's stock items
 * (pk=LOCATION#<id>, sk begins with STOCK#) — Queries, no Scan. Read only.
 */
export interface StockSnapshot {
  lines(): Promise<StockLineNow[]>;
}

type Item = Record<string, NativeAttributeValue>;

export class DynamoStockSnapshot implements StockSnapshot {
  private readonly table: string;
  constructor(table = tableName('inventory')) {
    this.table = table;
  }

  async lines(): Promise<StockLineNow[]> {
    const locations = await queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'LOCATIONS' },
    });
    const perLocation = await Promise.all(
      locations.map((l) =>
        queryAll({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :stock)',
          ExpressionAttributeValues: { ':pk': `LOCATION#${l.id as string}`, ':stock': 'STOCK#' },
        }),
      ),
    );
    return perLocation.flat().map((i: Item) => ({
      locationId: i.locationId as string,
      productId: i.productId as string,
      name: i.name as string,
      available: (i.onHand as number) - ((i.reserved as number | undefined) ?? 0),
      thresholds: (i.thresholds as Thresholds | undefined) ?? defaultThresholds,
      ...(typeof i.lastAt === 'string' ? { lastAt: i.lastAt } : {}),
    }));
  }
}
