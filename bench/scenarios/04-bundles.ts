import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Plugin } from 'esbuild';
import { functionBundling } from '#infra/constructs/bundling.ts';
import { routes } from '#infra/spec/routes.ts';
import {
  bundle,
  bundlesDir,
  coldImport,
  deployedFunctions,
  type BundleFigures,
  type ColdImport,
  type DeployedFunction,
} from '../lib/bundle.ts';
import { kb, ms, times, verdict } from '../lib/format.ts';
import { repoRoot } from '../lib/system.ts';
import type { Scenario } from '../lib/types.ts';

/**
 * Each deployed function's bundle (esbuild with exactly infra/constructs/bundling.ts) and its cold
 * import time (median over fresh Node 24 processes, with the function's deployed environment), against
 * the 500 KB target. Then the zod/mini choice re-measured: the catalog schemas bundled with `zod/mini`
 * (functions/catalog/schemas.ts) and with full `zod` (bench/fixtures/catalog-schemas.zod-full.ts), alone
 * and inside the search-products handler.
 */
const targetBytes = 500 * 1024;
const fullZodSchemas = join(repoRoot, 'bench/fixtures/catalog-schemas.zod-full.ts');
const miniSchemas = join(repoRoot, 'functions/catalog/schemas.ts');
const representative = 'catalog/search-products';

/** The same use of the schemas, whichever flavour of zod they are written in. */
const schemasEntry = (from: string) => `
import { CreateProductBody, SearchQuery, Product } from ${JSON.stringify(from)};
export const handler = async (event: { body?: string; queryStringParameters?: Record<string, string> }) => ({
  body: CreateProductBody.safeParse(JSON.parse(event.body ?? '{}')).success,
  query: SearchQuery.safeParse(event.queryStringParameters ?? {}).success,
  product: Product.safeParse({}).success,
});
`;

/** Serves the handler's `./schemas.ts` from the full-zod fixture instead. */
const withFullZodSchemas: Plugin = {
  name: 'catalog-schemas-in-full-zod',
  setup(build) {
    build.onResolve({ filter: /^\.\/schemas\.ts$/ }, (args) =>
      args.importer.endsWith('functions/catalog/search-products.ts') ? { path: fullZodSchemas } : undefined,
    );
  },
};

interface Measured {
  readonly bundle: BundleFigures;
  readonly coldImport: ColdImport;
}

