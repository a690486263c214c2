import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import type { AlertChange, AlertEntry, AlertState } from '#domain/reporting/alerts.ts';
import { sinceOf } from '#domain/reporting/alerts.ts';
import {
  counterNames,
  taxCounterNames,
  tenderCounterNames,
  zeroCounters,
  zeroTaxCounters,
  zeroTenderCounters,
  type Counters,
  type TaxCounters,
  type TenderCounters,
  type TenderMethod,
} from '#domain/reporting/figures.ts';
import {
  chainScope,
  type Alert,
  type DayCounts,
  type AlertType,
  type LocationDay,
  type ProductDay,
} from '#domain/reporting/report.ts';
import type { Contribution, SoldOrder } from '#domain/reporting/sales.ts';
import type { OfflineSaleRow } from '#domain/reporting/offline-sales.ts';
import {
  ddb,
  decodeStartKey,
  encodeCursor,
  isConditionFailure,
  queryAll,
  tableName,
} from '#functions/adapters/dynamo.ts';
import { log } from '#functions/shared/correlation.ts';
import type { ExportLocale } from '../export-file.ts';

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
  /** Language and number format of the file (records from before locales were chosen have none). */
  readonly locale?: ExportLocale | undefined;
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
  /**
   * A location's days: sales counters, discounts, taxes per class and tenders (small items);
   * `countersOnly` reads the sales counters alone (the dashboard's 30 days).
   */
  locationDays(
    locationId: string,
    from: string,
    to: string,
    options?: { countersOnly?: boolean },
  ): Promise<LocationDay[]>;
  /**
   * A location's best sellers: net units and revenue per product and day (the dashboard's top
   * products), named by product id (`productNames` gives the names), with each day's orders and
   * returns as these items counted them.
   */
  topProductDays(locationId: string, from: string, to: string): Promise<TopProductDays>;
  /**
   * What a dashboard reads of a location's best sellers: the kept sums of its settled days ending
   * `settledTo` (if kept), and the best sellers of each later day up to `today`.
   */
  recentTopProducts(locationId: string, settledTo: string, today: string): Promise<RecentTopProducts>;
  /** Keeps the sums of best sellers over settled days ending `to`, with what they were made of. */
  keepSettledTopProducts(
    locationId: string,
    to: string,
    products: readonly ProductDay[],
    fingerprint: string,
    now: Date,
  ): Promise<void>;
  /** A location's product-days (full counters): the products of a one-location report. */
  productDays(locationId: string, from: string, to: string): Promise<ProductDay[]>;
  /** The chain's product-days, all locations together: the products of the chain report. */
  chainProductDays(from: string, to: string): Promise<ProductDay[]>;
  /** Names of products, each looked up in the chain's product-day of a day it sold (at most 100). */
  productNames(soldOn: ReadonlyMap<string, string>): Promise<Map<string, string>>;
  currentAlerts(): Promise<Alert[]>;
  /** Every entry of the current-alerts read model, `normal` ones too (the reconciliation compares them). */
  alertEntries(): Promise<AlertEntry[]>;
  recordSale(order: SoldOrder): Promise<OrderState>;
  orderState(orderId: string): Promise<OrderState>;
  /** `firstOfDay`: this contribution was the first of its day at its location (the best sellers' first). */
  addToAggregates(tag: string, contribution: Contribution, now: Date): Promise<{ firstOfDay: boolean }>;
  markApplied(orderId: string, tag: string, at: string): Promise<void>;
  changeAlert(change: AlertChange): Promise<boolean>;
  /** Keeps an offline sale's row once (false: it was kept already). */
  keepOfflineSale(row: OfflineSaleRow): Promise<boolean>;
  /** The latest offline sales, the last synced first. */
  latestOfflineSales(limit: number): Promise<OfflineSaleRow[]>;
  putExport(record: ExportRecord): Promise<boolean>;
  getExport(exportId: string): Promise<ExportRecord | undefined>;
  /** Undefined when the cursor is not one of this list's. */
  listExports(
    limit: number,
    cursor?: string,
  ): Promise<{ items: ExportRecord[]; nextCursor?: string } | undefined>;
}

export interface TopProductDays {
  readonly products: ProductDay[];
  readonly counts: DayCounts[];
}
export interface RecentTopProducts {
  readonly settled?: { readonly products: ProductDay[]; readonly fingerprint: string };
  readonly products: ProductDay[];
}

