import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import * as z from 'zod/mini';
import { apiContracts } from '#functions/ops/api-docs.ts';
import type { RouteContract } from '#functions/shared/contract.ts';
import { routeKey, routes } from '#infra/spec/routes.ts';
import { startRuntime, type Runtime, type RuntimeOptions } from '#local/runtime.ts';
import type { SeedSnapshot } from '#local/seed/snapshot.ts';

/**
 * Integration tests run the embedded local runtime in memory and talk to it over HTTP, as a client would.
 * `as(username)` gives a client acting as one of the demo users (see local/seed); `anon` sends no token.
 */
export interface ApiResponse<T = any> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export interface RequestOptions {
  readonly headers?: Record<string, string>;
  readonly idempotencyKey?: string;
}

export interface Client {
  get<T = any>(path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  post<T = any>(path: string, body?: unknown, options?: RequestOptions): Promise<ApiResponse<T>>;
  put<T = any>(path: string, body?: unknown, options?: RequestOptions): Promise<ApiResponse<T>>;
  patch<T = any>(path: string, body?: unknown, options?: RequestOptions): Promise<ApiResponse<T>>;
  delete<T = any>(path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  /** Sends a raw body (e.g. malformed JSON). */
  raw<T = any>(method: string, path: string, body: string, options?: RequestOptions): Promise<ApiResponse<T>>;
}

export interface TestRuntime {
  readonly runtime: Runtime;
  readonly url: string;
  readonly anon: Client;
  as(username: string): Client;
  withToken(token: string): Client;
  stop(): Promise<void>;
}

export const demoPassword = 'comptoir-demo';

/** Each route's path as a pattern (a parameter is one path segment), with its contract. */
const routeMatchers = routes.map((route) => ({
  method: route.method,
  pattern: new RegExp(`^${route.path.replace(/\{\w+\}/g, '[^/]+')}$`),
  contract: apiContracts[routeKey(route)],
}));

/** The contract of the route a request goes to (none: not a route, e.g. the web app's files). */
export function contractOf(method: string, path: string): RouteContract | undefined {
  const pathname = new URL(path, 'http://local').pathname;
  return routeMatchers.find((m) => m.method === method && m.pattern.test(pathname))?.contract;
}

/**
 * Every 2xx answer an integration test gets is checked against its route's contract: a status the
 * contract does not list, a body where it says none, or a body its schema refuses fails the test.
 */
export function checkAnswer(method: string, path: string, status: number, body: unknown): void {
  if (status < 200 || status >= 300) return;
  const contract = contractOf(method, path);
  if (!contract) return;
  const where = `${method} ${path} answered ${status}`;
  if (!(status in contract.responses))
    throw new Error(`${where}, a status its contract (${contract.route}) does not list`);
  const schema = contract.responses[status];
  if (schema === null || schema === undefined) {
    if (body !== '') throw new Error(`${where} with a body; its contract (${contract.route}) says none`);
    return;
  }
  const result = z.safeParse(schema, body);
  if (!result.success)
    throw new Error(
      `${where} with a body its contract (${contract.route}) refuses: ${result.error.issues
        .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
        .join('; ')}`,
    );
  // The document says `additionalProperties: false`: a field the schema does not name is a mismatch too.
  const extra = unknownFields(result.data, body, '');
  if (extra.length > 0)
    throw new Error(
      `${where} with fields its contract (${contract.route}) does not name: ${extra.join(', ')}`,
    );
}

/** Fields of `sent` that parsing dropped (zod strips what an object schema does not name). */
function unknownFields(parsed: unknown, sent: unknown, at: string): string[] {
  if (Array.isArray(sent) && Array.isArray(parsed))
    return sent.flatMap((item, i) => unknownFields(parsed[i], item, `${at}[${i}]`));
  if (typeof sent !== 'object' || sent === null || typeof parsed !== 'object' || parsed === null) return [];
  return Object.entries(sent).flatMap(([key, value]) =>
    key in parsed
      ? unknownFields((parsed as Record<string, unknown>)[key], value, at ? `${at}.${key}` : key)
      : [at ? `${at}.${key}` : key],
  );
}

export function clientFor(url: string, token: () => Promise<string | undefined>): Client {
  const send = async (
    method: string,
    path: string,
    body: string | undefined,
    options: RequestOptions = {},
  ) => {
    const bearer = await token();
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
        ...options.headers,
      },
      ...(body !== undefined ? { body } : {}),
    });
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text !== '') parsed = JSON.parse(text);
    checkAnswer(method, path, res.status, parsed);
    return { status: res.status, headers: res.headers, body: parsed as any };
  };
  const json = (b: unknown) => (b === undefined ? undefined : JSON.stringify(b));
  return {
    get: (p, o) => send('GET', p, undefined, o),
    delete: (p, o) => send('DELETE', p, undefined, o),
    post: (p, b, o) => send('POST', p, json(b) ?? '{}', o),
    put: (p, b, o) => send('PUT', p, json(b) ?? '{}', o),
    patch: (p, b, o) => send('PATCH', p, json(b) ?? '{}', o),
    raw: (m, p, b, o) => send(m, p, b, o),
  };
}