export const scenario: Scenario = {
  name: 'bundles',
  description: 'bundle size and cold import time of every function; zod vs zod/mini',
  async run(ctx) {
    const runs = ctx.quick ? 1 : 5;
    let functions: DeployedFunction[];
    let source = 'the synthesized CDK app (every Lambda function with COMPTOIR_HANDLER)';
    try {
      functions = await deployedFunctions();
    } catch (error) {
      source = `infra/spec/routes.ts (synthesizing the app failed: ${String(error).split('\n')[0]})`;
      functions = [...new Set(routes.map((r) => r.handler))]
        .sort()
        .map((handler) => ({ handler, environment: {} }));
    }
    ctx.log(`${functions.length} functions from ${source}; cold import = median of ${runs} fresh processes`);
    await rm(bundlesDir, { recursive: true, force: true });

    const measure = async (
      name: string,
      entry: Parameters<typeof bundle>[1],
      environment: Record<string, string>,
      plugins: Plugin[] = [],
    ): Promise<Measured> => {
      const figures = await bundle(functionBundling, entry, join(bundlesDir, name), plugins);
      return { bundle: figures, coldImport: await coldImport(figures.file, environment, runs) };
    };

    // Bundling runs 4 at a time (esbuild is quick); cold imports one at a time, on a machine left alone.
    const bundled = new Map<string, Promise<BundleFigures>>();
    const queue = [...functions];
    const bundleNext = async (): Promise<void> => {
      for (let fn = queue.shift(); fn; fn = queue.shift()) {
        const figures = bundle(
          functionBundling,
          { file: join(repoRoot, `functions/${fn.handler}.ts`) },
          join(bundlesDir, fn.handler),
        );
        bundled.set(fn.handler, figures);
        await figures.catch(() => undefined);
      }
    };
    await Promise.all([bundleNext(), bundleNext(), bundleNext(), bundleNext()]);
    const perFunction: Record<string, Measured | { error: string }> = {};
    for (const fn of functions) {
      try {
        const figures = await bundled.get(fn.handler)!;
        perFunction[fn.handler] = {
          bundle: figures,
          coldImport: await coldImport(figures.file, fn.environment, runs),
        };
      } catch (error) {
        perFunction[fn.handler] = { error: String(error).slice(0, 500) };
      }
    }
    const measured = Object.entries(perFunction).filter((e): e is [string, Measured] => 'bundle' in e[1]);
    const failed = Object.entries(perFunction).filter(([, m]) => 'error' in m);
    const over = measured.filter(([, m]) => m.bundle.bytes > targetBytes);
    const largest = [...measured].sort((a, b) => b[1].bundle.bytes - a[1].bundle.bytes);
    const slowest = [...measured].sort((a, b) => b[1].coldImport.medianMs - a[1].coldImport.medianMs);
    const sizes = measured.map(([, m]) => m.bundle.bytes).sort((a, b) => a - b);
    const imports = measured.map(([, m]) => m.coldImport.medianMs).sort((a, b) => a - b);
    const mid = (xs: number[]) => xs[Math.floor(xs.length / 2)] ?? 0;
    ctx.log(
      `${measured.length} bundled, ${failed.length} failed; largest ${largest[0]?.[0]} ${kb(largest[0]?.[1].bundle.bytes ?? 0)}`,
    );

    ctx.log('zod vs zod/mini…');
    const env = functions.find((f) => f.handler === representative)?.environment ?? {};
    const zod: Record<string, Measured | { error: string }> = {};
    for (const [name, entry, plugins] of [
      ['schemas-zod-mini', { code: schemasEntry(miniSchemas), name: 'schemas-zod-mini.ts' }, []],
      ['schemas-zod-full', { code: schemasEntry(fullZodSchemas), name: 'schemas-zod-full.ts' }, []],
      [
        `${representative} (zod/mini, as shipped)`,
        { file: join(repoRoot, `functions/${representative}.ts`) },
        [],
      ],
      [
        `${representative} (schemas in full zod)`,
        { file: join(repoRoot, `functions/${representative}.ts`) },
        [withFullZodSchemas],
      ],
    ] as const) {
      try {
        zod[name] = await measure(`zod/${name.replace(/[^a-z0-9-]+/gi, '-')}`, entry, env, [...plugins]);
      } catch (error) {
        zod[name] = { error: String(error).slice(0, 500) };
      }
    }
    const pair = (a: string, b: string) => {
      const x = zod[a];
      const y = zod[b];
      if (!x || !y || !('bundle' in x) || !('bundle' in y)) return undefined;
      return {
        bytes: {
          mini: x.bundle.bytes,
          full: y.bundle.bytes,
          ratio: Math.round((y.bundle.bytes / x.bundle.bytes) * 100) / 100,
        },
        coldImportMs: { mini: x.coldImport.medianMs, full: y.coldImport.medianMs },
      };
    };
    const schemasOnly = pair('schemas-zod-mini', 'schemas-zod-full');
    const inHandler = pair(
      `${representative} (zod/mini, as shipped)`,
      `${representative} (schemas in full zod)`,
    );
    const zodLine = (label: string, p: typeof schemasOnly) =>
      p
        ? `${label}: zod/mini ${kb(p.bytes.mini)}, full zod ${kb(p.bytes.full)} (${times(p.bytes.ratio)}); ` +
          `cold import ${ms(p.coldImportMs.mini)} vs ${ms(p.coldImportMs.full)}`
        : `${label}: not measured (see zod in the report)`;

    return {
      functionsFrom: source,
      bundling: functionBundling,
      coldImportRuns: runs,
      targetBytes,
      functions: perFunction,
      overTarget: over.map(([h, m]) => ({ handler: h, bytes: m.bundle.bytes })),
      failed: failed.map(([h]) => h),
      medianBytes: mid(sizes),
      medianColdImportMs: mid(imports),
      zod,
      zodComparison: { schemasOnly, inHandler },
      summary: [
        `${measured.length} functions bundled${failed.length ? `, ${failed.length} FAILED (${failed.map(([h]) => h).join(', ')})` : ''}; ` +
          `median ${kb(mid(sizes))}, largest ${largest[0]?.[0]} ${kb(largest[0]?.[1].bundle.bytes ?? 0)} ` +
          `(${largest[0]?.[1].bundle.largestParts.map((p) => `${p.part} ${kb(p.bytes)}`).join(', ')})`,
        `every bundle < ${kb(targetBytes)}: ${verdict(over.length === 0 && failed.length === 0)}` +
          (over.length ? ` — over: ${over.map(([h, m]) => `${h} ${kb(m.bundle.bytes)}`).join(', ')}` : ''),
        `cold import (median of ${runs}): median ${ms(mid(imports))}; slowest ` +
          slowest
            .slice(0, 3)
            .map(([h, m]) => `${h} ${ms(m.coldImport.medianMs)}`)
            .join(', '),
        zodLine('catalog schemas alone', schemasOnly),
        zodLine(`${representative} handler`, inHandler),
      ],
    };
  },
};
