import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { consumerRetryPolicy, type RuleSpec } from '#infra/spec/rules.ts';
import type { LocalCredentials } from './credentials.ts';
import { EventJournal } from './event-journal.ts';
import { matchesEventPattern, validateEventPattern } from './event-pattern.ts';
import { lambdaContext } from './gateway.ts';
import { closeServer, listen, localEndpoint } from './listen.ts';

/**
 * The local EventBridge: an HTTP endpoint speaking the AWS JSON 1.1 protocol for
 * `AWSEvents.PutEvents` (reached by the real SDK client through AWS_ENDPOINT_URL_EVENTBRIDGE),
 * which validates entries as AWS does, wraps each in the EventBridge envelope, matches it against
 * the rules of infra/spec/rules.ts and invokes each matching rule's target handler module
 * asynchronously, with the rule's retry policy, then a dead-letter list.
 *
 * With a data folder, every accepted event is written to a journal (local/event-journal.ts) before
 * PutEvents answers, and each rule's delivery is marked done there when it ends (delivered or
 * dead-lettered): after a crash, `resume()` delivers what was left. Only requests signed with the
 * install's credentials are served (local/listen.ts).
 */
export type BusEvent = EventBridgeEvent<string, Record<string, unknown>>;
export type EventHandler = (event: BusEvent, context: Context) => Promise<unknown>;

/** A rule for the local bus: a spec rule, or (tests only) one whose target is an in-process handler. */
export interface LocalRule extends RuleSpec {
  readonly handler?: EventHandler;
}

export interface DeadLetter {
  readonly rule: string;
  readonly target: string;
  readonly event: BusEvent;
  readonly attempts: number;
  readonly error: string;
  readonly failedAt: string;
}

export interface LocalBus {
  readonly endpoint: string;
  readonly busName: string;
  /**
   * Delivers what the journal holds from before this start (each rule whose delivery had not ended),
   * once the consumers can run (their tables and environment ready). Answers how many deliveries it started.
   */
  resume(): number;
  /** Resolves when no delivery is pending, running or waiting for a retry. */
  settled(): Promise<void>;
  /** Events that exhausted their retries (or outlived maxEventAge), oldest first. */
  deadLetters(): DeadLetter[];
  /** The events put on the bus (bounded log), oldest first, newest last. */
  published(): BusEvent[];
  /** The rules this bus applies (infra/spec/rules.ts, then any test-only ones). */
  rules(): readonly LocalRule[];
  stop(): Promise<void>;
}

/** What happened on the bus, for the local metrics collector (in AWS: the AWS/Events and SQS metrics). */
export interface BusActivity {
  readonly kind: 'published' | 'delivered' | 'retried' | 'dead-lettered';
  readonly detailType: string;
  readonly eventId: string;
  /** The rule whose delivery this is (absent for `published`). */
  readonly rule?: string;
}

export interface LocalBusOptions {
  readonly rules: readonly LocalRule[];
  readonly loadTarget: (target: string) => Promise<EventHandler>;
  readonly busName?: string;
  readonly region?: string;
  readonly account?: string;
  /** The install's credentials: the only signature the endpoint accepts. */
  readonly credentials: LocalCredentials;
  /** Folder of the event journal and the dead letters (JSON lines, read back at start); none: memory only. */
  readonly dataDir?: string | undefined;
  /** Journal records written between two compactions (default 10 000). */
  readonly compactEvery?: number;
  /** How long `stop()` waits for running deliveries (default 10 s); what is cut off stays in the journal. */
  readonly stopGraceMs?: number;
  /** First retry delay; doubled on each retry up to `maxRetryDelayMs` (AWS waits longer). */
  readonly retryDelayMs?: number;
  readonly maxRetryDelayMs?: number;
  /** How many published events the in-memory log keeps. */
  readonly logLimit?: number;
  /** Loopback port; 0 picks a free one. */
  readonly port?: number;
  /** Called on each publish, delivery, retry and dead letter (must not throw). */
  readonly onActivity?: (activity: BusActivity) => void;
}

const maxBodyBytes = 1024 * 1024;
/** PutEvents limits: 10 entries, 256 KiB in total (entry sizes computed as AWS documents). */
const maxEntries = 10;
const maxTotalEntrySize = 256 * 1024;

