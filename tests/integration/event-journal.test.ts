import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { newCredentials, readCredentials, type LocalCredentials } from '#local/credentials.ts';
import { startEventBus, type BusEvent, type LocalBus, type LocalRule } from '#local/eventbridge.ts';
import { repoRoot } from '#local/runtime.ts';

/**
 * Durable events: the local bus writes every accepted event to a journal in the data folder before
 * PutEvents answers, marks each rule's delivery done when it ends, and after a restart delivers what was
 * left. First against a whole runtime killed with `kill -9`, then against the bus alone.
 */
const journalFile = (dataDir: string) => join(dataDir, 'events-journal.jsonl');
const journalLines = (dataDir: string) =>
  existsSync(journalFile(dataDir))
    ? readFileSync(journalFile(dataDir), 'utf8').split('\n').filter(Boolean)
    : [];

function publish(
  endpoint: string,
  credentials: LocalCredentials,
  details: readonly Record<string, unknown>[],
  source = 'test.journal',
): Promise<string[]> {
  const client = new EventBridgeClient({ endpoint, region: 'ca-central-1', credentials, maxAttempts: 1 });
  return client
    .send(
      new PutEventsCommand({
        Entries: details.map((d) => ({
          Source: source,
          DetailType: 'JournalProbe',
          Detail: JSON.stringify(d),
          EventBusName: 'comptoir',
        })),
      }),
    )
    .then((out) => out.Entries!.map((e) => e.EventId!))
    .finally(() => client.destroy());
}

describe('events accepted before a crash of the runtime', () => {
  let dataDir: string;
  const children: ChildProcess[] = [];
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'comptoir-journal-'));
  });
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Starts tests/support/journal-runtime.ts in a process group of its own; resolves once it is ready. */
  async function startChild(mode: 'stuck' | 'deliver', log: string) {
    const child = spawn(
      join(repoRoot, 'node_modules/.bin/node'),
      ['tests/support/journal-runtime.ts', dataDir, log, mode],
      {
        cwd: repoRoot,
        detached: true,
        env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'SILENT' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    children.push(child);
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
    const exited = new Promise<number | string | null>((resolve) =>
      child.once('exit', (code, signal) => resolve(code ?? signal)),
    );
    const ready = await new Promise<{ url: string; bus: string; resumedDeliveries: number }>(
      (resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', (line) => resolve(JSON.parse(line) as never));
        void exited.then((code) => reject(new Error(`the runtime exited (${String(code)}):\n${stderr}`)));
      },
    );
    return { child, ready, exited };
  }

  /** Live processes (zombies aside: dead, waiting to be reaped) whose process group is `pgid` (from /proc). */
  function processesInGroup(pgid: number): number[] {
    const found: number[] = [];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(group) === pgid && state !== 'Z') found.push(Number(entry));
      } catch {
        // gone meanwhile
      }
    }
    return found;
  }

  it('are delivered after a restart on the same data folder; kill -9 of its process group leaves no process', async () => {
    // Prepare: a runtime whose test consumer starts the delivery and never completes it
    const log = join(dataDir, 'deliveries.log');
    const first = await startChild('stuck', log);
    const credentials = readCredentials(dataDir)!;
    const [eventId] = await publish(first.ready.bus, credentials, [{ probe: 1 }]);
    await vi.waitFor(() => expect(readFileSync(log, 'utf8')).toContain(`stuck ${eventId}`), {
      timeout: 30_000,
      interval: 50,
    });

    // Act: the crash, then a restart on the same folder
    process.kill(-first.child.pid!, 'SIGKILL');
    await first.exited;
    // (its helpers, e.g. esbuild's service process, get the signal too; a worker thread dies with its process)
    await vi.waitFor(() => expect(processesInGroup(first.child.pid!)).toEqual([]), { timeout: 5000 });
    const second = await startChild('deliver', log);

    // Assess: the event's delivery is taken up again and completes
    expect(second.ready.resumedDeliveries).toBe(1);
    await vi.waitFor(() => expect(readFileSync(log, 'utf8')).toContain(`deliver ${eventId}`), {
      timeout: 30_000,
      interval: 50,
    });
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    // Nothing is left to deliver: the journal was compacted to nothing at the clean stop.
    expect(journalLines(dataDir)).toEqual([]);

    // A third start on the folder; this time only the runtime's own process dies, without any cleanup:
    // nothing it started outlives it.
    const third = await startChild('deliver', log);
    expect(third.ready.resumedDeliveries).toBe(0);
    process.kill(third.child.pid!, 'SIGKILL');
    await third.exited;
    await vi.waitFor(() => expect(processesInGroup(third.child.pid!)).toEqual([]), { timeout: 5000 });
    expect(
      readFileSync(log, 'utf8')
        .split('\n')
        .filter((l) => l.endsWith(eventId!)),
    ).toEqual([`stuck ${eventId}`, `deliver ${eventId}`]);
  });
});

