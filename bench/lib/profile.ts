import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './system.ts';

/**
 * Reads a V8 `.cpuprofile` (from `node --cpu-prof`) and lists where the time went: self time per
 * function and per package (node_modules/<package>, node: internals, or the project's own folders).
 */
interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly hitCount?: number;
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples?: readonly number[];
}

export interface ProfileSummary {
  readonly file: string;
  readonly totalMs: number;
  /** Share of samples where the main thread waited (event loop idle); the other shares are of busy time. */
  readonly idlePct: number;
  readonly topFunctions: readonly {
    readonly name: string;
    readonly where: string;
    readonly selfPct: number;
  }[];
  readonly byPackage: readonly { readonly name: string; readonly selfPct: number }[];
}

function packageOf(url: string): string {
  if (url === '') return '(native, gc, program)';
  if (url.startsWith('node:')) return 'node: internals';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  const root = pathToFileURL(repoRoot).href;
  if (url.startsWith(root)) return url.slice(root.length).split('/').slice(0, 2).join('/');
  return url;
}

const shortUrl = (url: string): string => {
  const root = pathToFileURL(repoRoot).href;
  const inModules = url.lastIndexOf('node_modules/');
  if (inModules >= 0) return url.slice(inModules + 'node_modules/'.length);
  return url.startsWith(root) ? url.slice(root.length) : url;
};

export async function summarizeProfile(file: string, top = 15): Promise<ProfileSummary> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const isIdle = (node: ProfileNode) => node.callFrame.functionName === '(idle)' && node.callFrame.url === '';
  const allHits = profile.nodes.reduce((s, node) => s + (node.hitCount ?? 0), 0) || 1;
  const idleHits = profile.nodes.filter(isIdle).reduce((s, node) => s + (node.hitCount ?? 0), 0);
  const totalHits = allHits - idleHits || 1;
  const byFunction = new Map<string, { name: string; where: string; hits: number }>();
  const byPackage = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0 || isIdle(node)) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = functionName || '(anonymous)';
    const where = url === '' ? '' : `${shortUrl(url)}:${lineNumber + 1}`;
    const key = `${name}|${where}`;
    const entry = byFunction.get(key) ?? { name, where, hits: 0 };
    entry.hits += hits;
    byFunction.set(key, entry);
    const pkg = packageOf(url);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + hits);
  }
  const pct = (hits: number) => Math.round((hits / totalHits) * 1000) / 10;
  return {
    file,
    totalMs: Math.round((profile.endTime - profile.startTime) / 1000),
    idlePct: Math.round((idleHits / allHits) * 1000) / 10,
    topFunctions: [...byFunction.values()]
      .sort((a, b) => b.hits - a.hits)
      .slice(0, top)
      .map((f) => ({ name: f.name, where: f.where, selfPct: pct(f.hits) })),
    byPackage: [...byPackage]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, hits]) => ({ name, selfPct: pct(hits) })),
  };
}
