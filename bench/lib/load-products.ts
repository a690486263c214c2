import { readCredentials } from '#local/credentials.ts';
import { localEnvironment } from '#local/runtime.ts';
import { generatedProduct } from './catalog-generator.ts';

/**
 * Child process of `loadGeneratedProducts`: writes generated products into the DynamoDB at
 * `endpoint` with the catalog's own repository module, and prints `{"done": n}` lines as it goes.
 * It signs with the system's own credentials, read from its data folder (the local endpoints refuse others).
 * `stock` writes no product but a stock line of each at `store-1` (DynamoStockRepository.putStock).
 * Usage: node bench/lib/load-products.ts <data folder> <endpoint> <from> <to> <repository|batch|stock>
 */
const [dataDir, endpoint, fromArg, toArg, mode] = process.argv.slice(2);
if (!dataDir || !endpoint || !fromArg || !toArg || !['repository', 'batch', 'stock'].includes(mode ?? '')) {
  process.stderr.write(
    'usage: load-products.ts <data folder> <dynamodb endpoint> <from> <to> <repository|batch|stock>\n',
  );
  process.exit(2);
}
const credentials = readCredentials(dataDir);
if (!credentials) {
  process.stderr.write(`no credentials in ${dataDir} (is a runtime using this data folder?)\n`);
  process.exit(2);
}
// The SDK client is made when the repository module loads: the environment must be set first.
Object.assign(process.env, localEnvironment({ dynamodb: endpoint }, credentials));
const { DynamoProductRepository, batchWrite, newProductItems } =
  await import('#functions/catalog/adapters/product-repository.ts');
const { tableName } = await import('#functions/adapters/dynamo.ts');
const { DynamoStockRepository } = await import('#functions/inventory/adapters/stock-repository.ts');
const { defaultThresholds } = await import('#domain/inventory/stock.ts');

const from = Number(fromArg);
const to = Number(toArg);
const table = tableName('catalog');
const repository = new DynamoProductRepository(table);
const stock = new DynamoStockRepository();
let next = from;
let done = 0;
const report = setInterval(() => process.stdout.write(`${JSON.stringify({ done })}\n`), 1000);

/** `repository`, `stock`: one product per call; `batch`: 8 products (≈ 80 items, 4 BatchWriteItem calls) per call. */
const perTask = mode === 'batch' ? 8 : 1;
const workers = mode === 'batch' ? 6 : 16;

async function worker(): Promise<void> {
  while (next <= to) {
    const first = next;
    const last = Math.min(to, first + perTask - 1);
    next = last + 1;
    const products = [];
    for (let i = first; i <= last; i++) products.push(generatedProduct(i));
    if (mode === 'repository') for (const p of products) await repository.create(p);
    else if (mode === 'stock')
      for (const p of products)
        await stock.putStock({
          locationId: 'store-1',
          productId: p.id,
          name: p.name,
          onHand: 40,
          reserved: 0,
          thresholds: defaultThresholds,
        });
    else
      await batchWrite(
        table,
        products.flatMap((p) => newProductItems(p)).map((Item) => ({ PutRequest: { Item } })),
      );
    done += products.length;
  }
}

await Promise.all(Array.from({ length: workers }, worker));
clearInterval(report);
process.stdout.write(`${JSON.stringify({ done })}\n`);
process.exit(0);
