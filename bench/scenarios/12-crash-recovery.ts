import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeBin, systemRoot } from '../lib/system.ts';
import type { Scenario } from '../lib/types.ts';

/**
 * Time from a restart to every order final (issue 9). A system of its own, as a user runs it
 * (`node local/start.ts` in a process group of its own, on a data folder): a burst of card sales
 * (2-line baskets over store-1…3), `kill -9` of the whole group once a third of them are answered,
 * then a restart on the same data. Measured from the restart's spawn: when `/health` answers, when no
 * order is `pending` any more without any client retrying (the recovery run at start finishes what
 * the crash cut short), and when every sale retried with its original `Idempotency-Key` has its final
 * answer (each key must give one order: checked). Also the number of sales the crash left unfinished.
 */
const burst = 30;
const stores = ['store-1', 'store-2', 'store-3'] as const;
const cashierOf: Record<string, string> = {
  'store-1': 'cashier1',
  'store-2': 'cashier2',
  'store-3': 'cashier3',
};
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Running {
  readonly url: string;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

async function spawnSystem(dataDir: string): Promise<Running> {
  const child: ChildProcess = spawn(nodeBin, ['local/start.ts'], {
    cwd: systemRoot,
    env: { ...process.env, COMPTOIR_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let err = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (c: string) => (err = (err + c).slice(-20_000)));
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  const deadline = Date.now() + 120_000;
  let url: string | undefined;
  while (!url) {
    if (exited) throw new Error(`the system exited before it was ready:\n${err}`);
    if (Date.now() > deadline) throw new Error(`the system was not ready in time:\n${err}`);
    url = /API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(err)?.[1];
    await delay(25);
  }
  const kill = async (signal: NodeJS.Signals) => {
    if (!exited && child.pid) process.kill(-child.pid, signal);
    await Promise.race([exit, delay(20_000)]);
    if (!exited && child.pid) process.kill(-child.pid, 'SIGKILL');
    await exit;
  };
  return { url, kill9: () => kill('SIGKILL'), stop: () => kill('SIGTERM') };
}

export const scenario: Scenario = {
  name: 'crash-recovery',
  description: `kill -9 mid-burst of ${burst} card sales, restart on the same data: time to every order final`,
  async run(ctx) {
    const dataDir = await mkdtemp(join(tmpdir(), 'comptoir-bench-crash-'));
    let system = await spawnSystem(dataDir);
    try {
      const tokens = new Map<string, string>();
      const as = async (user: string) => {
        let token = tokens.get(user);
        if (!token) {
          const res = await fetch(`${system.url}/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username: user, password: 'comptoir-demo' }),
          });
          token = ((await res.json()) as { token: string }).token;
          tokens.set(user, token);
        }
        return { authorization: `Bearer ${token}` };
      };
      // Two demo products with stock enough for the burst at each of the three stores.
      const levels = async (store: string) => {
        const res = await fetch(`${system.url}/locations/${store}/stock`, { headers: await as('manager') });
        const body = (await res.json()) as { items: { productId: string; onHand: number }[] };
        return new Map(body.items.map((l) => [l.productId, l.onHand]));
      };
      const byStore = await Promise.all(stores.map(levels));
      const picks = [...byStore[0]!.keys()]
        .filter((id) => byStore.every((m) => (m.get(id) ?? 0) >= burst))
        .slice(0, 2)
        .map((productId) => ({ productId }));
      if (picks.length < 2) throw new Error('the demo data has no two products with enough stock');
      const sales = Array.from({ length: burst }, (_, i) => ({
        store: stores[i % stores.length]!,
        key: `bench-crash-${i}-${randomUUID()}`,
      }));
      const send = async (s: (typeof sales)[number]) => {
        try {
          const res = await fetch(`${system.url}/locations/${s.store}/sales`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'idempotency-key': s.key,
              ...(await as(cashierOf[s.store]!)),
            },
            body: JSON.stringify({
              lines: picks.map((p) => ({ productId: p.productId, quantity: 1 })),
              payment: { method: 'card', cardNumber: '4242424242424242' },
            }),
            signal: AbortSignal.timeout(60_000),
          });
          if (res.status === 401) tokens.delete(cashierOf[s.store]!); // signs in again, as a till does
          const body = (await res.json()) as { id?: string; code?: string };
          return { status: res.status, id: body.id, code: body.code };
        } catch {
          return undefined; // the connection died with the system
        }
      };

      for (const user of Object.values(cashierOf)) await as(user);
      // One sale first, so that the burst meets loaded modules (as a till after the first sale of the day).
      const warm = await send({ store: 'store-1', key: `bench-crash-warm-${randomUUID()}` });
      if (warm?.status !== 201) throw new Error(`the warm-up sale failed: ${JSON.stringify(warm)}`);
      ctx.log(`burst of ${burst} sales, kill -9 after ${burst / 3} answers…`);
      let answered = 0;
      let killNow: () => void = () => {};
      const killPoint = new Promise<void>((r) => (killNow = r));
      const first = Promise.all(
        sales.map((s) =>
          send(s).then((r) => {
            if (r && ++answered >= burst / 3) killNow();
            return r;
          }),
        ),
      );
      await Promise.race([killPoint, delay(20_000)]);
      await system.kill9();
      const beforeCrash = (await first).filter((r) => r?.status === 201).length;

      ctx.log('restart on the same data…');
      const restartedAt = performance.now();
      system = await spawnSystem(dataDir);
      const since = () => Math.round(performance.now() - restartedAt);
      const listening = since();
      for (;;) {
        const health = await fetch(`${system.url}/health`).catch(() => undefined);
        if (health?.status === 200) break;
        await delay(25);
      }
      const healthy = since();
      // Orders still pending, with no client retrying: the recovery at start finishes them.
      const pendingCount = async () => {
        let n = 0;
        for (const store of stores) {
          const res = await fetch(`${system.url}/orders?locationId=${store}&status=pending&limit=100`, {
            headers: await as('manager'),
          });
          n += ((await res.json()) as { items: unknown[] }).items.length;
        }
        return n;
      };
      const pendingAtStart = await pendingCount();
      let noPending: number | undefined;
      while (noPending === undefined && since() < 120_000) {
        if ((await pendingCount()) === 0) noPending = since();
        else await delay(100);
      }
      // Then every till retries with its key until each has its final answer.
      const finals = new Map<
        string,
        { status: number; id?: string | undefined; code?: string | undefined }
      >();
      while (finals.size < sales.length && since() < 240_000) {
        const open = sales.filter((s) => !finals.has(s.key));
        const results = await Promise.all(open.map(send));
        results.forEach((r, i) => {
          if (
            r &&
            r.status !== 401 &&
            r.status < 500 &&
            !(r.status === 409 && ['request-in-progress', 'checkout-in-progress'].includes(r.code ?? ''))
          )
            finals.set(open[i]!.key, r);
        });
        if (finals.size < sales.length) await delay(200);
      }
      const everyAnswer = since();
      const ids = [...finals.values()].map((f) => f.id).filter(Boolean);
      const oneOrderPerKey = ids.length === sales.length && new Set(ids).size === sales.length;
      const confirmed = [...finals.values()].filter((f) => f.status === 201).length;
      const statuses: Record<string, number> = {};
      for (const f of finals.values()) statuses[f.status] = (statuses[f.status] ?? 0) + 1;
      return {
        burst,
        answeredBeforeCrash: beforeCrash,
        unfinishedAtCrash: burst - beforeCrash,
        pendingAtStart,
        restartToListeningMs: listening,
        restartToHealthyMs: healthy,
        restartToNoPendingOrderMs: noPending,
        restartToEveryRetryAnsweredMs: everyAnswer,
        confirmed,
        statuses,
        oneOrderPerKey,
        summary: [
          `${burst} card sales, kill -9 after ${beforeCrash} answered; restart → listening ${listening} ms, healthy ${healthy} ms, no order pending ${noPending ?? 'never (2 min)'} ms (${pendingAtStart} pending when first looked), every retry answered ${everyAnswer} ms; ${confirmed} confirmed (${JSON.stringify(statuses)}), one order per key: ${oneOrderPerKey}`,
        ],
      };
    } finally {
      await system.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  },
};
