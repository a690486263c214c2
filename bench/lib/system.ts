import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCredentials } from '#local/credentials.ts';
import type { StartSystemOptions, SystemHandle } from './types.ts';

/**
 * Child processes of the benchmark: the system under test (`local/start.ts`, exactly what
 * `npm start` runs) and the bare server. Each runs in its own process so that the load generator
 * never shares an event loop with what it measures. All of them listen on 127.0.0.1 only.
 */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** The project's Node 24 (the `node` devDependency), as `npm start` uses it. */
export const nodeBin = join(repoRoot, 'node_modules/.bin/node');
/**
 * The checkout whose `local/start.ts` is the system under test: this one, or `BENCH_SYSTEM_ROOT` (another
 * checkout of the project, e.g. the commit before a change, for before/after figures from the same harness
 * under the same conditions). Only the system comes from there; the harness and scenarios are this checkout's.
 */
export const systemRoot = process.env.BENCH_SYSTEM_ROOT ? resolve(process.env.BENCH_SYSTEM_ROOT) : repoRoot;

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

let clockTicks: number | undefined;

/** `/proc/<pid>/stat` of every process: parent, own CPU (user + system, all threads) and reaped children's, in ticks. */
function processTable(): Map<number, { ppid: number; own: number; reaped: number }> {
  const table = new Map<number, { ppid: number; own: number; reaped: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(entry), {
        ppid: Number(f[1]),
        own: Number(f[11]) + Number(f[12]),
        reaped: Number(f[13]) + Number(f[14]),
      });
    } catch {
      // the process ended while the table was read
    }
  }
  return table;
}

/**
 * CPU seconds (user + system, all threads) a process and its whole tree have used so far, from /proc
 * (Linux); undefined elsewhere. Every live descendant counts, and so do the ones that ended (their
 * parent's reaped-children time): work moved to a helper process (or thread) is still the system's cost.
 * Unlike throughput, CPU time per request hardly depends on what else the machine runs.
 */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const table = processTable();
    if (!table.has(pid)) return undefined;
    clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    let ticks = 0;
    const tree = [pid];
    for (let i = 0; i < tree.length; i++) {
      const p = table.get(tree[i]!)!;
      ticks += p.own + p.reaped;
      for (const [child, c] of table) if (c.ppid === tree[i]) tree.push(child);
    }
    return ticks / clockTicks;
  } catch {
    return undefined;
  }
}

/**
 * Waits until a process has been nearly idle (under 5 % of a core) for a second, at most `maxMs`:
 * after a bulk load, LevelDB compacts in the background, which would count in the next load's figures.
 */
export async function waitUntilIdle(
  system: Pick<SystemHandle, 'cpuSeconds'>,
  maxMs = 60_000,
): Promise<{ waitedMs: number; idle: boolean }> {
  const started = performance.now();
  let before = system.cpuSeconds();
  if (before === undefined) return { waitedMs: 0, idle: false };
  while (performance.now() - started < maxMs) {
    await delay(1000);
    const now = system.cpuSeconds();
    if (now === undefined) break;
    if (now - before < 0.05) return { waitedMs: Math.round(performance.now() - started), idle: true };
    before = now;
  }
  return { waitedMs: Math.round(performance.now() - started), idle: false };
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface ChildServer {
  readonly child: ChildProcess;
  readonly url: string;
  stderrTail(): string;
  stop(): Promise<void>;
}

/** Spawns `node <args>` with PORT set, and waits until `readyPath` answers 200. */
async function startChildServer(options: {
  readonly label: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly readyPath: string;
  readonly readyTimeoutMs?: number;
  readonly cwd?: string;
}): Promise<ChildServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(nodeBin, [...options.args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...options.env, PORT: String(port), HOST: '127.0.0.1' },
    // The system logs one JSON line per request on stdout: discarded, as CloudWatch would take it.
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  live.add(child);
  const tail: string[] = [];
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    tail.push(...chunk.split('\n').filter((l) => l.trim() !== ''));
    if (tail.length > 60) tail.splice(0, tail.length - 60);
  });
  let exited: number | string | null | undefined;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = code ?? signal;
      live.delete(child);
      resolve();
    }),
  );
  const stderrTail = () => tail.join('\n');

  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  for (;;) {
    if (exited !== undefined)
      throw new Error(`${options.label} exited (${String(exited)}) before it was ready:\n${stderrTail()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `${options.label} was not ready after ${options.readyTimeoutMs ?? 120_000} ms:\n${stderrTail()}`,
      );
    }
    try {
      const res = await fetch(`${url}${options.readyPath}`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await delay(150);
  }

  const stop = async () => {
    if (exited !== undefined) return;
    child.kill('SIGTERM');
    const stopped = await Promise.race([exit.then(() => true), delay(15_000).then(() => false)]);
    if (!stopped) {
      child.kill('SIGKILL');
      await exit;
    }
  };
  return { child, url, stderrTail, stop };
}

/** Starts `local/start.ts` on a fresh data folder (demo data loaded), removed again on stop. */
export async function startSystem(options: StartSystemOptions = {}): Promise<SystemHandle> {
  const dataDir = await mkdtemp(join(tmpdir(), 'comptoir-bench-'));
  let server: ChildServer;
  try {
    server = await startChildServer({
      label: 'the system under test (local/start.ts)',
      args: [...(options.nodeArgs ?? []), 'local/start.ts'],
      env: { COMPTOIR_DATA_DIR: dataDir, ...options.env },
      readyPath: '/health',
      cwd: options.root ?? systemRoot,
    });
  } catch (e) {
    await rm(dataDir, { recursive: true, force: true });
    throw e;
  }
  // The banner (printed once the runtime is up) names the child's DynamoDB endpoint.
  let dynamoEndpoint: string | undefined;
  for (let i = 0; i < 40 && dynamoEndpoint === undefined; i++) {
    dynamoEndpoint = /DynamoDB\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(server.stderrTail())?.[1];
    if (dynamoEndpoint === undefined) await delay(50);
  }
  // A system from before the local endpoints checked signatures (BENCH_SYSTEM_ROOT) accepts any.
  const credentials =
    readCredentials(dataDir) ??
    ((options.root ?? systemRoot) !== repoRoot
      ? { accessKeyId: 'local', secretAccessKey: 'local-any-signature' }
      : undefined);
  if (!credentials) {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
    throw new Error(`the system under test wrote no credentials in ${dataDir}`);
  }
  return {
    url: server.url,
    dynamoEndpoint,
    dataDir,
    credentials,
    pid: server.child.pid ?? -1,
    stderrTail: server.stderrTail,
    cpuSeconds: () => cpuSeconds(server.child.pid ?? -1),
    async stop() {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Starts the bare `node:http` server answering `body` to every request. */
export async function startBareServer(
  body: string,
): Promise<{ url: string; cpuSeconds(): number | undefined; stop(): Promise<void> }> {
  const server = await startChildServer({
    label: 'the bare node:http server',
    args: ['bench/lib/bare-server.ts'],
    env: { BARE_BODY: body },
    readyPath: '/',
    readyTimeoutMs: 20_000,
  });
  return { url: server.url, cpuSeconds: () => cpuSeconds(server.child.pid ?? -1), stop: server.stop };
}