/** A function runs at most 15 minutes: after that, no delivery that missed an order's record is still running. */
export const settleMs = 15 * 60_000;
/** Pruning is attempted when an item's `applied` set has grown past this many tags, … */
const pruneAbove = 50;
/** … and then every `pruneEvery` tags, so that a busy item does not look up 100 orders on every write. */
const pruneEvery = 10;

/**
 * The aggregate items a contribution is added to (keys in infra/spec/tables.ts):
 * - location × day `DAY#<locationId>`, `<day>`: the counters, `discountCents`, taxes per class
 *   `tax#<class>#<counter>` and tenders `tender#<method>#<counter>` — a fixed, small set of
 *   attributes, read 30 days at a time by the dashboard and for three periods by a report;
 * - best sellers of a location × day `DAYTOP#<locationId>`, `<day>`: net units `u#<productId>` and
 *   net revenue `r#<productId>` of each product sold, and the day's `orders` and `returns`, for the
 *   dashboard's top products; no names, which would weigh more than the figures: the dashboard looks
 *   up the few it shows in the chain's product-days. The sums over the window's settled days are kept
 *   in the same partition under `<last day>#settled` (by the projection; see settledTopDays);
 * - product × location × day `PRODUCTDAY#<locationId>`, `<day>#<productId>` (full counters): the
 *   products of a one-location report;
 * - product × day for the whole chain `CHAINPRODUCTDAY`, `<day>#<productId>` (full counters): the
 *   products of the chain report, read as one key range whatever the number of locations.
 */
export interface AggregateUpdate {
  readonly key: { readonly pk: string; readonly sk: string };
  /** Identifying attributes, set on every write. */
  readonly attrs: Readonly<Record<string, string>>;
  /** Numbers added with ADD. */
  readonly adds: Readonly<Record<string, number>>;
  /** Product names: a sale sets them; a return (which may not know them) only where none is set. */
  readonly names: Readonly<Record<string, string>>;
  readonly namesIfMissing: boolean;
}

/** Best-seller attributes; kept sums also say the last day each product sold (`d#`), where its name is. */
const top = { units: 'u#', revenue: 'r#', day: 'd#' } as const;
const taxAttr = (taxClass: string, counter: keyof TaxCounters) => `tax#${taxClass}#${counter}`;
const tenderAttr = (method: TenderMethod, counter: keyof TenderCounters) => `tender#${method}#${counter}`;

export const locationDayKey = (locationId: string, day: string) => ({ pk: `DAY#${locationId}`, sk: day });
export const topProductsKey = (locationId: string, day: string) => ({ pk: `DAYTOP#${locationId}`, sk: day });
export const productDayKey = (locationId: string, day: string, productId: string) => ({
  pk: `PRODUCTDAY#${locationId}`,
  sk: `${day}#${productId}`,
});
export const chainProductDayKey = (day: string, productId: string) => ({
  pk: 'CHAINPRODUCTDAY',
  sk: `${day}#${productId}`,
});

const nonZero = (entries: [string, number | undefined][]): Record<string, number> =>
  Object.fromEntries(entries.filter((e): e is [string, number] => e[1] !== undefined && e[1] !== 0));

/** The writes a contribution makes, one conditional ADD each. Pure (the benchmark folds them in memory). */
export function aggregateUpdates(c: Contribution): AggregateUpdate[] {
  const isSale = (c.location.orders ?? 0) > 0;
  const where = { locationId: c.locationId, day: c.day };
  const day: AggregateUpdate = {
    key: locationDayKey(c.locationId, c.day),
    attrs: where,
    adds: nonZero([
      ...counterNames.map((n): [string, number | undefined] => [n, c.location[n]]),
      ['discountCents', c.discountCents],
      ...c.taxes.flatMap((t) =>
        taxCounterNames.map((n): [string, number | undefined] => [taxAttr(t.taxClass, n), t.counters[n]]),
      ),
      ...c.tenders.flatMap((t) =>
        tenderCounterNames.map((n): [string, number | undefined] => [tenderAttr(t.method, n), t.counters[n]]),
      ),
    ]),
    names: {},
    namesIfMissing: false,
  };
  const best: AggregateUpdate = {
    key: topProductsKey(c.locationId, c.day),
    attrs: where,
    adds: {
      ...nonZero([
        ['orders', c.location.orders],
        ['returns', c.location.returns],
      ]),
      ...Object.fromEntries(
        c.products.flatMap((p) => [
          [`${top.units}${p.productId}`, (p.counters.unitsSold ?? 0) - (p.counters.unitsReturned ?? 0)],
          [`${top.revenue}${p.productId}`, (p.counters.salesCents ?? 0) - (p.counters.refundsCents ?? 0)],
        ]),
      ),
    },
    names: {},
    namesIfMissing: false,
  };
  const products = c.products.flatMap((p): AggregateUpdate[] => {
    const adds = nonZero(counterNames.map((n) => [n, p.counters[n]]));
    const names = { name: p.name };
    return [
      {
        key: productDayKey(c.locationId, c.day, p.productId),
        attrs: { ...where, productId: p.productId },
        adds,
        names,
        namesIfMissing: !isSale,
      },
      {
        key: chainProductDayKey(c.day, p.productId),
        attrs: { locationId: chainScope, day: c.day, productId: p.productId },
        adds,
        names,
        namesIfMissing: !isSale,
      },
    ];
  });
  return [day, best, ...products];
}

