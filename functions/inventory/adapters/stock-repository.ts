import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { defaultThresholds, type StockLevel, type Thresholds } from '#domain/inventory/stock.ts';
import type { StoredReorderSettings } from '#domain/inventory/reorder.ts';
import { ddb, isConditionFailure, queryAll, tableName } from '#functions/adapters/dynamo.ts';

/**
 * Inventory storage (see infra/spec/tables.ts): locations under pk=LOCATIONS, one stock item per
 * (location, product) under pk=LOCATION#<id>, sk=STOCK#<productId>, indexed by product in gsi1.
 */
export type LocationKind = 'store' | 'warehouse' | 'head-office';
export interface Location {
  readonly id: string;
  readonly name: string;
  readonly kind: LocationKind;
}

export interface StockRepository {
  listLocations(): Promise<Location[]>;
  getLocation(id: string): Promise<Location | undefined>;
  stockAt(locationId: string): Promise<StockLevel[]>;
  stockLine(locationId: string, productId: string): Promise<StockLevel | undefined>;
  stockOfProduct(productId: string): Promise<StockLevel[]>;
  putLocation(location: Location): Promise<void>;
  putStock(level: StockLevel): Promise<void>;
  /**
   * Sets (or, with undefined, removes) the reorder rule of an existing stock line; undefined when
   * there is no such line. Not a stock change: no movement, the levels and `seq` are untouched.
   */
  setReorderRule(
    locationId: string,
    productId: string,
    rule: StoredReorderSettings | undefined,
  ): Promise<StockLevel | undefined>;
}

type Item = Record<string, NativeAttributeValue>;

export const stockKey = (locationId: string, productId: string) => ({
  pk: `LOCATION#${locationId}`,
  sk: `STOCK#${productId}`,
});

/** A stock item as the domain's StockLevel (thresholds default where none were set). */
export function toLevel(item: Item): StockLevel {
  return {
    locationId: item.locationId as string,
    productId: item.productId as string,
    name: item.name as string,
    onHand: item.onHand as number,
    reserved: (item.reserved as number | undefined) ?? 0,
    thresholds: (item.thresholds as Thresholds | undefined) ?? defaultThresholds,
    ...(item.reorderRule ? { reorderRule: item.reorderRule as StoredReorderSettings } : {}),
  };
}

export class DynamoStockRepository implements StockRepository {
  private readonly table: string;
  constructor(table = tableName('inventory')) {
    this.table = table;
  }

  async listLocations(): Promise<Location[]> {
    const items = await queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'LOCATIONS' },
    });
    return items.map((i) => ({ id: i.id as string, name: i.name as string, kind: i.kind as LocationKind }));
  }

  async getLocation(id: string): Promise<Location | undefined> {
    const out = await ddb.send(
      new GetCommand({ TableName: this.table, Key: { pk: 'LOCATIONS', sk: `LOCATION#${id}` } }),
    );
    return out.Item
      ? { id: out.Item.id as string, name: out.Item.name as string, kind: out.Item.kind as LocationKind }
      : undefined;
  }

  async stockAt(locationId: string): Promise<StockLevel[]> {
    const items = await queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :stock)',
      ExpressionAttributeValues: { ':pk': `LOCATION#${locationId}`, ':stock': 'STOCK#' },
    });
    return items.map(toLevel);
  }

  async stockLine(locationId: string, productId: string): Promise<StockLevel | undefined> {
    const out = await ddb.send(
      new GetCommand({ TableName: this.table, Key: stockKey(locationId, productId) }),
    );
    return out.Item ? toLevel(out.Item) : undefined;
  }

  async stockOfProduct(productId: string): Promise<StockLevel[]> {
    const items = await queryAll({
      TableName: this.table,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': `PRODUCT#${productId}` },
    });
    return items.map(toLevel);
  }

  async putLocation(location: Location): Promise<void> {
    await ddb.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: 'LOCATIONS', sk: `LOCATION#${location.id}`, type: 'location', ...location },
      }),
    );
  }

  async putStock(level: StockLevel): Promise<void> {
    await ddb.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...stockKey(level.locationId, level.productId),
          type: 'stock',
          gsi1pk: `PRODUCT#${level.productId}`,
          gsi1sk: `LOCATION#${level.locationId}`,
          ...level,
        },
      }),
    );
  }

  async setReorderRule(
    locationId: string,
    productId: string,
    rule: StoredReorderSettings | undefined,
  ): Promise<StockLevel | undefined> {
    try {
      const out = await ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: stockKey(locationId, productId),
          UpdateExpression: rule ? 'SET reorderRule = :rule' : 'REMOVE reorderRule',
          ConditionExpression: 'attribute_exists(pk)',
          ...(rule ? { ExpressionAttributeValues: { ':rule': rule } } : {}),
          ReturnValues: 'ALL_NEW',
        }),
      );
      return out.Attributes ? toLevel(out.Attributes) : undefined;
    } catch (e) {
      if (isConditionFailure(e)) return undefined;
      throw e;
    }
  }
}
