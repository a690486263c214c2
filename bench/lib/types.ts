import type { LocalCredentials } from '#local/credentials.ts';

/**
 * The benchmark's plug-in contract. A scenario is a module `bench/scenarios/<name>.ts` exporting
 * `scenario: Scenario`; `bench/run.ts` runs every such module (sorted by file name) against one
 * system under test and gathers what each `run` returns into the report under its name.
 * Every latency is in milliseconds, every rate in requests per second.
 */

export interface Scenario {
  /** Short kebab-case name, the key of this scenario's figures in the report. */
  readonly name: string;
  /** Optional one-line description printed before the scenario runs. */
  readonly description?: string;
  /** Measures, and returns JSON-serializable figures (numbers, strings, plain objects, arrays). */
  run(ctx: BenchContext): Promise<Record<string, unknown>>;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One request of a load: a path (with its query string) on the system's base URL. */
export interface RequestSpec {
  readonly method?: HttpMethod;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as is; set `content-type` in `headers` yourself. */
  readonly body?: string;
}

export interface LatencySummary {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** What a load run measured. Latency covers every response, whatever its status. */
export interface LoadResult {
  readonly model: 'closed-loop' | 'open-loop';
  readonly label: string;
  readonly requests: number;
  readonly durationSec: number;
  readonly requestsPerSec: number;
  readonly latency: LatencySummary;
  /** Requests that got no HTTP answer: connection errors and timeouts. */
  readonly errors: number;
  readonly timeouts: number;
  /** Answers whose status is not 2xx (counted apart from `errors`). */
  readonly non2xx: number;
  readonly statusCodes: Readonly<Record<string, number>>;
  /**
   * CPU time the server process used per answered request (ms, all its threads), when the load went to
   * a process the harness started: a cost that hardly depends on what else the machine runs.
   */
  readonly serverCpuMsPerRequest?: number;
  /** The server's CPU use during the load, in cores (1 = one core fully busy). */
  readonly serverCpuCores?: number;
}

export interface ClosedLoopOptions {
  /** Names the run in logs and in the result. */
  readonly label: string;
  /** Cycled in order by every connection (autocannon's `requests`). */
  readonly requests: readonly RequestSpec[];
  /** Defaults to 64. */
  readonly connections?: number;
  /** Measured seconds; defaults to 15 (5 in quick mode). */
  readonly durationSec?: number;
  /** Unmeasured load before the measurement; defaults to 2 s (1 s in quick mode). */
  readonly warmupSec?: number;
  /** Base URL; defaults to the system under test. */
  readonly url?: string;
  /** Per-request timeout; defaults to 10 s. */
  readonly timeoutSec?: number;
}

/** One kind of request of the virtual-user model; `request` may build a fresh request each time. */
export interface RequestKind {
  readonly name: string;
  /** Relative weight of this kind when a user picks what to do next; defaults to 1. */
  readonly weight?: number;
  readonly request: RequestSpec | (() => RequestSpec);
}

export interface OpenLoopOptions {
  readonly label: string;
  /** Number of virtual users. */
  readonly users: number;
  readonly kinds: readonly RequestKind[];
  /** Seconds of load, ramp-up included. */
  readonly durationSec: number;
  /** Users start evenly spread over this many seconds; defaults to 5. */
  readonly rampUpSec?: number;
  /** Think time after each answer, drawn uniformly in [min, max] ms; defaults to 1000–5000. */
  readonly thinkTimeMs?: { readonly min: number; readonly max: number };
  readonly url?: string;
  /** Per-request timeout; defaults to 10 s. */
  readonly timeoutSec?: number;
}

export interface OpenLoopResult extends LoadResult {
  readonly users: number;
  readonly thinkTimeMs: { readonly min: number; readonly max: number };
  /** The same figures for each kind of request. */
  readonly byKind: Readonly<Record<string, Omit<LoadResult, 'model' | 'label' | 'durationSec'>>>;
}

/** The bare `node:http` server (the machine's ceiling), measured once per run. */
export interface Baseline {
  /** Closed loop, same connection count as scenario defaults (64). */
  readonly closedLoop: LoadResult;
  /** The virtual-user model with the same users and think time as the original load test. */
  readonly openLoop: OpenLoopResult;
}

/** A result divided by the bare server's figures under the same model (1 = as fast as the ceiling). */
export interface Ratios {
  /** serverCpuMsPerRequest / the bare server's, when both are known: above 1 costs more. */
  readonly cpuPerRequest?: number;
  /** requestsPerSec / bare requestsPerSec: below 1 is slower. */
  readonly requestsPerSec: number;
  /** p50 / bare p50: above 1 is slower. */
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

/** A running system under test: `local/start.ts` in a child process, on its own data folder. */
export interface SystemHandle {
  readonly url: string;
  /** The child's dynalite endpoint (for bulk loads, as the banner prints it). */
  readonly dynamoEndpoint: string | undefined;
  readonly dataDir: string;
  /** The system's own AWS credentials (from its data folder): the only ones its local endpoints accept. */
  readonly credentials: LocalCredentials;
  readonly pid: number;
  /** The last lines the child wrote on stderr (banner, errors). */
  stderrTail(): string;
  /** CPU seconds the child has used so far (Linux), undefined elsewhere. */
  cpuSeconds(): number | undefined;
  stop(): Promise<void>;
}

export interface StartSystemOptions {
  /** Extra environment for the child. */
  readonly env?: Readonly<Record<string, string>>;
  /** Extra node flags, e.g. `--cpu-prof`. */
  readonly nodeArgs?: readonly string[];
  /** The checkout whose `local/start.ts` runs (default: `BENCH_SYSTEM_ROOT`, else this one). */
  readonly root?: string;
}

export interface BenchContext {
  /** Base URL of the shared system under test, e.g. `http://127.0.0.1:41234`. */
  readonly baseUrl: string;
  readonly system: SystemHandle;
  /** `BENCH_QUICK=1`: a smoke run; scenarios shorten their loads (see `seconds`). */
  readonly quick: boolean;
  readonly baseline: Baseline;
  /**
   * A bearer token for a demo user (password `comptoir-demo`), logged in once per system and
   * cached; undefined while the system has no `POST /auth/login` (404).
   */
  token(username: string, system?: SystemHandle): Promise<string | undefined>;
  /** `{authorization: 'Bearer …'}` for that user, or `{}` while there is no login. */
  authHeaders(username: string, system?: SystemHandle): Promise<Record<string, string>>;
  /** Maximum-throughput run with autocannon: each connection sends its next request on each answer. */
  closedLoop(options: ClosedLoopOptions): Promise<LoadResult>;
  /** Virtual users with think time, recorded in an HDR histogram. */
  openLoop(options: OpenLoopOptions): Promise<OpenLoopResult>;
  /** The result against the bare server under the same model. */
  ratio(result: LoadResult): Ratios;
  /** `full` normally, `quick` in quick mode. */
  seconds(full: number, quick: number): number;
  /**
   * A fresh system of its own (for a scenario that changes data others rely on, e.g. a 100k catalog);
   * stopped when the scenario ends.
   */
  startSystem(options?: StartSystemOptions): Promise<SystemHandle>;
  /** A progress line on stderr, prefixed with the scenario's name. */
  log(...parts: unknown[]): void;
}
