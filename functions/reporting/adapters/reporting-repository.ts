import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import type { AlertChange, AlertState } from '#domain/reporting/alerts.ts';
import { sinceOf } from '#domain/reporting/alerts.ts';
import { counterNames, zeroCounters, type Counters } from '#domain/reporting/figures.ts';
import type { Alert, AlertType, LocationDay, ProductDay } from '#domain/reporting/report.ts';
import type { Contribution, SoldOrder } from '#domain/reporting/sales.ts';
import {
  ddb,
  decodeStartKey,
  encodeCursor,
  isConditionFailure,
  queryAll,
  tableName,
} from '#functions/adapters/dynamo.ts';
import { log } from '#functions/shared/correlation.ts';

/**
 * The reporting table (keys in infra/spec/tables.ts). Every write is one conditional single-item
 * write; every read is a Query on a key range or a Get by key — never a Scan.
 *
 * Counting each sale and return exactly once, in any order, without transactions:
 * - each contribution (a sale, or one return of an order) has a tag: `c:<orderId>` or
 *   `r:<orderId>:<returnId>`;
 * - it is added to each aggregate item with `ADD <counters> :deltas, applied :{tag}` under the
 *   condition `NOT contains(applied, :tag)`: an item that already counted it refuses, atomically;
 * - once every item has it, the order's projection item records `applied.<tag> = <time>`, and later
 *   deliveries stop there;
 * - so that aggregate items stay small (their size is what every read pays), a tag is pruned from an
 *   item's `applied` set once the order item has recorded it for longer than `settleMs` (longer than
 *   a function can run): any delivery still in flight has by then either finished or will see the
 *   order item's record first.
 */
type Item = Record<string, NativeAttributeValue>;

export interface OrderState {
  readonly sale: SoldOrder | undefined;
  readonly applied: Readonly<Record<string, string>>;
}

export interface ExportRecord {
  readonly exportId: string;
  readonly period: { readonly from: string; readonly to: string };
  readonly locationId?: string | undefined;
  readonly format: 'csv' | 'json';
  readonly trigger: 'manual' | 'scheduled';
  readonly schedule?: string | undefined;
  readonly fileName: string;
  readonly contentType: string;
  readonly sizeBytes: number;
  readonly key: string;
  readonly createdAt: string;
  readonly createdBy?: string | undefined;
}

export interface ReportingRepository {
  locationDays(locationId: string, from: string, to: string): Promise<LocationDay[]>;
  /** Location days with the per-product summary they carry (net units and revenue): the dashboard's one read. */
  locationDaysWithProducts(
    locationId: string,
    from: string,
    to: string,
  ): Promise<{ days: LocationDay[]; products: ProductDay[] }>;
  productDays(locationId: string, from: string, to: string): Promise<ProductDay[]>;
  currentAlerts(): Promise<Alert[]>;
  recordSale(order: SoldOrder): Promise<OrderState>;
  orderState(orderId: string): Promise<OrderState>;
  addToAggregates(tag: string, contribution: Contribution, now: Date): Promise<void>;
  markApplied(orderId: string, tag: string, at: string): Promise<void>;
  changeAlert(change: AlertChange): Promise<boolean>;
  putExport(record: ExportRecord): Promise<boolean>;
  getExport(exportId: string): Promise<ExportRecord | undefined>;
  /** Undefined when the cursor is not one of this list's. */
  listExports(
    limit: number,
    cursor?: string,
  ): Promise<{ items: ExportRecord[]; nextCursor?: string } | undefined>;
}

/** A function runs at most 15 minutes: after that, no delivery that missed an order's record is still running. */
export const settleMs = 15 * 60_000;
/** Pruning is attempted when an item's `applied` set has grown past this many tags. */
const pruneAbove = 50;

/**
 * Besides its counters, a location-day item carries a small per-product summary — net units
 * `pu#<productId>`, net revenue before taxes `pr#<productId>`, name `pn#<productId>` — added in the
 * same conditional write, so that the dashboard's top products read 30 items per location whatever
 * the number of sales or products sold (an item holds at most three attributes per catalog product).
 */
const summary = { units: 'pu#', revenue: 'pr#', name: 'pn#' } as const;