interface PutEventsEntry {
  Source?: unknown;
  DetailType?: unknown;
  Detail?: unknown;
  Resources?: unknown;
  Time?: unknown;
  EventBusName?: unknown;
  TraceHeader?: unknown;
}

type EntryResult = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

/** Size of a PutEvents entry as AWS counts it (Time 14 bytes, then UTF-8 bytes of each field). */
export function entrySize(entry: PutEventsEntry): number {
  const bytes = (v: unknown) => (typeof v === 'string' ? Buffer.byteLength(v, 'utf8') : 0);
  let size = entry.Time !== undefined ? 14 : 0;
  size += bytes(entry.Source) + bytes(entry.DetailType) + bytes(entry.Detail);
  if (Array.isArray(entry.Resources)) for (const r of entry.Resources) size += bytes(r);
  return size;
}

const invalidArgument = (field: string, reason: string): EntryResult => ({
  ErrorCode: 'InvalidArgument',
  ErrorMessage: `Parameter ${field} is not valid. Reason: ${reason}`,
});

function toTime(value: unknown, now: Date): string {
  // The SDK serialises Time as epoch seconds in JSON 1.1; AWS prints times without milliseconds.
  const date =
    typeof value === 'number' ? new Date(value * 1000) : typeof value === 'string' ? new Date(value) : now;
  return (Number.isNaN(date.getTime()) ? now : date).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export async function startEventBus(options: LocalBusOptions): Promise<LocalBus> {
  const busName = options.busName ?? 'comptoir';
  const region = options.region ?? 'ca-central-1';
  const account = options.account ?? '000000000000';
  const retryDelayMs = options.retryDelayMs ?? 100;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 5_000;
  const logLimit = options.logLimit ?? 10_000;
  for (const rule of options.rules) validateEventPattern(rule.eventPattern);
  const names = options.rules.map((r) => r.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new Error(`duplicate event rule ${duplicate}`);

  const log: BusEvent[] = [];
  const dead: DeadLetter[] = [];
  const deadFile = options.dataDir ? join(options.dataDir, 'dead-letters.jsonl') : undefined;
  if (deadFile && existsSync(deadFile)) {
    for (const line of readFileSync(deadFile, 'utf8').split('\n')) {
      if (line.trim()) dead.push(JSON.parse(line) as DeadLetter);
    }
  }

  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const journal = options.dataDir
    ? EventJournal.open(join(options.dataDir, 'events-journal.jsonl'), options.compactEvery)
    : undefined;

  let pending = 0;
  let waiters: (() => void)[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  const begin = () => pending++;
  const flush = () => {
    const done = waiters;
    waiters = [];
    done.forEach((w) => w());
  };
  const end = () => {
    pending--;
    if (pending === 0) flush();
  };
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const notify = (kind: BusActivity['kind'], event: BusEvent, rule?: string) =>
    options.onActivity?.({
      kind,
      detailType: event['detail-type'],
      eventId: event.id,
      ...(rule ? { rule } : {}),
    });

  const deadLetter = (letter: DeadLetter) => {
    dead.push(letter);
    notify('dead-lettered', letter.event, letter.rule);
    console.error(
      JSON.stringify({
        level: 'ERROR',
        message: 'event dead-lettered',
        rule: letter.rule,
        eventId: letter.event.id,
        detailType: letter.event['detail-type'],
        correlationId: letter.event.detail.correlationId,
        attempts: letter.attempts,
        error: letter.error,
      }),
    );
    if (deadFile) {
      mkdirSync(options.dataDir!, { recursive: true });
      appendFileSync(deadFile, `${JSON.stringify(letter)}\n`);
    }
  };

  /** One delivery attempt of `event` to `rule`'s target; schedules the retry or the dead letter. */
  const deliver = (rule: LocalRule, event: BusEvent, attempt: number, firstAt: number) => {
    const run = async () => {
      const handler = rule.handler ?? (await options.loadTarget(rule.target));
      await handler(event, lambdaContext(`comptoir-${rule.name}`));
    };
    run().then(
      () => {
        journal?.done(event.id, rule.name);
        notify('delivered', event, rule.name);
        end();
      },
      (error: unknown) => {
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        const delay = Math.min(maxRetryDelayMs, retryDelayMs * 2 ** attempt);
        // A consumer that throws is retried as Lambda retries an asynchronous invocation (at most twice).
        const policy = consumerRetryPolicy(rule);
        const tooOld = Date.now() + delay - firstAt > policy.maxEventAgeSeconds * 1000;
        // An error flagged `retryable: false` (a malformed event) can never succeed: no retry.
        const permanent = (error as { retryable?: unknown } | undefined)?.retryable === false;
        if (stopped) return end();
        // The consumer's claim on this event is held by a delivery that a crash cut short: on AWS the
        // next retry comes a minute later, when that claim has expired. Locally retries come within
        // seconds, so waiting for the claim does not use up an attempt.
        const inProgress = (error as { name?: unknown } | undefined)?.name === 'EventInProgressError';
        if (inProgress && Date.now() + maxRetryDelayMs - firstAt <= policy.maxEventAgeSeconds * 1000) {
          notify('retried', event, rule.name);
          later(maxRetryDelayMs, () => deliver(rule, event, attempt, firstAt));
          return;
        }
        if (attempt < policy.retryAttempts && !tooOld && !permanent) {
          console.warn(
            JSON.stringify({
              level: 'WARN',
              message: 'event delivery failed, retrying',
              rule: rule.name,
              eventId: event.id,
              attempt: attempt + 1,
              error: message,
            }),
          );
          notify('retried', event, rule.name);
          later(delay, () => deliver(rule, event, attempt + 1, firstAt));
          return;
        }
        deadLetter({
          rule: rule.name,
          target: rule.target,
          event,
          attempts: attempt + 1,
          error: message,
          failedAt: new Date().toISOString(),
        });
        journal?.done(event.id, rule.name);
        end();
      },
    );
  };

  const schedule = (rule: LocalRule, event: BusEvent) => {
    begin();
    // EventBridge invokes Lambda targets asynchronously: never inside the PutEvents call.
    later(0, () => deliver(rule, event, 0, Date.now()));
  };

  /** The rules `event` matches; its deliveries start once the journal holds it (`route`). */
  const accept = (event: BusEvent) => ({
    event,
    rules: options.rules.filter((rule) => matchesEventPattern(rule.eventPattern, event)),
  });
  const route = (accepted: readonly { event: BusEvent; rules: LocalRule[] }[]) => {
    journal?.accepted(
      accepted
        .filter((a) => a.rules.length > 0)
        .map((a) => ({ event: a.event, rules: a.rules.map((r) => r.name) })),
    );
    for (const { event, rules } of accepted) {
      log.push(event);
      if (log.length > logLimit) log.splice(0, log.length - logLimit);
      notify('published', event);
      for (const rule of rules) schedule(rule, event);
    }
  };

  const putEvents = (body: { Entries?: unknown }) => {
    const entries = body.Entries;
    if (!Array.isArray(entries) || entries.length < 1 || entries.length > maxEntries)
      return {
        status: 400,
        body: {
          __type: 'ValidationException',
          message: `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and ${maxEntries}`,
        },
      };
    const total = (entries as PutEventsEntry[]).reduce((n, e) => n + entrySize(e), 0);
    if (total > maxTotalEntrySize)
      return {
        status: 400,
        body: {
          __type: 'ValidationException',
          message: 'Total size of the entries in the request is over the limit.',
        },
      };
    const now = new Date();
    const accepted: { event: BusEvent; rules: LocalRule[] }[] = [];
    const results: EntryResult[] = (entries as PutEventsEntry[]).map((entry) => {
      const bus = entry.EventBusName ?? 'default';
      if (bus !== busName && bus !== `arn:aws:events:${region}:${account}:event-bus/${busName}`)
        return {
          ErrorCode: 'ResourceNotFoundException',
          ErrorMessage: `Event bus ${String(bus)} does not exist.`,
        };
      if (typeof entry.Source !== 'string' || entry.Source === '')
        return invalidArgument('Source', 'Source is a required argument.');
      if (entry.Source.startsWith('aws.'))
        return {
          ErrorCode: 'NotAuthorizedForSourceException',
          ErrorMessage: `Not authorized for the source ${entry.Source}.`,
        };
      if (typeof entry.DetailType !== 'string' || entry.DetailType === '')
        return invalidArgument('DetailType', 'DetailType is a required argument.');
      if (typeof entry.Detail !== 'string' || entry.Detail === '')
        return invalidArgument('Detail', 'Detail is a required argument.');
      let detail: unknown;
      try {
        detail = JSON.parse(entry.Detail);
      } catch {
        return invalidArgument('Detail', 'Detail is malformed.');
      }
      if (typeof detail !== 'object' || detail === null || Array.isArray(detail))
        return invalidArgument('Detail', 'Detail is malformed.');
      if (
        entry.Resources !== undefined &&
        (!Array.isArray(entry.Resources) || entry.Resources.some((r) => typeof r !== 'string'))
      )
        return invalidArgument('Resources', 'Resources must be an array of strings.');
      const event: BusEvent = {
        version: '0',
        id: randomUUID(),
        'detail-type': entry.DetailType,
        source: entry.Source,
        account,
        time: toTime(entry.Time, now),
        region,
        resources: (entry.Resources as string[] | undefined) ?? [],
        detail: detail as Record<string, unknown>,
      };
      accepted.push(accept(event));
      return { EventId: event.id };
    });
    // Written to the journal (synchronously) before the answer: an event PutEvents accepted is never lost.
    route(accepted);
    return {
      status: 200,
      body: { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results },
    };
  };

  const reply = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() });
    res.end(JSON.stringify(body));
  };

  const handle = (req: IncomingMessage, res: ServerResponse, raw: Buffer) => {
    // A read-only operator view of the local bus.
    if (req.method === 'GET' && req.url === '/dead-letters') return reply(res, 200, dead);
    if (req.method === 'GET' && req.url === '/events') return reply(res, 200, log);
    const target = String(req.headers['x-amz-target'] ?? '');
    if (req.method !== 'POST' || target !== 'AWSEvents.PutEvents')
      return reply(res, 400, {
        __type: 'UnknownOperationException',
        message: `The local bus supports AWSEvents.PutEvents only, not ${target || req.method}`,
      });
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8') || '{}');
    } catch {
      return reply(res, 400, { __type: 'SerializationException', message: 'Request body is not JSON' });
    }
    const out = putEvents(typeof body === 'object' && body !== null ? body : {});
    reply(res, out.status, out.body);
  };

  const server = localEndpoint({
    service: 'events',
    credentials: options.credentials,
    maxBodyBytes,
    refuse: (res, refusal) => reply(res, refusal.status, { __type: refusal.code, message: refusal.message }),
    handle,
  });
  const port = await listen(server, options.port);
  const byName = new Map(options.rules.map((r) => [r.name, r]));
  const stopGraceMs = options.stopGraceMs ?? 10_000;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    busName,
    resume() {
      let started = 0;
      for (const { event, rules } of journal?.takeRecovered() ?? []) {
        for (const name of rules) {
          const rule = byName.get(name);
          if (rule) {
            schedule(rule, event);
            started++;
            continue;
          }
          console.warn(
            JSON.stringify({
              level: 'WARN',
              message: 'journaled event for a rule that no longer exists, dropped',
              rule: name,
              eventId: event.id,
            }),
          );
          journal?.done(event.id, name);
        }
      }
      return started;
    },
    settled: () => (pending === 0 ? Promise.resolve() : new Promise<void>((r) => waiters.push(r))),
    deadLetters: () => [...dead],
    published: () => [...log],
    rules: () => options.rules,
    async stop() {
      stopped = true;
      // Scheduled deliveries and retries are dropped (the process is going away, as a Lambda would);
      // with a journal they are delivered at the next start.
      for (const t of timers) clearTimeout(t);
      pending -= timers.size;
      timers.clear();
      if (pending > 0)
        await Promise.race([
          new Promise<void>((r) => waiters.push(r)),
          new Promise((r) => setTimeout(r, stopGraceMs).unref()),
        ]);
      else flush();
      await closeServer(server);
      journal?.close();
    },
  };
}