/** Logs in as a demo user once and caches the token (before identity lands, no token is needed). */
async function loginToken(url: string, username: string): Promise<string | undefined> {
  const res = await fetch(`${url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: demoPassword }),
  });
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

let snapshot: SeedSnapshot | null | undefined;
/**
 * The demo data seeded once for the test run (tests/support/seed-snapshot.ts, the globalSetup of the
 * projects that start runtimes); none in a project without it: each runtime then seeds on its own.
 */
function seedSnapshot(): SeedSnapshot | undefined {
  if (snapshot === undefined) {
    const file = inject('seedSnapshot');
    snapshot = file ? (JSON.parse(readFileSync(file, 'utf8')) as SeedSnapshot) : null;
  }
  return snapshot ?? undefined;
}

/** `runtime`: more options of the local runtime (e.g. test-only event rules, faster event retries). */
export async function startTestRuntime(
  options: {
    seed?: boolean;
    runtime?: Omit<RuntimeOptions, 'port' | 'dataDir' | 'seed' | 'seedSnapshot' | 'validateStateMachines'>;
  } = {},
): Promise<TestRuntime> {
  const seed = options.seed ?? true;
  const demoData = seed ? seedSnapshot() : undefined;
  return testClientsFor(
    await startRuntime({
      ...options.runtime,
      port: 0,
      dataDir: undefined,
      seed,
      ...(demoData ? { seedSnapshot: demoData } : {}),
      // asl-validator costs about 1 s of a core per start; the ASL files have a unit test of their own
      // (tests/unit/sales/checkout-state-machine.test.ts), and runtimes on a data folder still check them.
      validateStateMachines: false,
    }),
  );
}

/** The same clients for a runtime started otherwise (e.g. by `startRuntime` on a data folder). */
export function testClientsFor(runtime: Runtime): TestRuntime {
  const tokens = new Map<string, Promise<string | undefined>>();
  const tokenOf = (username: string) => {
    let t = tokens.get(username);
    if (!t) {
      t = loginToken(runtime.url, username);
      tokens.set(username, t);
    }
    return t;
  };
  return {
    runtime,
    url: runtime.url,
    anon: clientFor(runtime.url, async () => undefined),
    as: (username) => clientFor(runtime.url, () => tokenOf(username)),
    withToken: (token) => clientFor(runtime.url, async () => token),
    stop: () => runtime.stop(),
  };
}

/**
 * Opens the register session of a store's till (issue 12: the till sells only with its session open);
 * `till-1` is the device's default at the POS page. Fails the test when it cannot.
 */
export async function openTill(
  api: TestRuntime,
  cashier: string,
  storeId: string,
  options: { registerId?: string; floatCents?: number } = {},
): Promise<void> {
  const res = await api
    .as(cashier)
    .post(
      `/locations/${storeId}/registers/${options.registerId ?? 'till-1'}/sessions`,
      { floatCents: options.floatCents ?? 20_000 },
      { idempotencyKey: `open-${storeId}-${Date.now()}-${Math.random()}` },
    );
  if (res.status !== 201)
    throw new Error(`could not open the till: ${res.status} ${JSON.stringify(res.body)}`);
}
