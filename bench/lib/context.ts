import { runClosedLoop } from './closed-loop.ts';
import { round } from './histogram.ts';
import { runOpenLoop } from './open-loop.ts';
import { startSystem } from './system.ts';
import type { Baseline, BenchContext, LoadResult, Ratios, SystemHandle } from './types.ts';

/** The demo users' password (local/seed); every demo user has it. */
export const demoPassword = 'comptoir-demo';

const tokens = new Map<string, { token: Promise<string | undefined>; renewAt: number }>();

/**
 * Logs in once per (system, user) and keeps the token until a minute before it expires (access tokens
 * last 15 minutes, a full run longer); undefined while the system has no login route.
 */
export function login(url: string, username: string): Promise<string | undefined> {
  const key = `${url}|${username}`;
  const kept = tokens.get(key);
  if (kept && Date.now() < kept.renewAt) return kept.token;
  const entry = { token: Promise.resolve<string | undefined>(undefined), renewAt: Number.POSITIVE_INFINITY };
  entry.token = (async () => {
    const res = await fetch(`${url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: demoPassword }),
    });
    const text = await res.text();
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${text}`);
    const body = JSON.parse(text) as { token: string; expiresAt?: string };
    const expires = Date.parse(body.expiresAt ?? '');
    if (Number.isFinite(expires)) entry.renewAt = expires - 60_000;
    return body.token;
  })();
  tokens.set(key, entry);
  entry.token.catch(() => tokens.delete(key));
  return entry.token;
}

export function ratios(result: LoadResult, baseline: Baseline): Ratios {
  const bare = result.model === 'closed-loop' ? baseline.closedLoop : baseline.openLoop;
  const div = (a: number, b: number) => (b > 0 ? round(a / b, 2) : 0);
  const cpu =
    result.serverCpuMsPerRequest !== undefined && bare.serverCpuMsPerRequest
      ? { cpuPerRequest: div(result.serverCpuMsPerRequest, bare.serverCpuMsPerRequest) }
      : {};
  return {
    ...cpu,
    requestsPerSec: div(result.requestsPerSec, bare.requestsPerSec),
    p50: div(result.latency.p50, bare.latency.p50),
    p95: div(result.latency.p95, bare.latency.p95),
    p99: div(result.latency.p99, bare.latency.p99),
  };
}

export interface ScenarioContext extends BenchContext {
  /** Stops the systems this scenario started. */
  dispose(): Promise<void>;
}

export function createContext(options: {
  readonly scenario: string;
  readonly system: SystemHandle;
  readonly baseline: Baseline;
  readonly quick: boolean;
}): ScenarioContext {
  const { system, baseline, quick } = options;
  const own: SystemHandle[] = [];
  const seconds = (full: number, short: number) => (quick ? short : full);
  /** CPU readings of the process serving `url`, when the harness started it. */
  const cpuOf = (url: string) => [system, ...own].find((s) => s.url === url)?.cpuSeconds;
  const log = (...parts: unknown[]) =>
    process.stderr.write(
      `  [${options.scenario}] ${parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' ')}\n`,
    );
  return {
    baseUrl: system.url,
    system,
    quick,
    baseline,
    token: (username, on = system) => login(on.url, username),
    async authHeaders(username, on = system): Promise<Record<string, string>> {
      const token = await login(on.url, username);
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    closedLoop: (o) =>
      runClosedLoop(
        o.url ?? system.url,
        { ...o, durationSec: o.durationSec ?? seconds(15, 5), warmupSec: o.warmupSec ?? seconds(2, 1) },
        cpuOf(o.url ?? system.url),
      ),
    openLoop: (o) => runOpenLoop(o.url ?? system.url, o, cpuOf(o.url ?? system.url)),
    ratio: (result) => ratios(result, baseline),
    seconds,
    async startSystem(startOptions) {
      const started = await startSystem(startOptions);
      own.push(started);
      return started;
    },
    log,
    async dispose() {
      await Promise.all(own.splice(0).map((s) => s.stop()));
    },
  };
}
