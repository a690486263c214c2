import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { consumerRetryPolicy, type RuleSpec } from '#infra/spec/rules.ts';
import { matchesEventPattern, validateEventPattern } from './event-pattern.ts';
import { lambdaContext } from './gateway.ts';
import { listen } from './listen.ts';

/**
 * The local EventBridge: an HTTP endpoint speaking the AWS JSON 1.1 protocol for
 * `AWSEvents.PutEvents` (reached by the real SDK client through AWS_ENDPOINT_URL_EVENTBRIDGE),
 * which validates entries as AWS does, wraps each in the EventBridge envelope, matches it against
 * the rules of infra/spec/rules.ts and invokes each matching rule's target handler module
 * asynchronously, with the rule's retry policy, then a dead-letter list.
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
  /** Folder where dead letters are appended as JSON lines (and read back at start). */
  readonly dataDir?: string | undefined;
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

const maxRequestBytes = 1024 * 1024;
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
        if (attempt < policy.retryAttempts && !tooOld && !permanent && !stopped) {
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
        end();
      },
    );
  };

  const route = (event: BusEvent) => {
    log.push(event);
    if (log.length > logLimit) log.splice(0, log.length - logLimit);
    notify('published', event);
    for (const rule of options.rules) {
      if (!matchesEventPattern(rule.eventPattern, event)) continue;
      begin();
      // EventBridge invokes Lambda targets asynchronously: never inside the PutEvents call.
      later(0, () => deliver(rule, event, 0, Date.now()));
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
      route(event);
      return { EventId: event.id };
    });
    return {
      status: 200,
      body: { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results },
    };
  };

  const reply = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() });
    res.end(JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    // A read-only operator view of the local bus.
    if (req.method === 'GET' && req.url === '/dead-letters') return reply(res, 200, dead);
    if (req.method === 'GET' && req.url === '/events') return reply(res, 200, log);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > maxRequestBytes)
        return reply(res, 413, { __type: 'ValidationException', message: 'Request too large' });
      chunks.push(chunk as Buffer);
    }
    const target = String(req.headers['x-amz-target'] ?? '');
    if (req.method !== 'POST' || target !== 'AWSEvents.PutEvents')
      return reply(res, 400, {
        __type: 'UnknownOperationException',
        message: `The local bus supports AWSEvents.PutEvents only, not ${target || req.method}`,
      });
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    } catch {
      return reply(res, 400, { __type: 'SerializationException', message: 'Request body is not JSON' });
    }
    const out = putEvents(typeof body === 'object' && body !== null ? body : {});
    reply(res, out.status, out.body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error(JSON.stringify({ level: 'ERROR', message: 'local bus failure', error: String(error) }));
      if (!res.headersSent) reply(res, 500, { __type: 'InternalException', message: String(error) });
      else res.end();
    });
  });
  const port = await listen(server, options.port);

  return {
    endpoint: `http://127.0.0.1:${port}`,
    busName,
    settled: () => (pending === 0 ? Promise.resolve() : new Promise<void>((r) => waiters.push(r))),
    deadLetters: () => [...dead],
    published: () => [...log],
    rules: () => options.rules,
    async stop() {
      stopped = true;
      // Scheduled deliveries and retries are dropped (the process is going away, as a Lambda would).
      for (const t of timers) clearTimeout(t);
      pending -= timers.size;
      timers.clear();
      if (pending > 0) await new Promise<void>((r) => waiters.push(r));
      else flush();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