/**
 * Whole items in the layout the projection builds up write by write, for bulk loads (the benchmark
 * writes a million sales' aggregates with BatchWriteItem) — `applied` sets left empty, as once pruned.
 * `fold` adds an update to an item kept in memory, as the conditional ADD would.
 */
export const bulkItems = {
  fold(items: Map<string, Item>, u: AggregateUpdate): void {
    const id = `${u.key.pk}|${u.key.sk}`;
    const item = items.get(id) ?? { ...u.key };
    Object.assign(item, u.attrs);
    for (const [name, value] of Object.entries(u.adds)) item[name] = Number(item[name] ?? 0) + value;
    for (const [name, value] of Object.entries(u.names))
      if (!u.namesIfMissing || item[name] === undefined) item[name] = value;
    items.set(id, item);
  },
  /** The kept sums of a location's best sellers over settled days ending `to`. */
  settledTopProducts: (
    locationId: string,
    to: string,
    products: readonly ProductDay[],
    fingerprint: string,
    now: Date,
  ): Item => ({
    pk: topProductsKey(locationId, to).pk,
    sk: settledKey(to),
    locationId,
    fingerprint,
    expiresAt: Math.floor(now.getTime() / 1000) + settledKeepSeconds,
    ...Object.fromEntries(
      products.flatMap((p) => [
        [`${top.units}${p.productId}`, p.counters.unitsSold - p.counters.unitsReturned],
        [`${top.revenue}${p.productId}`, p.counters.salesCents - p.counters.refundsCents],
        [`${top.day}${p.productId}`, p.day],
      ]),
    ),
  }),
  order: (sale: SoldOrder, applied: Record<string, string>): Item => ({
    ...orderKey(sale.orderId),
    sale,
    applied,
  }),
};

const orderKey = (orderId: string) => ({ pk: `ORDER#${orderId}`, sk: 'ORDER' });
const offlineSaleKey = (orderId: string) => ({ pk: `OFFLINESALE#${orderId}`, sk: 'OFFLINESALE' });
const exportKey = (exportId: string) => ({ pk: `EXPORT#${exportId}`, sk: 'EXPORT' });
const alertKey = (locationId: string, productId: string) => ({
  pk: 'ALERTS',
  sk: `${locationId}#${productId}`,
});

const orderIdOfTag = (tag: string): string => tag.split(':')[1] ?? '';

const countersOf = (item: Item): Counters => {
  const out: Record<string, number> = { ...zeroCounters };
  for (const n of counterNames) out[n] = Number(item[n] ?? 0);
  return out as unknown as Counters;
};

/** A location-day item read back: counters, discounts, `tax#<class>#<counter>`, `tender#<method>#<counter>`. */
export function locationDayOf(item: Item): LocationDay {
  const taxes: Record<string, Record<string, number>> = {};
  const tenders: Record<string, Record<string, number>> = {};
  for (const [name, value] of Object.entries(item)) {
    const [kind, group, counter] = name.split('#');
    if (counter === undefined || group === undefined) continue;
    if (kind === 'tax') (taxes[group] ??= { ...zeroTaxCounters })[counter] = Number(value);
    else if (kind === 'tender') (tenders[group] ??= { ...zeroTenderCounters })[counter] = Number(value);
  }
  return {
    locationId: item.locationId as string,
    day: item.sk as string,
    counters: countersOf(item),
    discountCents: Number(item.discountCents ?? 0),
    taxes: taxes as unknown as LocationDay['taxes'],
    tenders: tenders as unknown as LocationDay['tenders'],
  };
}