export const locationDayKey = (locationId: string, day: string) => ({ pk: `DAY#${locationId}`, sk: day });
export const productDayKey = (locationId: string, day: string, productId: string) => ({
  pk: `PRODUCTDAY#${locationId}`,
  sk: `${day}#${productId}`,
});
/**
 * Whole items in the layout the projection builds up write by write, for bulk loads (the benchmark
 * writes a million sales' aggregates with BatchWriteItem) — `applied` sets left empty, as once pruned.
 */
export const bulkItems = {
  locationDay: (
    locationId: string,
    day: string,
    counters: Counters,
    products: readonly { productId: string; name: string; units: number; revenueCents: number }[],
  ): Item => ({
    ...locationDayKey(locationId, day),
    locationId,
    day,
    ...counters,
    ...Object.fromEntries(
      products.flatMap((p) => [
        [`${summary.units}${p.productId}`, p.units],
        [`${summary.revenue}${p.productId}`, p.revenueCents],
        [`${summary.name}${p.productId}`, p.name],
      ]),
    ),
  }),
  productDay: (
    locationId: string,
    day: string,
    productId: string,
    name: string,
    counters: Counters,
  ): Item => ({
    ...productDayKey(locationId, day, productId),
    locationId,
    day,
    productId,
    name,
    ...counters,
  }),
  order: (sale: SoldOrder, applied: Record<string, string>): Item => ({
    ...orderKey(sale.orderId),
    sale,
    applied,
  }),
};

const orderKey = (orderId: string) => ({ pk: `ORDER#${orderId}`, sk: 'ORDER' });
const exportKey = (exportId: string) => ({ pk: `EXPORT#${exportId}`, sk: 'EXPORT' });
const alertKey = (locationId: string, productId: string) => ({
  pk: 'ALERTS',
  sk: `${locationId}#${productId}`,
});

const orderIdOfTag = (tag: string): string => tag.split(':')[1] ?? '';

/** Counter names go through placeholders: several (`returns`, `orders`…) are DynamoDB reserved words. */
const counterNamesMap = Object.fromEntries(counterNames.map((n, i) => [`#k${i}`, n]));
const counterProjection = Object.keys(counterNamesMap).join(', ');
const countersOf = (item: Item): Counters => {
  const out: Record<string, number> = { ...zeroCounters };
  for (const n of counterNames) out[n] = Number(item[n] ?? 0);
  return out as unknown as Counters;
};

const orderState = (item: Item | undefined): OrderState => ({
  sale: item?.sale as SoldOrder | undefined,
  applied: (item?.applied as Record<string, string> | undefined) ?? {},
});

export class DynamoReportingRepository implements ReportingRepository {
  private readonly table: string;
  constructor(table = tableName('reporting')) {
    this.table = table;
  }

