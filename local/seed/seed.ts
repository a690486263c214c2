import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createProduct } from '#domain/catalog/product.ts';
import { defaultThresholds } from '#domain/inventory/stock.ts';
import { DynamoProductRepository } from '#functions/catalog/adapters/product-repository.ts';
import { DynamoStockRepository } from '#functions/inventory/adapters/stock-repository.ts';
import { ddb, tableName } from '#functions/adapters/dynamo.ts';
import { demoLocations, demoProducts, demoStock } from './demo-catalog.ts';
import { seedDemoUsers } from './demo-users.ts';
import { DynamoPurchasingRepository } from '#functions/inventory/adapters/purchasing-repository.ts';
import { demoOfferOf, demoSuppliers } from './demo-suppliers.ts';

/**
 * Loads the demo chain (locations, catalog, stock) through the same repositories the handlers use,
 * once: a marker item records that the demo data is complete, so a restart keeps what users changed.
 */
const marker = { pk: 'SEED', sk: 'DEMO' };
const seededAt = '2026-01-05T13:00:00.000Z';

async function inBatches<T>(
  items: readonly T[],
  size: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

/**
 * Suppliers: each stocked product is sold by one of them (docs/stock.md). Their own marker, so a
 * data folder seeded before purchasing existed gets them too.
 */
async function seedDemoSuppliers(table: string): Promise<void> {
  const key = { pk: 'SEED', sk: 'SUPPLIERS' };
  if ((await ddb.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item) return;
  const purchasing = new DynamoPurchasingRepository();
  await inBatches(demoSuppliers, 4, (s) =>
    purchasing.putSupplier({ ...s, createdAt: seededAt, updatedAt: seededAt }),
  );
  await inBatches(
    demoProducts.filter((p) => p.stocked),
    16,
    (p) => purchasing.putOffer(p.id, { productId: p.id, ...demoOfferOf(p) }),
  );
  await ddb.send(new PutCommand({ TableName: table, Item: { ...key, at: new Date().toISOString() } }));
}

export async function seedDemoData(): Promise<{
  seeded: boolean;
  products: number;
  stockLines: number;
  users: number;
}> {
  // The demo users have their own marker: a data folder seeded before identity existed gets them too.
  const users = await seedDemoUsers();
  const table = tableName('inventory');
  await seedDemoSuppliers(table);
  const done = await ddb.send(new GetCommand({ TableName: table, Key: marker, ConsistentRead: true }));
  if (done.Item) return { seeded: false, products: 0, stockLines: 0, users };

  const products = new DynamoProductRepository();
  const stock = new DynamoStockRepository();
  await inBatches(demoLocations, 10, (l) => stock.putLocation(l));
  await inBatches(demoProducts, 8, async (p) => {
    if (!(await products.get(p.id))) await products.create(createProduct(p.id, p, seededAt));
  });
  const lines = demoLocations
    .filter((l) => l.kind !== 'head-office')
    .flatMap((l) =>
      demoProducts.filter((p) => p.stocked).map((p) => ({ l, p, onHand: demoStock[l.id]?.[p.id] ?? 0 })),
    );
  await inBatches(lines, 16, ({ l, p, onHand }) =>
    stock.putStock({
      locationId: l.id,
      productId: p.id,
      name: p.name,
      onHand,
      reserved: 0,
      thresholds: defaultThresholds,
    }),
  );
  await ddb.send(new PutCommand({ TableName: table, Item: { ...marker, at: new Date().toISOString() } }));
  return { seeded: true, products: demoProducts.length, stockLines: lines.length, users };
}
