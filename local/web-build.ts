import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { cp, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * Bundles the browser clients: every `web/src/<app>/main.ts` becomes `web/dist/<app>.js` (an app's
 * HTML page loads `/web/dist/<app>.js`), and an app's `offline/sw.ts` its service worker
 * `web/dist/<app>-sw.js` (served as `/web/<app>/sw.js`, so that it controls the app's pages). Adding an app is adding a folder with a main.ts.
 * Files are written to a temporary name and renamed, so runtimes started side by side (parallel
 * test files) never serve a half-written bundle.
 */
export interface WebBuildResult {
  readonly entries: string[];
  readonly bytes: number;
  readonly errors: string[];
}

export function webEntries(webDir: string): Record<string, string> {
  const src = join(webDir, 'src');
  if (!existsSync(src)) return {};
  const entries: Record<string, string> = {};
  for (const d of readdirSync(src, { withFileTypes: true })) {
    const main = join(src, d.name, 'main.ts');
    if (d.isDirectory() && d.name !== 'lib' && existsSync(main)) entries[d.name] = main;
    // An app's service worker (its offline mode): served as /web/<app>/sw.js.
    const worker = join(src, d.name, 'offline', 'sw.ts');
    if (d.isDirectory() && existsSync(worker)) entries[`${d.name}-sw`] = worker;
  }
  return entries;
}

export async function buildWeb(
  webDir: string,
  outdir: string = join(webDir, 'dist'),
): Promise<WebBuildResult> {
  const entryPoints = webEntries(webDir);
  const result = await build({
    entryPoints,
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
    minify: true,
    sourcemap: 'linked',
    write: false,
    logLevel: 'silent',
    legalComments: 'linked',
  }).catch((error: { errors?: { text: string; location?: { file: string; line: number } | null }[] }) => ({
    outputFiles: [],
    errors: error.errors ?? [{ text: String(error) }],
  }));
  if (result.errors.length > 0)
    return {
      entries: Object.keys(entryPoints),
      bytes: 0,
      errors: result.errors.map((e) =>
        'location' in e && e.location ? `${e.location.file}:${e.location.line}: ${e.text}` : e.text,
      ),
    };
  let bytes = 0;
  for (const file of result.outputFiles ?? []) {
    await mkdir(dirname(file.path), { recursive: true });
    const tmp = `${file.path}.${randomUUID()}.tmp`;
    await writeFile(tmp, file.contents);
    await rename(tmp, file.path);
    if (file.path.endsWith('.js')) bytes += file.contents.length;
  }
  return {
    entries: Object.keys(entryPoints).map((e) => relative(webDir, join(outdir, `${e}.js`))),
    bytes,
    errors: [],
  };
}

/**
 * The static site as hosted behind CloudFront (infra/stacks/web-stack.ts): the landing page at the
 * root, and the pages, stylesheet and bundles under `web/`, the same paths as the local gateway.
 */
export async function buildSite(webDir: string, siteDir: string): Promise<WebBuildResult> {
  await cp(webDir, join(siteDir, 'web'), {
    recursive: true,
    filter: (src) => {
      const rel = relative(webDir, src);
      return !(rel === 'src' || rel.startsWith('src/') || rel === 'dist' || rel.startsWith('dist/'));
    },
  });
  await cp(join(webDir, 'index.html'), join(siteDir, 'index.html'));
  return buildWeb(webDir, join(siteDir, 'web', 'dist'));
}

// `node local/web-build.ts [siteDir]`: bundles into web/dist, or writes the whole site into siteDir.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const webDir = fileURLToPath(new URL('../web', import.meta.url));
  const target = process.argv[2];
  const result = target ? await buildSite(webDir, resolve(target)) : await buildWeb(webDir);
  for (const e of result.errors) process.stderr.write(`web build error: ${e}\n`);
  process.exitCode = result.errors.length > 0 ? 1 : 0;
}