  async locationDays(locationId: string, from: string, to: string): Promise<LocationDay[]> {
    const items = await queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': `DAY#${locationId}`, ':from': from, ':to': to },
      ProjectionExpression: `sk, ${counterProjection}`,
      ExpressionAttributeNames: counterNamesMap,
    });
    return items.map((i) => ({ locationId, day: i.sk as string, counters: countersOf(i) }));
  }

  async locationDaysWithProducts(locationId: string, from: string, to: string) {
    const items = await queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': `DAY#${locationId}`, ':from': from, ':to': to },
    });
    const days: LocationDay[] = [];
    const products: ProductDay[] = [];
    for (const i of items) {
      const day = i.sk as string;
      days.push({ locationId, day, counters: countersOf(i) });
      for (const [name, value] of Object.entries(i)) {
        if (!name.startsWith(summary.units)) continue;
        const productId = name.slice(summary.units.length);
        products.push({
          locationId,
          day,
          productId,
          name: (i[`${summary.name}${productId}`] as string | undefined) ?? productId,
          // Net figures, carried as "sold" so that figuresOf() gives them back unchanged.
          counters: {
            ...zeroCounters,
            unitsSold: Number(value),
            salesCents: Number(i[`${summary.revenue}${productId}`] ?? 0),
          },
        });
      }
    }
    return { days, products };
  }

  async productDays(locationId: string, from: string, to: string): Promise<ProductDay[]> {
    const items = await queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': `PRODUCTDAY#${locationId}`, ':from': from, ':to': `${to}~` },
      ProjectionExpression: `sk, productId, #n, ${counterProjection}`,
      ExpressionAttributeNames: { '#n': 'name', ...counterNamesMap },
    });
    return items.map((i) => ({
      locationId,
      day: (i.sk as string).slice(0, 10),
      productId: i.productId as string,
      name: i.name as string,
      counters: countersOf(i),
    }));
  }

  async currentAlerts(): Promise<Alert[]> {
    const items = await queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      FilterExpression: '#s <> :normal',
      ExpressionAttributeNames: { '#s': 'state' },
      ExpressionAttributeValues: { ':pk': 'ALERTS', ':normal': 'normal' },
    });
    return items.map((i) => ({
      type: i.state as AlertType,
      locationId: i.locationId as string,
      productId: i.productId as string,
      name: i.name as string,
      level: i.level as number,
      since: i.since as string,
    }));
  }

  async recordSale(order: SoldOrder): Promise<OrderState> {
    const out = await ddb.send(
      new UpdateCommand({
        TableName: this.table,
        Key: orderKey(order.orderId),
        UpdateExpression: 'SET sale = if_not_exists(sale, :sale), applied = if_not_exists(applied, :empty)',
        ExpressionAttributeValues: { ':sale': order, ':empty': {} },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return orderState(out.Attributes);
  }

  /** The order's projection item (made if missing, so that `applied.<tag>` can be set later). */
  async orderState(orderId: string): Promise<OrderState> {
    const out = await ddb.send(
      new UpdateCommand({
        TableName: this.table,
        Key: orderKey(orderId),
        UpdateExpression: 'SET applied = if_not_exists(applied, :empty)',
        ExpressionAttributeValues: { ':empty': {} },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return orderState(out.Attributes);
  }

  async addToAggregates(tag: string, c: Contribution, now: Date): Promise<void> {
    const targets: {
      key: Item;
      deltas: Partial<Counters>;
      attrs: Item;
      summary?: Contribution['products'];
    }[] = [
      {
        key: locationDayKey(c.locationId, c.day),
        deltas: c.location,
        attrs: { locationId: c.locationId, day: c.day },
        summary: c.products,
      },
      ...c.products.map((p) => ({
        key: productDayKey(c.locationId, c.day, p.productId),
        deltas: p.counters,
        attrs: { locationId: c.locationId, day: c.day, productId: p.productId, name: p.name },
      })),
    ];
    await Promise.all(targets.map((t) => this.addOnce(tag, t.key, t.deltas, t.attrs, now, t.summary ?? [])));
  }

  private async addOnce(
    tag: string,
    key: Item,
    deltas: Partial<Counters>,
    attrs: Item,
    now: Date,
    products: Contribution['products'] = [],
  ) {
    const names: Record<string, string> = {};
    const values: Item = { ':tag': new Set([tag]), ':t': tag };
    const adds = ['applied :tag'];
    Object.entries(deltas).forEach(([name, value], i) => {
      if (!value) return;
      names[`#c${i}`] = name;
      values[`:c${i}`] = value;
      adds.push(`#c${i} :c${i}`);
    });
    const sets = Object.entries(attrs).map(([name, value], i) => {
      names[`#a${i}`] = name;
      values[`:a${i}`] = value;
      return `#a${i} = :a${i}`;
    });
    products.forEach((p, i) => {
      const units = (p.counters.unitsSold ?? 0) - (p.counters.unitsReturned ?? 0);
      const revenue = (p.counters.salesCents ?? 0) - (p.counters.refundsCents ?? 0);
      Object.assign(names, {
        [`#pu${i}`]: `${summary.units}${p.productId}`,
        [`#pr${i}`]: `${summary.revenue}${p.productId}`,
        [`#pn${i}`]: `${summary.name}${p.productId}`,
      });
      Object.assign(values, { [`:pu${i}`]: units, [`:pr${i}`]: revenue, [`:pn${i}`]: p.name });
      adds.push(`#pu${i} :pu${i}`, `#pr${i} :pr${i}`);
      // A sale names the product; a return (which may not know the name) never overwrites one.
      sets.push(p.counters.orders ? `#pn${i} = :pn${i}` : `#pn${i} = if_not_exists(#pn${i}, :pn${i})`);
    });
    try {
      const out = await ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key,
          UpdateExpression: `ADD ${adds.join(', ')} SET ${sets.join(', ')}`,
          ConditionExpression: 'NOT contains(applied, :t)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      const applied = out.Attributes?.applied as Set<string> | undefined;
      if (applied && applied.size > pruneAbove) await this.prune(key, [...applied], now);
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
      log.info('contribution already counted in this aggregate', { tag, key });
    }
  }

  /** Removes from an item the tags its orders have recorded as counted for longer than `settleMs`. */
  private async prune(key: Item, tags: string[], now: Date): Promise<void> {
    const orderIds = [...new Set(tags.map(orderIdOfTag))].slice(0, 100);
    const out = await ddb.send(
      new BatchGetCommand({
        RequestItems: {
          [this.table]: { Keys: orderIds.map(orderKey), ProjectionExpression: 'pk, applied' },
        },
      }),
    );
    const appliedAt = new Map<string, Record<string, string>>();
    for (const i of out.Responses?.[this.table] ?? [])
      appliedAt.set((i.pk as string).slice('ORDER#'.length), (i.applied as Record<string, string>) ?? {});
    const cutoff = new Date(now.getTime() - settleMs).toISOString();
    const settled = tags.filter((t) => {
      const at = appliedAt.get(orderIdOfTag(t))?.[t];
      return at !== undefined && at < cutoff;
    });
    if (settled.length === 0) return;
    await ddb.send(
      new UpdateCommand({
        TableName: this.table,
        Key: key,
        UpdateExpression: 'DELETE applied :settled',
        ExpressionAttributeValues: { ':settled': new Set(settled) },
      }),
    );
  }

  async markApplied(orderId: string, tag: string, at: string): Promise<void> {
    await ddb.send(
      new UpdateCommand({
        TableName: this.table,
        Key: orderKey(orderId),
        UpdateExpression: 'SET applied.#t = if_not_exists(applied.#t, :at)',
        ExpressionAttributeNames: { '#t': tag },
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }

  async changeAlert(change: AlertChange): Promise<boolean> {
    const key = alertKey(change.locationId, change.productId);
    const previous = (
      await ddb.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }))
    ).Item as { state: AlertState; since: string; occurredAt: string } | undefined;
    try {
      await ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...key,
            gsi1pk: `ALERT#${change.state}`,
            gsi1sk: `${change.locationId}#${change.productId}`,
            locationId: change.locationId,
            productId: change.productId,
            name: change.name,
            level: change.level,
            state: change.state,
            since: sinceOf(change, previous),
            occurredAt: change.occurredAt,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR occurredAt < :at',
          ExpressionAttributeValues: { ':at': change.occurredAt },
        }),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  async putExport(record: ExportRecord): Promise<boolean> {
    try {
      await ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...exportKey(record.exportId),
            gsi1pk: 'EXPORTS',
            gsi1sk: `${record.createdAt}#${record.exportId}`,
            ...record,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  async getExport(exportId: string): Promise<ExportRecord | undefined> {
    const out = await ddb.send(new GetCommand({ TableName: this.table, Key: exportKey(exportId) }));
    return out.Item ? toExport(out.Item) : undefined;
  }

  async listExports(
    limit: number,
    cursor?: string,
  ): Promise<{ items: ExportRecord[]; nextCursor?: string } | undefined> {
    const start =
      cursor === undefined
        ? undefined
        : decodeStartKey(cursor, { gsi1pk: 'EXPORTS', gsi1sk: undefined, pk: undefined, sk: undefined });
    if (cursor !== undefined && start === undefined) return undefined;
    const out = await ddb.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': 'EXPORTS' },
        ScanIndexForward: false,
        Limit: limit,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    return {
      items: (out.Items ?? []).map(toExport),
      ...(out.LastEvaluatedKey ? { nextCursor: encodeCursor(out.LastEvaluatedKey) } : {}),
    };
  }
}

function toExport(i: Item): ExportRecord {
  return {
    exportId: i.exportId as string,
    period: i.period as { from: string; to: string },
    ...(i.locationId ? { locationId: i.locationId as string } : {}),
    format: i.format as 'csv' | 'json',
    trigger: i.trigger as 'manual' | 'scheduled',
    ...(i.schedule ? { schedule: i.schedule as string } : {}),
    fileName: i.fileName as string,
    contentType: i.contentType as string,
    sizeBytes: i.sizeBytes as number,
    key: i.key as string,
    createdAt: i.createdAt as string,
    ...(i.createdBy ? { createdBy: i.createdBy as string } : {}),
  };
}