describe('the local bus journal', () => {
  let dataDir: string;
  let bus: LocalBus | undefined;
  const credentials = newCredentials();
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'comptoir-bus-journal-'));
  });
  afterEach(async () => {
    await bus?.stop();
    bus = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  const rule = (handler: (event: BusEvent) => Promise<unknown>): LocalRule => ({
    name: 'test-journal',
    description: 'test only',
    eventPattern: { source: ['test.journal'] },
    target: 'test/journal',
    retryAttempts: 2,
    maxEventAgeSeconds: 3600,
    tables: [],
    handler,
  });

  const start = (handler: (event: BusEvent) => Promise<unknown>, more: { compactEvery?: number } = {}) =>
    startEventBus({
      credentials,
      dataDir,
      rules: [rule(handler)],
      loadTarget: () => Promise.reject(new Error('test rules have their handler')),
      retryDelayMs: 1,
      maxRetryDelayMs: 5,
      stopGraceMs: 50,
      ...more,
    });

  it('holds each accepted event before PutEvents answers', async () => {
    bus = await start(() => new Promise(() => undefined));
    const [id] = await publish(bus.endpoint, credentials, [{ n: 1 }]);
    expect(
      journalLines(dataDir).map((l) => (JSON.parse(l) as { event?: { id: string } }).event?.id),
    ).toContain(id);
  });

  it('marks deliveries done: after a restart nothing is delivered twice, and the journal stays small', async () => {
    // Prepare: 100 events delivered, journal compacted every 20 records
    const delivered: string[] = [];
    bus = await start(async (e) => void delivered.push(e.id), { compactEvery: 20 });
    for (let batch = 0; batch < 10; batch++)
      await publish(
        bus.endpoint,
        credentials,
        Array.from({ length: 10 }, (_, n) => ({ batch, n })),
      );
    await bus.settled();
    expect(delivered).toHaveLength(100);
    expect(journalLines(dataDir).length).toBeLessThan(40);
    await bus.stop();

    // Act: restart on the same folder
    bus = await start(async (e) => void delivered.push(e.id), { compactEvery: 20 });

    // Assess
    expect(bus.resume()).toBe(0);
    await bus.settled();
    expect(delivered).toHaveLength(100);
    expect(journalLines(dataDir)).toEqual([]);
  });

  it('delivers after a restart what a stop cut short, once, with the same event id', async () => {
    bus = await start(() => new Promise(() => undefined));
    const ids = await publish(bus.endpoint, credentials, [{ n: 1 }, { n: 2 }]);
    await bus.stop();

    const delivered: string[] = [];
    bus = await start(async (e) => void delivered.push(e.id));
    expect(bus.resume()).toBe(2);
    await bus.settled();
    expect(delivered.sort()).toEqual([...ids].sort());
  });

  it('counts a dead-lettered delivery as ended: it is not delivered again after a restart', async () => {
    let calls = 0;
    bus = await start(async () => {
      calls++;
      throw Object.assign(new Error('malformed'), { retryable: false });
    });
    await publish(bus.endpoint, credentials, [{ n: 1 }]);
    await bus.settled();
    expect(bus.deadLetters()).toHaveLength(1);
    await bus.stop();

    bus = await start(async () => void calls++);
    expect(bus.resume()).toBe(0);
    expect(calls).toBe(1);
  });

  it('reads past a last line that a crash cut in the middle', async () => {
    bus = await start(() => new Promise(() => undefined));
    const [id] = await publish(bus.endpoint, credentials, [{ n: 1 }]);
    await bus.stop();
    appendFileSync(journalFile(dataDir), '{"event":{"id":"half-writ');

    const delivered: string[] = [];
    bus = await start(async (e) => void delivered.push(e.id));
    expect(bus.resume()).toBe(1);
    await bus.settled();
    expect(delivered).toEqual([id]);
  });
});
