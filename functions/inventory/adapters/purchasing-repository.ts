import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import type { PurchaseOrder, Supplier, SupplierProduct } from '#domain/inventory/purchasing.ts';
import {
  ddb,
  decodeStartKey,
  encodeCursor,
  isConditionFailure,
  tableName,
} from '#functions/adapters/dynamo.ts';

/**
 * Suppliers and purchase orders (infra/spec/tables.ts, inventory):
 * - supplier: pk=SUPPLIER#<id>, sk=SUPPLIER (name, lead time); all of them: gsi1pk=SUPPLIERS, gsi1sk=<name>;
 * - who supplies a product: pk=SUPPLY#<productId>, sk=OFFER (supplierId, costCents, caseSize); a
 *   supplier's products: gsi1pk=SUPPLIER#<id>#PRODUCTS, gsi1sk=<productId>;
 * - purchase order: pk=PURCHASEORDER#<id>, sk=PURCHASEORDER (+ `revision` for conditional writes);
 *   newest first: gsi1pk=PURCHASEORDERS, gsi1sk=<createdAt>#<id>; while a receipt is not posted
 *   yet: gsi2pk=PENDING#PURCHASEORDER, gsi2sk=<updatedAt>#<id> (the recovery posts it);
 * - one open order per (supplier, product): pk=OPENPURCHASE#<supplierId>#<productId>, sk=CLAIM →
 *   purchaseOrderId, generation. Never deleted: the next order of the pair takes generation + 1
 *   (conditional on the generation read) only once the one it names is closed, and its id is
 *   derived from (supplier, product, generation) — so every trigger, redelivered or concurrent,
 *   lands on the same order.
 */
export interface Offer extends SupplierProduct {
  readonly supplierId: string;
}

export interface PurchaseClaim {
  readonly purchaseOrderId: string;
  readonly generation: number;
}

export interface PurchaseOrderPage {
  readonly items: PurchaseOrder[];
  readonly nextCursor?: string;
}

export interface PurchasingRepository {
  putSupplier(s: Omit<Supplier, 'products'>): Promise<void>;
  getSupplier(id: string): Promise<Omit<Supplier, 'products'> | undefined>;
  listSuppliers(): Promise<Supplier[]>;
  /** Who sells a product (one supplier per product), replacing the previous offer. */
  putOffer(productId: string, offer: Offer): Promise<void>;
  offerOf(productId: string): Promise<Offer | undefined>;
  claimOf(supplierId: string, productId: string): Promise<PurchaseClaim | undefined>;
  /** Moves the claim to the next generation if it is still at `previous` (0: no claim yet). */
  claimNext(supplierId: string, productId: string, previous: number, next: PurchaseClaim): Promise<boolean>;
  /** Puts a new order; false if one with this id exists. */
  create(po: PurchaseOrder & { revision: number }): Promise<boolean>;
  get(id: string): Promise<(PurchaseOrder & { revision: number }) | undefined>;
  /** Stores `next` if the stored order is still at `revision`; false otherwise. */
  save(next: PurchaseOrder, revision: number): Promise<boolean>;
  list(page: { limit: number; cursor?: string | undefined }): Promise<PurchaseOrderPage | undefined>;
  /** Orders with a receipt not posted since before `before` (ISO). */
  unposted(before: string, limit: number): Promise<PurchaseOrder[]>;
}

export const pendingPurchasePk = 'PENDING#PURCHASEORDER';
type Item = Record<string, NativeAttributeValue>;
const poKey = (id: string) => ({ pk: `PURCHASEORDER#${id}`, sk: 'PURCHASEORDER' });
const claimKey = (supplierId: string, productId: string) => ({
  pk: `OPENPURCHASE#${supplierId}#${productId}`,
  sk: 'CLAIM',
});
const strip = (item: Item): Item => {
  const { pk: _pk, sk: _sk, type: _type, gsi1pk: _g, gsi1sk: _s, gsi2pk: _p, gsi2sk: _q, ...rest } = item;
  return rest;
};

export class DynamoPurchasingRepository implements PurchasingRepository {
  private readonly table: string;
  constructor(table = tableName('inventory')) {
    this.table = table;
  }

