import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '#domain/shared/errors.ts';
import type { Product } from '#domain/catalog/product.ts';
import { searchWords } from '#domain/catalog/product.ts';
import { matchesAllTerms, normalize, reportingWord, wordBucket } from '#domain/catalog/text.ts';
import { ddb, isConditionFailure, tableName } from '#functions/adapters/dynamo.ts';
import { m } from '#domain/shared/message.ts';

/**
 * Catalog storage. Items (see infra/spec/tables.ts):
 * - PRODUCT#id / PRODUCT: the product, with gsi1 (category) and gsi2 (all, by name) keys;
 * - SKU#sku / SKU and BARCODE#ean / BARCODE: uniqueness claims, also the exact-match search;
 * - WORD#<first letter> / <word>#<productId>: the word index, one item per distinct word of a product
 *   (of its French and English names and its category), carrying the product summary and all its
 *   words so a search needs one Query and no second read.
 * No transactions: claims are conditional puts, made before the product and released on failure;
 * an orphan claim (its product never written) is taken over by the next writer.
 */

type Key = Record<string, NativeAttributeValue>;
type Item = Record<string, NativeAttributeValue>;

export interface ProductPage {
  readonly items: Product[];
  readonly lastKey?: Key;
}

export interface WordSearch {
  readonly driver: string;
  readonly terms: readonly string[];
  readonly category?: string;
  readonly limit: number;
  readonly startKey?: Key;
}

/** A resume key (from a client's cursor) that the query it is given to could not have returned. */
export class ForeignStartKeyError extends Error {
  constructor() {
    super('the start key does not belong to this query');
    this.name = 'ForeignStartKeyError';
  }
}

export interface ProductRepository {
  get(id: string): Promise<Product | undefined>;
  create(product: Product): Promise<void>;
  update(before: Product, after: Product): Promise<void>;
  findByClaim(kind: 'SKU' | 'BARCODE', value: string): Promise<Product | undefined>;
  browse(options: { category?: string; limit: number; startKey?: Key }): Promise<ProductPage>;
  searchWords(options: WordSearch): Promise<ProductPage>;
}

const productKey = (id: string): Key => ({ pk: `PRODUCT#${id}`, sk: 'PRODUCT' });
const claimKey = (kind: 'SKU' | 'BARCODE', value: string): Key => ({
  pk: `${kind}#${value.toUpperCase()}`,
  sk: kind,
});
/** Name sort key; U+0001 sorts before every printable character, so "Timbits" comes before "Timbits (boîte de 20)". */
const nameKey = (p: Product): string => `${normalize(p.name)}\u0001${p.id}`;
const claimItem = (kind: 'SKU' | 'BARCODE', value: string, productId: string): Item => ({
  ...claimKey(kind, value),
  type: 'claim',
  productId,
});

function productItem(p: Product): Item {
  return {
    ...productKey(p.id),
    type: 'product',
    ...p,
    gsi1pk: `CATEGORY#${p.category}`,
    gsi1sk: nameKey(p),
    gsi2pk: 'PRODUCTS',
    gsi2sk: nameKey(p),
  };
}

const productFields = [
  'id',
  'sku',
  'name',
  'nameEn',
  'category',
  'priceCents',
  'taxClass',
  'stocked',
  'barcode',
  'description',
  'descriptionEn',
  'shippable',
  'createdAt',
  'updatedAt',
] as const;
/** A stored product; one written before tax classes and made-to-order products is `standard` and stocked. */
function toProduct(item: Item): Product {
  const out: Record<string, unknown> = { taxClass: 'standard', stocked: true };
  for (const f of productFields) if (item[f] !== undefined) out[f] = item[f];
  return out as unknown as Product;
}

function wordItems(p: Product): Item[] {
  const all = searchWords(p);
  return all.map((word) => ({
    pk: `WORD#${wordBucket(word)}`,
    sk: `${word}#${p.id}`,
    type: 'word',
    word,
    words: all,
    product: p,
  }));
}

/**
 * Cursors travel through clients, so a resume key is checked before DynamoDB sees it: exactly the
 * non-empty string attributes `names`, accepted by `belongs` (a foreign key would be a ValidationException, a 500).
 */
function checkStartKey(
  key: Key | undefined,
  names: readonly string[],
  belongs: (k: Record<string, string>) => boolean,
): void {
  if (key === undefined) return;
  const valid =
    key !== null &&
    typeof key === 'object' &&
    !Array.isArray(key) &&
    Object.keys(key).length === names.length &&
    // DynamoDB refuses an empty string as a key attribute (a ValidationException): not a key of ours either.
    names.every((n) => typeof key[n] === 'string' && key[n] !== '') &&
    belongs(key as Record<string, string>);
  if (!valid) throw new ForeignStartKeyError();
}

