import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { readCredentials } from '#local/credentials.ts';
import { clientFor, demoPassword, type Client } from './runtime.ts';

/**
 * The local runtime as a user runs it — `node local/start.ts` (what `npm start` runs) in a process
 * group of its own, on a data folder — so that a test can kill the whole of it with `kill -9` of the
 * group at any moment, start it again on the same data, and go on as a till would.
 */
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const nodeBin = join(repoRoot, 'node_modules/.bin/node');
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of live) if (c.pid) process.kill(-c.pid, 'SIGKILL');
});

export interface RuntimeProcess {
  readonly url: string;
  readonly dynamoEndpoint: string;
  readonly dataDir: string;
  stderr(): string;
  /** SIGKILL to the whole process group: nothing gets to clean up. */
  kill9(): Promise<void>;
  /** SIGTERM, as Ctrl-C. */
  stop(): Promise<void>;
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function spawnRuntime(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<RuntimeProcess> {
  const child = spawn(nodeBin, ['local/start.ts'], {
    cwd: repoRoot,
    env: { ...process.env, COMPTOIR_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  live.add(child);
  let err = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (c: string) => {
    err = (err + c).slice(-20_000);
  });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      live.delete(child);
      resolve();
    }),
  );
  const deadline = Date.now() + 120_000;
  let url: string | undefined;
  let dynamo: string | undefined;
  while (!url || !dynamo) {
    if (exited) throw new Error(`the runtime exited before it was ready:\n${err}`);
    if (Date.now() > deadline) throw new Error(`the runtime was not ready in time:\n${err}`);
    url = /API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(err)?.[1];
    dynamo = /DynamoDB\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(err)?.[1];
    await delay(100);
  }
  return {
    url,
    dynamoEndpoint: dynamo,
    dataDir,
    stderr: () => err,
    async kill9() {
      if (!exited && child.pid) process.kill(-child.pid, 'SIGKILL');
      await exit;
    },
    async stop() {
      if (!exited && child.pid) process.kill(-child.pid, 'SIGTERM');
      await Promise.race([exit, delay(20_000)]);
      if (!exited && child.pid) process.kill(-child.pid, 'SIGKILL');
      await exit;
    },
  };
}

/** A DynamoDB document client on the runtime's own tables (to read what no route shows, e.g. the PSP ledger). */
export function dynamoOf(rt: RuntimeProcess): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: rt.dynamoEndpoint,
      region: 'ca-central-1',
      credentials: readCredentials(rt.dataDir),
    }),
  );
}

/** Clients acting as demo users against whichever runtime is current (`url()`), tokens kept across restarts. */
export function usersOf(url: () => string) {
  const tokens = new Map<string, string>();
  const token = async (username: string) => {
    const known = tokens.get(username);
    if (known) return known;
    for (let attempt = 0; ; attempt++) {
      if (attempt >= 50) throw new Error(`could not sign ${username} in at ${url()}`);
      const res = await fetch(`${url()}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: demoPassword }),
      }).catch(() => undefined);
      if (res?.status === 200) {
        const t = ((await res.json()) as { token: string }).token;
        tokens.set(username, t);
        return t;
      }
      await delay(200);
    }
  };
  return (username: string): Client => {
    const proxy: Client = {
      get: (p, o) => clientFor(url(), () => token(username)).get(p, o),
      post: (p, b, o) => clientFor(url(), () => token(username)).post(p, b, o),
      put: (p, b, o) => clientFor(url(), () => token(username)).put(p, b, o),
      patch: (p, b, o) => clientFor(url(), () => token(username)).patch(p, b, o),
      delete: (p, o) => clientFor(url(), () => token(username)).delete(p, o),
      raw: (m, p, b, o) => clientFor(url(), () => token(username)).raw(m, p, b, o),
    };
    return proxy;
  };
}