  async putSupplier(s: Omit<Supplier, 'products'>): Promise<void> {
    await ddb.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          pk: `SUPPLIER#${s.supplierId}`,
          sk: 'SUPPLIER',
          type: 'supplier',
          gsi1pk: 'SUPPLIERS',
          gsi1sk: s.name,
          supplierId: s.supplierId,
          name: s.name,
          leadTimeDays: s.leadTimeDays,
          createdAt: s.createdAt,
          updatedAt: s.updatedAt,
        },
      }),
    );
  }

  async getSupplier(id: string): Promise<Omit<Supplier, 'products'> | undefined> {
    const out = await ddb.send(
      new GetCommand({ TableName: this.table, Key: { pk: `SUPPLIER#${id}`, sk: 'SUPPLIER' } }),
    );
    return out.Item ? (strip(out.Item) as Omit<Supplier, 'products'>) : undefined;
  }

  private async queryAll(pk: string): Promise<Item[]> {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const out = await ddb.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  async listSuppliers(): Promise<Supplier[]> {
    const suppliers = (await this.queryAll('SUPPLIERS')).map((i) => strip(i) as Omit<Supplier, 'products'>);
    return Promise.all(
      suppliers.map(async (s) => ({
        ...s,
        products: (await this.queryAll(`SUPPLIER#${s.supplierId}#PRODUCTS`)).map((i) => ({
          productId: i.productId as string,
          costCents: i.costCents as number,
          caseSize: i.caseSize as number,
        })),
      })),
    );
  }

  async putOffer(productId: string, offer: Offer): Promise<void> {
    await ddb.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          pk: `SUPPLY#${productId}`,
          sk: 'OFFER',
          type: 'supply',
          gsi1pk: `SUPPLIER#${offer.supplierId}#PRODUCTS`,
          gsi1sk: productId,
          productId,
          supplierId: offer.supplierId,
          costCents: offer.costCents,
          caseSize: offer.caseSize,
        },
      }),
    );
  }

  async offerOf(productId: string): Promise<Offer | undefined> {
    const out = await ddb.send(
      new GetCommand({ TableName: this.table, Key: { pk: `SUPPLY#${productId}`, sk: 'OFFER' } }),
    );
    return out.Item ? (strip(out.Item) as Offer) : undefined;
  }

  async claimOf(supplierId: string, productId: string): Promise<PurchaseClaim | undefined> {
    const out = await ddb.send(
      new GetCommand({ TableName: this.table, Key: claimKey(supplierId, productId), ConsistentRead: true }),
    );
    return out.Item
      ? { purchaseOrderId: out.Item.purchaseOrderId as string, generation: out.Item.generation as number }
      : undefined;
  }

  async claimNext(
    supplierId: string,
    productId: string,
    previous: number,
    next: PurchaseClaim,
  ): Promise<boolean> {
    try {
      await ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...claimKey(supplierId, productId), type: 'purchase-claim', ...next },
          ConditionExpression: previous === 0 ? 'attribute_not_exists(pk)' : 'generation = :previous',
          ...(previous === 0 ? {} : { ExpressionAttributeValues: { ':previous': previous } }),
        }),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  private itemOf(po: PurchaseOrder, revision: number): Item {
    return {
      ...poKey(po.purchaseOrderId),
      type: 'purchase-order',
      gsi1pk: 'PURCHASEORDERS',
      gsi1sk: `${po.createdAt}#${po.purchaseOrderId}`,
      ...(po.receipts.some((r) => !r.posted)
        ? { gsi2pk: pendingPurchasePk, gsi2sk: `${po.updatedAt}#${po.purchaseOrderId}` }
        : {}),
      ...po,
      revision,
    };
  }

  async create(po: PurchaseOrder & { revision: number }): Promise<boolean> {
    try {
      await ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: this.itemOf(po, po.revision),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  async get(id: string): Promise<(PurchaseOrder & { revision: number }) | undefined> {
    const out = await ddb.send(
      new GetCommand({ TableName: this.table, Key: poKey(id), ConsistentRead: true }),
    );
    return out.Item ? (strip(out.Item) as PurchaseOrder & { revision: number }) : undefined;
  }

  async save(next: PurchaseOrder, revision: number): Promise<boolean> {
    try {
      await ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: this.itemOf(next, revision + 1),
          ConditionExpression: 'revision = :revision',
          ExpressionAttributeValues: { ':revision': revision },
        }),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  async list(page: { limit: number; cursor?: string | undefined }): Promise<PurchaseOrderPage | undefined> {
    let start: Item | undefined;
    if (page.cursor !== undefined) {
      start = decodeStartKey(page.cursor, {
        gsi1pk: 'PURCHASEORDERS',
        gsi1sk: undefined,
        pk: undefined,
        sk: undefined,
      });
      if (!start) return undefined;
    }
    const out = await ddb.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': 'PURCHASEORDERS' },
        ScanIndexForward: false,
        Limit: page.limit,
        ExclusiveStartKey: start,
      }),
    );
    return {
      items: (out.Items ?? []).map((i) => {
        const { revision: _r, ...po } = strip(i);
        return po as PurchaseOrder;
      }),
      ...(out.LastEvaluatedKey ? { nextCursor: encodeCursor(out.LastEvaluatedKey) } : {}),
    };
  }

  async unposted(before: string, limit: number): Promise<PurchaseOrder[]> {
    const out = await ddb.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :before',
        ExpressionAttributeValues: { ':pk': pendingPurchasePk, ':before': before },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => strip(i) as PurchaseOrder);
  }
}