/**
 * Every item `create` writes for a new product — its SKU and barcode claims, the product, its word
 * index — in the same layout, for bulk loads that skip the uniqueness checks (the benchmark's
 * generated catalogs); write them with `batchWrite`.
 */
export function newProductItems(p: Product): Item[] {
  return [
    claimItem('SKU', p.sku, p.id),
    ...(p.barcode ? [claimItem('BARCODE', p.barcode, p.id)] : []),
    productItem(p),
    ...wordItems(p),
  ];
}

/** Unconditional puts and deletes, 25 per request, unprocessed items retried with backoff. */
export async function batchWrite(table: string, requests: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < requests.length; i += 25) {
    let pending = requests.slice(i, i + 25);
    for (let attempt = 0; pending.length > 0; attempt++) {
      const out = await ddb.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = (out.UnprocessedItems?.[table] ?? []) as Record<string, unknown>[];
      if (pending.length > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
    }
  }
}

export class DynamoProductRepository implements ProductRepository {
  private readonly table: string;
  constructor(table = tableName('catalog')) {
    this.table = table;
  }

  async get(id: string): Promise<Product | undefined> {
    const out = await ddb.send(new GetCommand({ TableName: this.table, Key: productKey(id) }));
    return out.Item ? toProduct(out.Item) : undefined;
  }

