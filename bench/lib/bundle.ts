import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as esbuild from 'esbuild';
import { nodeBin, repoRoot } from './system.ts';

/**
 * Bundling and cold-import measurements for the functions the CDK app deploys, with the very
 * options of infra/constructs/bundling.ts turned into esbuild options the way aws-cdk-lib's
 * NodejsFunction turns them into esbuild CLI flags (`--bundle --platform=node --outfile=index.mjs …`).
 */
const run = promisify(execFile);

/** Bundles go under node_modules/.cache, inside the repository, so that externals (@aws-sdk/*) resolve. */
export const bundlesDir = join(repoRoot, 'node_modules/.cache/comptoir-bench/bundles');

/** Options the CDK passes on to esbuild, each mapped below. */
const mapped = new Set([
  'minify',
  'sourceMap',
  'sourceMapMode',
  'sourcesContent',
  'target',
  'loader',
  'keepNames',
  'tsconfig',
  'banner',
  'footer',
  'charset',
  'define',
  'externalModules',
  'bundleAwsSDK',
  'nodeModules',
  'format',
  'mainFields',
  'inject',
]);
/** Options that do not change the bundle (logging, Docker, caching, metafile written beside it). */
const noEffect = new Set([
  'logLevel',
  'metafile',
  'esbuildVersion',
  'buildArgs',
  'forceDockerBundling',
  'dockerImage',
  'commandHooks',
  'assetHash',
  'bundlingFileAccess',
  'environment',
  'volumes',
  'volumesFrom',
  'user',
  'workingDirectory',
  'securityOpt',
  'network',
  'entrypoint',
  'command',
  'platform',
]);

export type EntrySource = { readonly file: string } | { readonly code: string; readonly name: string };

/** esbuild options equal to what the CDK runs for `bundling`; fails on an option it cannot reproduce. */
export function esbuildOptions(
  bundling: BundlingOptions,
  entry: EntrySource,
  outDir: string,
): esbuild.BuildOptions {
  for (const key of Object.keys(bundling))
    if (!mapped.has(key) && !noEffect.has(key))
      throw new Error(
        `the benchmark does not reproduce the bundling option "${key}": add it to bench/lib/bundle.ts`,
      );
  const format = bundling.format === 'esm' ? 'esm' : bundling.format === 'cjs' ? 'cjs' : undefined;
  const sourceMapOn = bundling.sourceMapMode !== undefined || bundling.sourceMap === true;
  const sourcemap: esbuild.BuildOptions['sourcemap'] = !sourceMapOn
    ? false
    : bundling.sourceMapMode === undefined || bundling.sourceMapMode === 'default'
      ? true
      : (bundling.sourceMapMode as 'external' | 'inline' | 'both');
  const external = [
    ...(bundling.bundleAwsSDK ? [] : (bundling.externalModules ?? ['@aws-sdk/*'])),
    ...(bundling.nodeModules ?? []),
  ];
  return {
    ...('file' in entry
      ? { entryPoints: [entry.file] }
      : {
          stdin: {
            contents: entry.code,
            resolveDir: repoRoot,
            sourcefile: entry.name,
            loader: 'ts' as const,
          },
        }),
    bundle: true,
    platform: 'node',
    target: bundling.target ?? 'node24',
    ...(format ? { format } : {}),
    outfile: join(outDir, format === 'esm' ? 'index.mjs' : 'index.js'),
    minify: bundling.minify ?? false,
    sourcemap,
    sourcesContent: bundling.sourcesContent ?? true,
    external,
    ...(bundling.loader ? { loader: bundling.loader as Record<string, esbuild.Loader> } : {}),
    ...(bundling.define ? { define: bundling.define } : {}),
    ...(bundling.keepNames ? { keepNames: true } : {}),
    ...(bundling.tsconfig ? { tsconfig: bundling.tsconfig } : {}),
    ...(bundling.banner ? { banner: { js: bundling.banner } } : {}),
    ...(bundling.footer ? { footer: { js: bundling.footer } } : {}),
    ...(bundling.charset ? { charset: bundling.charset as esbuild.Charset } : {}),
    ...(bundling.mainFields ? { mainFields: bundling.mainFields } : {}),
    ...(bundling.inject ? { inject: bundling.inject } : {}),
    absWorkingDir: repoRoot,
    metafile: true,
    logLevel: 'silent',
  };
}

export interface BundleFigures {
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly sourceMapBytes: number;
  /** Bytes in the bundle per package (`project` for our own code), largest first. */
  readonly largestParts: readonly { readonly part: string; readonly bytes: number }[];
}

