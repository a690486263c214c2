import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ean13CheckDigit } from '#domain/catalog/barcode.ts';
import { createProduct, type Product } from '#domain/catalog/product.ts';
import { nodeBin, repoRoot } from './system.ts';
import type { SystemHandle } from './types.ts';

/**
 * Generated catalogs for scale measurements: product `i` is always the same (a seeded PRNG, no
 * Math.random), with names built from the words a Québec café-bakery-grocery uses, so that real
 * queries ("muffin bleuets", "cafe", "sans gluten") match more products as the catalog grows.
 * Ids `gen-000001`…, SKUs `GEN-000001`…, EAN-13 barcodes in the in-store range (prefix 2).
 */
const kinds: readonly (readonly [string, string])[] = [
  ['Muffin', 'boulangerie'],
  ['Croissant', 'boulangerie'],
  ['Pain', 'boulangerie'],
  ['Baguette', 'boulangerie'],
  ['Bagel', 'boulangerie'],
  ['Brioche', 'boulangerie'],
  ['Beigne', 'patisserie'],
  ['Tarte', 'patisserie'],
  ['Biscuit', 'patisserie'],
  ['Gâteau', 'patisserie'],
  ['Galette', 'patisserie'],
  ['Café', 'cafe'],
  ['Latte', 'cafe'],
  ['Thé', 'cafe'],
  ['Tisane', 'cafe'],
  ['Chocolat chaud', 'cafe'],
  ['Confiture', 'epicerie'],
  ['Sirop', 'epicerie'],
  ['Granola', 'epicerie'],
  ['Soupe', 'epicerie'],
  ['Craquelins', 'epicerie'],
  ['Fromage', 'produits-laitiers'],
  ['Yogourt', 'produits-laitiers'],
  ['Beurre', 'produits-laitiers'],
  ['Jus', 'boissons'],
  ['Limonade', 'boissons'],
  ['Kombucha', 'boissons'],
  ['Sandwich', 'pret-a-manger'],
  ['Salade', 'pret-a-manger'],
  ['Wrap', 'pret-a-manger'],
  ['Tourtière', 'surgeles'],
  ['Pizza', 'surgeles'],
];
const flavours = [
  'aux bleuets',
  'aux framboises',
  "à l'érable",
  'au chocolat',
  'à la vanille',
  'au caramel',
  'aux pommes',
  'à la cannelle',
  'au citron',
  'aux noix',
  'aux fraises',
  'aux canneberges',
  'au miel',
  "à l'avoine",
  'aux amandes',
  'à la pistache',
  'au gingembre',
  'à la menthe',
  'aux poires',
  'aux cerises',
  'au sésame',
  'aux dattes',
  'à la citrouille',
  'aux carottes',
] as const;
const qualifiers = [
  '',
  '',
  'bio',
  'sans gluten',
  'artisanal',
  'maison',
  'léger',
  'double',
  'du terroir',
  'de Charlevoix',
  'des Cantons',
  'format familial',
  'végane',
  'sans sucre ajouté',
] as const;
const sizes = ['', '(6)', '(12)', '(250 g)', '(500 g)', '(1 kg)', '(473 ml)', '(1 L)', '(340 g)'] as const;

/** mulberry32: a small, fast, seedable PRNG; `seed` → a function returning [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const generatedAt = '2026-01-05T13:00:00.000Z';

/** Product number `i` (1-based) of the generated catalog. */
export function generatedProduct(i: number): Product {
  const random = mulberry32(i * 2654435761);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const [kind, category] = pick(kinds);
  const name = [kind, pick(flavours), pick(qualifiers), pick(sizes)].filter(Boolean).join(' ');
  const digits = String(i).padStart(6, '0');
  const first12 = `2${String(i).padStart(11, '0')}`;
  return createProduct(
    `gen-${digits}`,
    {
      sku: `GEN-${digits}`,
      name,
      category,
      priceCents: 99 + Math.floor(random() * 2400),
      barcode: `${first12}${ean13CheckDigit(first12)}`,
      description: `${name} — produit généré pour les mesures de performance.`,
    },
    generatedAt,
  );
}

/**
 * Loads products `from`..`to` (1-based, inclusive) of the generated catalog into a running system's
 * DynamoDB, from a child process (bench/lib/load-products.ts). `repository` writes each product
 * with `DynamoProductRepository.create` (claims, product, word index: the handlers' path);
 * `batch` writes the same items (`newProductItems`) with BatchWriteItem, for large catalogs.
 */
export async function loadGeneratedProducts(
  system: SystemHandle,
  options: {
    readonly from: number;
    readonly to: number;
    readonly mode: 'repository' | 'batch' | 'stock';
    readonly log: (line: string) => void;
  },
): Promise<{ products: number; seconds: number; productsPerSec: number }> {
  if (!system.dynamoEndpoint) throw new Error('the system’s DynamoDB endpoint is unknown (no banner line)');
  const started = performance.now();
  const child = spawn(
    nodeBin,
    [
      'bench/lib/load-products.ts',
      system.dataDir,
      system.dynamoEndpoint,
      String(options.from),
      String(options.to),
      options.mode,
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  const total = options.to - options.from + 1;
  let lastLogged = performance.now();
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    const done = (JSON.parse(line) as { done: number }).done;
    const now = performance.now();
    if (done === total || now - lastLogged > 20_000) {
      lastLogged = now;
      const seconds = (now - started) / 1000;
      options.log(
        `  ${options.mode}: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} products ` +
          `(${Math.round((done / total) * 100)} %, ${Math.round(done / seconds)} /s)`,
      );
    }
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`loading generated products failed (exit ${code}):\n${stderr}`);
  const seconds = (performance.now() - started) / 1000;
  return {
    products: total,
    seconds: Math.round(seconds * 10) / 10,
    productsPerSec: Math.round(total / seconds),
  };
}