/** Sort key of the kept sums of best sellers over settled days ending `to`. */
const settledKey = (to: string) => `${to}#settled`;
/** How long kept sums stay (TTL): they serve the day they were made for. */
const settledKeepSeconds = 3 * 86_400;

/** A best-seller item (or kept sums) read back: one row per product, net figures carried as "sold", named by id. */
export const topProductDaysOf = (i: Item): ProductDay[] =>
  Object.entries(i)
    .filter(([name]) => name.startsWith(top.units))
    .map(([name, units]) => {
      const productId = name.slice(top.units.length);
      return {
        locationId: i.locationId as string,
        day: (i[`${top.day}${productId}`] as string | undefined) ?? (i.sk as string).slice(0, 10),
        productId,
        name: productId,
        // Net figures, carried as "sold" so that figuresOf() gives them back unchanged.
        counters: {
          ...zeroCounters,
          unitsSold: Number(units),
          salesCents: Number(i[`${top.revenue}${productId}`] ?? 0),
        },
      };
    });

/** A product-day item (a location's or the chain's) read back. */
export const productDayOf = (i: Item): ProductDay => ({
  locationId: i.locationId as string,
  day: (i.sk as string).slice(0, 10),
  productId: i.productId as string,
  name: i.name as string,
  counters: countersOf(i),
});

const orderState = (item: Item | undefined): OrderState => ({
  sale: item?.sale as SoldOrder | undefined,
  applied: (item?.applied as Record<string, string> | undefined) ?? {},
});

export class DynamoReportingRepository implements ReportingRepository {
  private readonly table: string;
  constructor(table = tableName('reporting')) {
    this.table = table;
  }