const partOf = (input: string): string => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return m ? m[1]! : 'project';
};

export async function bundle(
  bundling: BundlingOptions,
  entry: EntrySource,
  outDir: string,
  plugins: esbuild.Plugin[] = [],
): Promise<BundleFigures> {
  const options = esbuildOptions(bundling, entry, outDir);
  const result = await esbuild.build({ ...options, plugins });
  const file = options.outfile!;
  const code = await readFile(file);
  const map = await stat(`${file}.map`).then(
    (s) => s.size,
    () => 0,
  );
  const parts = new Map<string, number>();
  for (const output of Object.values(result.metafile?.outputs ?? {}))
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs))
      parts.set(partOf(input), (parts.get(partOf(input)) ?? 0) + bytesInOutput);
  return {
    file,
    bytes: code.length,
    gzipBytes: gzipSync(code).length,
    sourceMapBytes: map,
    largestParts: [...parts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([part, bytes]) => ({ part, bytes })),
  };
}

const importProbe = [
  'const t0 = performance.now();',
  'await import(process.argv[1]);',
  'const t1 = performance.now();',
  'process.stdout.write(JSON.stringify({ importMs: t1 - t0, sinceStartMs: t1 }));',
  'process.exit(0);',
].join('\n');

export interface ColdImport {
  /** Median time of `await import(bundle)` in a fresh Node process. */
  readonly medianMs: number;
  /** Median time from the process start to the module loaded (Node's own start-up included). */
  readonly medianSinceStartMs: number;
  readonly runsMs: readonly number[];
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const r2 = (x: number) => Math.round(x * 100) / 100;

/** Imports the bundle `runs` times, each in a fresh Node 24 process with the function's environment. */
export async function coldImport(
  file: string,
  environment: Readonly<Record<string, string>>,
  runs: number,
): Promise<ColdImport> {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    AWS_REGION: 'ca-central-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    ...environment,
  };
  const importMs: number[] = [];
  const sinceStartMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { stdout } = await run(
      nodeBin,
      ['--input-type=module', '-e', importProbe, pathToFileURL(file).href],
      {
        cwd: repoRoot,
        env,
        timeout: 60_000,
      },
    );
    const out = JSON.parse(stdout.trim().split('\n').pop()!) as { importMs: number; sinceStartMs: number };
    importMs.push(out.importMs);
    sinceStartMs.push(out.sinceStartMs);
  }
  return {
    medianMs: r2(median(importMs)),
    medianSinceStartMs: r2(median(sinceStartMs)),
    runsMs: importMs.map(r2),
  };
}

export interface DeployedFunction {
  /** Module under functions/, e.g. `catalog/search-products`. */
  readonly handler: string;
  /** Its environment as deployed (values CloudFormation resolves at deploy time become placeholders). */
  readonly environment: Record<string, string>;
}

/**
 * Every function the CDK app deploys, found by synthesizing it offline with bundling skipped (as the
 * infra tests do) and reading each Lambda function's COMPTOIR_HANDLER variable (set by the house
 * construct) and environment.
 */
export async function deployedFunctions(): Promise<DeployedFunction[]> {
  const { App } = await import('aws-cdk-lib');
  const { buildStacks } = await import('#infra/stacks/build.ts');
  const outdir = await mkdtemp(join(tmpdir(), 'comptoir-bench-synth-'));
  try {
    const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
    buildStacks(app, { version: 'bench' });
    const assembly = app.synth();
    const found = new Map<string, DeployedFunction>();
    for (const stack of assembly.stacks) {
      const resources = (
        stack.template as { Resources?: Record<string, { Type: string; Properties?: unknown }> }
      ).Resources;
      for (const resource of Object.values(resources ?? {})) {
        if (resource.Type !== 'AWS::Lambda::Function') continue;
        const variables = (resource.Properties as { Environment?: { Variables?: Record<string, unknown> } })
          ?.Environment?.Variables;
        const handler = variables?.COMPTOIR_HANDLER;
        if (typeof handler !== 'string' || found.has(handler)) continue;
        const environment: Record<string, string> = {};
        for (const [k, v] of Object.entries(variables ?? {}))
          environment[k] = typeof v === 'string' ? v : `bench-placeholder-${k.toLowerCase()}`;
        found.set(handler, { handler, environment });
      }
    }
    return [...found.values()].sort((a, b) => a.handler.localeCompare(b.handler));
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}