  /** Several products in one BatchGetItem (unknown ids are left out). */
  async getMany(ids: readonly string[]): Promise<Product[]> {
    const found: Product[] = [];
    let keys: Key[] = [...new Set(ids)].map(productKey);
    for (let round = 0; keys.length > 0 && round < 10; round++) {
      const out = await ddb.send(
        new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys.slice(0, 100) } } }),
      );
      found.push(...(out.Responses?.[this.table] ?? []).map(toProduct));
      keys = [...((out.UnprocessedKeys?.[this.table]?.Keys as Key[] | undefined) ?? []), ...keys.slice(100)];
    }
    return found;
  }

  async findByClaim(kind: 'SKU' | 'BARCODE', value: string): Promise<Product | undefined> {
    const out = await ddb.send(new GetCommand({ TableName: this.table, Key: claimKey(kind, value) }));
    const id = out.Item?.productId as string | undefined;
    return id ? this.get(id) : undefined;
  }

  /** Claims a SKU or barcode for a product; a claim whose product does not exist (a crashed write) is taken over. */
  private async claim(kind: 'SKU' | 'BARCODE', value: string, productId: string): Promise<void> {
    const key = claimKey(kind, value);
    try {
      await ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: claimItem(kind, value, productId),
          ConditionExpression: 'attribute_not_exists(pk) OR productId = :me',
          ExpressionAttributeValues: { ':me': productId },
        }),
      );
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
      const holder = await ddb.send(
        new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }),
      );
      const owner = holder.Item?.productId as string | undefined;
      if (owner && (await this.get(owner))) {
        throw new ConflictError(
          `duplicate-${kind.toLowerCase()}`,
          kind === 'SKU'
            ? m`SKU ${value} is already used by product ${owner}`
            : m`Barcode ${value} is already used by product ${owner}`,
          { productId: owner },
        );
      }
      await ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: claimItem(kind, value, productId),
          ConditionExpression: 'productId = :orphan',
          ExpressionAttributeValues: { ':orphan': owner },
        }),
      );
    }
  }

  private async release(kind: 'SKU' | 'BARCODE', value: string, productId: string): Promise<void> {
    await ddb
      .send(
        new DeleteCommand({
          TableName: this.table,
          Key: claimKey(kind, value),
          ConditionExpression: 'productId = :me',
          ExpressionAttributeValues: { ':me': productId },
        }),
      )
      .catch((e: unknown) => {
        if (!isConditionFailure(e)) throw e;
      });
  }

  async create(p: Product): Promise<void> {
    await this.claim('SKU', p.sku, p.id);
    if (p.barcode) {
      try {
        await this.claim('BARCODE', p.barcode, p.id);
      } catch (e) {
        await this.release('SKU', p.sku, p.id);
        throw e;
      }
    }
    await ddb.send(
      new PutCommand({
        TableName: this.table,
        Item: productItem(p),
        // A create retried with the same id (derived from its Idempotency-Key) writes the same product again.
        ConditionExpression: 'attribute_not_exists(pk) OR id = :id',
        ExpressionAttributeValues: { ':id': p.id },
      }),
    );
    await batchWrite(
      this.table,
      wordItems(p).map((Item) => ({ PutRequest: { Item } })),
    );
  }

  async update(before: Product, after: Product): Promise<void> {
    if (after.sku !== before.sku) await this.claim('SKU', after.sku, after.id);
    if (after.barcode && after.barcode !== before.barcode) {
      try {
        await this.claim('BARCODE', after.barcode, after.id);
      } catch (e) {
        if (after.sku !== before.sku) await this.release('SKU', after.sku, after.id);
        throw e;
      }
    }
    try {
      await ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: productItem(after),
          ConditionExpression: 'updatedAt = :seen',
          ExpressionAttributeValues: { ':seen': before.updatedAt },
        }),
      );
    } catch (e) {
      // The new claims were made for a write that did not happen: give them back.
      if (after.sku !== before.sku) await this.release('SKU', after.sku, after.id);
      if (after.barcode && after.barcode !== before.barcode)
        await this.release('BARCODE', after.barcode, after.id);
      if (!isConditionFailure(e)) throw e;
      throw new ConflictError(
        'concurrent-update',
        m`Product ${after.id} was changed by someone else meanwhile; read it again and retry`,
      );
    }
    if (after.sku !== before.sku) await this.release('SKU', before.sku, before.id);
    if (before.barcode && after.barcode !== before.barcode)
      await this.release('BARCODE', before.barcode, before.id);
    const fresh = wordItems(after);
    const freshKeys = new Set(fresh.map((i) => `${String(i.pk)}|${String(i.sk)}`));
    const stale = wordItems(before).filter((i) => !freshKeys.has(`${String(i.pk)}|${String(i.sk)}`));
    await batchWrite(this.table, [
      ...fresh.map((Item) => ({ PutRequest: { Item } })),
      ...stale.map((i) => ({ DeleteRequest: { Key: { pk: i.pk, sk: i.sk } } })),
    ]);
  }

  async browse(options: { category?: string; limit: number; startKey?: Key }): Promise<ProductPage> {
    const byCategory = options.category !== undefined;
    const indexPk = byCategory ? `CATEGORY#${options.category}` : 'PRODUCTS';
    checkStartKey(
      options.startKey,
      ['pk', 'sk', byCategory ? 'gsi1pk' : 'gsi2pk', byCategory ? 'gsi1sk' : 'gsi2sk'],
      (k) =>
        k.pk!.startsWith('PRODUCT#') && k.sk === 'PRODUCT' && k[byCategory ? 'gsi1pk' : 'gsi2pk'] === indexPk,
    );
    const out = await ddb.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: byCategory ? 'gsi1' : 'gsi2',
        KeyConditionExpression: byCategory ? 'gsi1pk = :pk' : 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': indexPk },
        Limit: options.limit,
        ExclusiveStartKey: options.startKey,
      }),
    );
    return {
      items: (out.Items ?? []).map(toProduct),
      ...(out.LastEvaluatedKey ? { lastKey: out.LastEvaluatedKey } : {}),
    };
  }

  /**
   * Word-prefix search driven by one term (the most selective); the other terms and the category
   * filter its candidates. Reads DynamoDB pages until `limit` products are found or a read budget is
   * spent; the returned key resumes exactly after the last product examined.
   */
  async searchWords(o: WordSearch): Promise<ProductPage> {
    const bucket = `WORD#${wordBucket(o.driver)}`;
    checkStartKey(o.startKey, ['pk', 'sk'], (k) => k.pk === bucket && k.sk!.startsWith(o.driver));
    const found: Product[] = [];
    let startKey = o.startKey;
    const pageSize = Math.min(200, Math.max(o.limit * 2, 25));
    for (let reads = 0; reads < 8; reads++) {
      const out = await ddb.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': bucket, ':prefix': o.driver },
          Limit: pageSize,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of out.Items ?? []) {
        const productWords = item.words as string[];
        const product = item.product as Product;
        const keep =
          reportingWord(productWords, o.driver) === item.word &&
          matchesAllTerms(productWords, o.terms) &&
          (o.category === undefined || product.category === o.category);
        if (keep) found.push(toProduct(product as unknown as Item));
        if (found.length === o.limit) return { items: found, lastKey: { pk: item.pk, sk: item.sk } };
      }
      if (!out.LastEvaluatedKey) return { items: found };
      startKey = out.LastEvaluatedKey;
    }
    return { items: found, ...(startKey ? { lastKey: startKey } : {}) };
  }
}