  private range(pk: string, from: string, to: string, projection?: readonly string[]) {
    const names = projection?.map((n, i) => [`#p${i}`, n] as const) ?? [];
    return queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to },
      ...(projection
        ? {
            ProjectionExpression: names.map(([placeholder]) => placeholder).join(', '),
            ExpressionAttributeNames: Object.fromEntries(names),
          }
        : {}),
    });
  }

  async locationDays(
    locationId: string,
    from: string,
    to: string,
    options: { countersOnly?: boolean } = {},
  ): Promise<LocationDay[]> {
    const items = await this.range(
      locationDayKey(locationId, from).pk,
      from,
      to,
      options.countersOnly ? ['sk', ...counterNames] : undefined,
    );
    return items.map((i) => locationDayOf({ ...i, locationId }));
  }

  async topProductDays(locationId: string, from: string, to: string): Promise<TopProductDays> {
    const items = (await this.range(topProductsKey(locationId, from).pk, from, to)).filter(
      (i) => (i.sk as string).length === 10,
    );
    return {
      products: items.flatMap((i) => topProductDaysOf({ ...i, locationId })),
      counts: items.map((i) => ({
        day: i.sk as string,
        orders: Number(i.orders ?? 0),
        returns: Number(i.returns ?? 0),
      })),
    };
  }

  async recentTopProducts(locationId: string, settledTo: string, today: string): Promise<RecentTopProducts> {
    // From the kept sums of the settled days (sorted right after their last day) to today's best sellers.
    const items = await this.range(topProductsKey(locationId, today).pk, settledKey(settledTo), `${today}~`);
    const kept = items.find((i) => i.sk === settledKey(settledTo));
    const days = items.filter((i) => (i.sk as string).length === 10 && (i.sk as string) > settledTo);
    return {
      ...(kept
        ? {
            settled: {
              products: topProductDaysOf({ ...kept, locationId }),
              fingerprint: String(kept.fingerprint ?? ''),
            },
          }
        : {}),
      products: days.flatMap((i) => topProductDaysOf({ ...i, locationId })),
    };
  }

  async keepSettledTopProducts(
    locationId: string,
    to: string,
    products: readonly ProductDay[],
    fingerprint: string,
    now: Date,
  ): Promise<void> {
    await ddb.send(
      new PutCommand({
        TableName: this.table,
        Item: bulkItems.settledTopProducts(locationId, to, products, fingerprint, now),
      }),
    );
  }

  async productDays(locationId: string, from: string, to: string): Promise<ProductDay[]> {
    const items = await this.range(`PRODUCTDAY#${locationId}`, from, `${to}~`);
    return items.map(productDayOf);
  }

  async chainProductDays(from: string, to: string): Promise<ProductDay[]> {
    const items = await this.range('CHAINPRODUCTDAY', from, `${to}~`);
    return items.map(productDayOf);
  }

  async productNames(soldOn: ReadonlyMap<string, string>): Promise<Map<string, string>> {
    let keys: Item[] = [...soldOn]
      .slice(0, 100)
      .map(([productId, day]) => chainProductDayKey(day, productId));
    const names = new Map<string, string>();
    // BatchGetItem may leave keys unprocessed (throttling): asked again a few times, else named by id.
    for (let attempt = 0; keys.length > 0 && attempt < 3; attempt++) {
      const out = await ddb.send(
        new BatchGetCommand({
          RequestItems: {
            [this.table]: {
              Keys: keys,
              ProjectionExpression: 'productId, #n',
              ExpressionAttributeNames: { '#n': 'name' },
            },
          },
        }),
      );
      for (const i of out.Responses?.[this.table] ?? []) names.set(i.productId as string, i.name as string);
      keys = out.UnprocessedKeys?.[this.table]?.Keys ?? [];
    }
    return names;
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

  async addToAggregates(tag: string, c: Contribution, now: Date): Promise<{ firstOfDay: boolean }> {
    const updates = aggregateUpdates(c);
    const written = await Promise.all(updates.map((u) => this.addOnce(tag, u, now)));
    const best = written[updates.findIndex((u) => u.key.pk.startsWith('DAYTOP#'))];
    return { firstOfDay: best !== undefined && Number(best.orders ?? 0) + Number(best.returns ?? 0) === 1 };
  }

  /** The attributes the update changed, or undefined when the item had counted the tag already. */
  private async addOnce(tag: string, u: AggregateUpdate, now: Date): Promise<Item | undefined> {
    const names: Record<string, string> = {};
    const values: Item = { ':tag': new Set([tag]), ':t': tag };
    const adds = ['applied :tag'];
    Object.entries(u.adds).forEach(([name, value], i) => {
      names[`#c${i}`] = name;
      values[`:c${i}`] = value;
      adds.push(`#c${i} :c${i}`);
    });
    const sets = Object.entries(u.attrs).map(([name, value], i) => {
      names[`#a${i}`] = name;
      values[`:a${i}`] = value;
      return `#a${i} = :a${i}`;
    });
    Object.entries(u.names).forEach(([name, value], i) => {
      names[`#n${i}`] = name;
      values[`:n${i}`] = value;
      sets.push(u.namesIfMissing ? `#n${i} = if_not_exists(#n${i}, :n${i})` : `#n${i} = :n${i}`);
    });
    try {
      const out = await ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: u.key,
          UpdateExpression: `ADD ${adds.join(', ')} SET ${sets.join(', ')}`,
          ConditionExpression: 'NOT contains(applied, :t)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      const applied = out.Attributes?.applied as Set<string> | undefined;
      if (applied && applied.size > pruneAbove && (applied.size - pruneAbove) % pruneEvery === 1)
        await this.prune(u.key, [...applied], now);
      return out.Attributes ?? {};
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
      log.info('contribution already counted in this aggregate', { tag, key: u.key });
      return undefined;
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

  async alertEntries(): Promise<AlertEntry[]> {
    const items = await queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'ALERTS' },
    });
    return items.map((i) => ({
      locationId: i.locationId as string,
      productId: i.productId as string,
      state: i.state as AlertState,
      level: i.level as number,
      occurredAt: i.occurredAt as string,
    }));
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

  async keepOfflineSale(row: OfflineSaleRow): Promise<boolean> {
    try {
      await ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...offlineSaleKey(row.orderId),
            gsi1pk: 'OFFLINESALES',
            gsi1sk: `${row.syncedAt}#${row.orderId}`,
            ...row,
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

  async latestOfflineSales(limit: number): Promise<OfflineSaleRow[]> {
    const out = await ddb.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': 'OFFLINESALES' },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => ({
      locationId: i.locationId as string,
      orderId: i.orderId as string,
      receipt: i.receipt as string,
      soldAt: i.soldAt as string,
      syncedAt: i.syncedAt as string,
      delaySeconds: Number(i.delaySeconds ?? 0),
      totalCents: Number(i.totalCents ?? 0),
      priceDifferences: (i.priceDifferences as OfflineSaleRow['priceDifferences'] | undefined) ?? [],
    }));
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
    ...(i.locale ? { locale: i.locale as ExportLocale } : {}),
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
