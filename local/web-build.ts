import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { build } from 'esbuild';

/**
 * Bundles the browser clients: every `web/src/<app>/main.ts` becomes `web/dist/<app>.js` (an app's
 * HTML page loads `/web/dist/<app>.js`). Adding an app is adding a folder with a main.ts.
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
  }
  return entries;
}

export async function buildWeb(webDir: string): Promise<WebBuildResult> {
  const entryPoints = webEntries(webDir);
  const outdir = join(webDir, 'dist');
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
