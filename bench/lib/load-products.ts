import { readCredentials } from '#local/credentials.ts';
import { localEnvironment } from '#local/runtime.ts';
import { generatedProduct } from './catalog-generator.ts';

/**
 * Child process of `loadGeneratedProducts`: writes generated products into the DynamoDB at
 * `endpoint` with the catalog's own repository module, and prints `{"done": n}` lines as it goes.
 * It signs with the system's own credentials, read from its data folder (the local endpoints refuse others).
 * Usage: node bench/lib/load-products.ts <data folder> <endpoint> <from> <to> <repository|batch>
 */
const [dataDir, endpoint, fromArg, toArg, mode] = process.argv.slice(2);
if (!dataDir || !endpoint || !fromArg || !toArg || (mode !== 'repository' && mode !== 'batch')) {
  process.stderr.write(
    'usage: load-products.ts <data folder> <dynamodb endpoint> <from> <to> <repository|batch>\n',
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

const from = Number(fromArg);
const to = Number(toArg);
const table = tableName('catalog');
const repository = new DynamoProductRepository(table);
let next = from;
let done = 0;
const report = setInterval(() => process.stdout.write(`${JSON.stringify({ done })}\n`), 1000);

/** `repository`: one product per call; `batch`: 8 products (≈ 80 items, 4 BatchWriteItem calls) per call. */
const perTask = mode === 'repository' ? 1 : 8;
const workers = mode === 'repository' ? 16 : 6;

async function worker(): Promise<void> {
  while (next <= to) {
    const first = next;
    const last = Math.min(to, first + perTask - 1);
    next = last + 1;
    const products = [];
    for (let i = first; i <= last; i++) products.push(generatedProduct(i));
    if (mode === 'repository') for (const p of products) await repository.create(p);
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
