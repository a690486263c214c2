import { randomUUID } from 'node:crypto';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { defineEvent } from '#functions/events/define.ts';
import type { BusEvent, ConsumerLambda } from '#functions/shared/consumer.ts';
import type { EventPublisher } from '#functions/adapters/event-publisher.ts';
import type { LocalRule } from '#local/eventbridge.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

/**
 * The event bus end to end, in the embedded runtime: events published through the real
 * EventBridge publisher (AWS SDK → local PutEvents endpoint) reach the audit trail (`GET /events`)
 * and the consumers of test-only rules, which are retried, deduplicated and dead-lettered as in AWS.
 */
const TestThingHappened = defineEvent({
  name: 'TestThingHappened',
  source: 'comptoir.test',
  version: 1,
  schema: z.object({ thingId: z.string() }),
});

/** Consumers are built lazily: their modules make SDK clients that must see the runtime's endpoints. */
function lazyConsumer(name: string, run: (detail: { thingId: string }, event: BusEvent) => Promise<void>) {
  let made: ConsumerLambda | undefined;
  return async (event: BusEvent) => {
    if (!made) {
      const { consumer, on } = await import('#functions/shared/consumer.ts');
      made = consumer({ name, table: 'reporting' }, [on(TestThingHappened, run)]);
    }
    return made(event);
  };
}

const calls = { flaky: [] as string[], counted: [] as string[], failing: 0, strict: 0 };
const thingIs = (prefix: string) => ({
  source: ['comptoir.test'],
  'detail-type': ['TestThingHappened'],
  detail: { thingId: [{ prefix }] },
});
const rule = (name: string, pattern: Record<string, unknown>, retryAttempts = 2) => ({
  name,
  description: `test rule ${name}`,
  eventPattern: pattern,
  target: `test/${name}`,
  retryAttempts,
  maxEventAgeSeconds: 3600,
  tables: ['reporting' as const],
});

const flakyFailures = new Set<string>();
const testRules: LocalRule[] = [
  {
    ...rule('flaky', thingIs('flaky-')),
    // Fails the first delivery of each event, then succeeds.
    handler: lazyConsumer('test/flaky', async (detail, event) => {
      if (!flakyFailures.has(event.id)) {
        flakyFailures.add(event.id);
        throw new Error('transient failure');
      }
      calls.flaky.push(detail.thingId);
    }),
  },
  // Two rules deliver the same event to the same consumer: a duplicate delivery, as EventBridge's
  // at-least-once delivery may make.
  ...['twice-a', 'twice-b'].map((name) => ({
    ...rule(name, thingIs('twice-')),
    handler: lazyConsumer('test/counted', async (detail) => {
      calls.counted.push(detail.thingId);
    }),
  })),
  {
    // 8 retries asked: a consumer that throws is still retried twice only, as Lambda does.
    ...rule('failing', thingIs('doomed-'), 8),
    handler: lazyConsumer('test/failing', async () => {
      calls.failing++;
      throw new Error('this consumer always fails');
    }),
  },
  {
    ...rule('strict', { source: ['comptoir.test'], 'detail-type': ['TestThingHappened'] }),
    handler: lazyConsumer('test/strict', async () => {
      calls.strict++;
    }),
  },
];

let api: TestRuntime;
let publisher: EventPublisher;
let sdk: EventBridgeClient;

beforeAll(async () => {
  api = await startTestRuntime({
    runtime: { extraEventRules: testRules, eventRetry: { delayMs: 5, maxDelayMs: 20 } },
  });
  const { EventBridgePublisher } = await import('#functions/adapters/eventbridge-publisher.ts');
  publisher = new EventBridgePublisher();
  sdk = new EventBridgeClient({});
});
afterAll(async () => {
  sdk?.destroy();
  await api?.stop();
});

const publish = async (thingId: string, correlationId = randomUUID()) => {
  await publisher.publish([
    TestThingHappened.make({ thingId }, { correlationId, occurredAt: new Date().toISOString() }),
  ]);
  await api.runtime.bus.settled();
  return correlationId;
};

describe('audit trail', () => {
  it('shows a published event to ops under its correlation id', async () => {
    const correlationId = await publish('audit-1');
    const res = await api.as('ops').get(`/events?correlationId=${correlationId}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({
      type: 'TestThingHappened',
      source: 'comptoir.test',
      version: 1,
      correlationId,
      detail: { thingId: 'audit-1', correlationId },
    });
    const published = api.runtime.bus.published().at(-1)!;
    expect(res.body.items[0].eventId).toBe(published.id);
  });

  it('lists events newest first, by type and by correlation id, page by page', async () => {
    const correlationId = randomUUID();
    for (const n of [1, 2, 3]) await publish(`audit-page-${n}`, correlationId);
    const first = await api.as('ops').get(`/events?correlationId=${correlationId}&limit=2`);
    expect(first.body.items.map((e: { detail: { thingId: string } }) => e.detail.thingId)).toEqual([
      'audit-page-3',
      'audit-page-2',
    ]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await api
      .as('ops')
      .get(`/events?correlationId=${correlationId}&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((e: { detail: { thingId: string } }) => e.detail.thingId)).toEqual([
      'audit-page-1',
    ]);
    expect(second.body.nextCursor).toBeUndefined();

    const recent = await api.as('manager').get('/events?limit=3');
    expect(recent.status).toBe(200);
    expect(recent.body.items.map((e: { detail: { thingId: string } }) => e.detail.thingId)).toEqual([
      'audit-page-3',
      'audit-page-2',
      'audit-page-1',
    ]);
    const byType = await api.as('ops').get('/events?type=TestThingHappened&limit=1');
    expect(byType.body.items[0].detail.thingId).toBe('audit-page-3');
    const both = await api.as('ops').get(`/events?type=OrderConfirmed&correlationId=${correlationId}`);
    expect(both.body.items).toEqual([]);
  });

  it('walks every event back across pages without repeating one', async () => {
    const seen = new Set<string>();
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await api.as('ops').get(`/events?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      for (const e of res.body.items as { eventId: string }[]) {
        expect(seen.has(e.eventId)).toBe(false);
        seen.add(e.eventId);
      }
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    const audited = api.runtime.bus.published().filter((e) => typeof e.detail.correlationId === 'string');
    for (const e of audited) expect(seen.has(e.id)).toBe(true);
  });

  it('records an event delivered twice only once', async () => {
    const correlationId = await publish('audit-twice');
    const event = api.runtime.bus.published().find((e) => e.detail.correlationId === correlationId)!;
    const { handler } = await import('#functions/ops/record-event.ts');
    await handler(event);
    const res = await api.as('ops').get(`/events?correlationId=${correlationId}`);
    expect(res.body.items.map((e: { eventId: string }) => e.eventId)).toEqual([event.id]);
  });

  it('rejects a bad cursor or type with 400', async () => {
    const badCursor = await api.as('ops').get('/events?cursor=bm90LWEta2V5');
    expect(badCursor.status).toBe(400);
    expect(badCursor.headers.get('content-type')).toContain('application/problem+json');
    const forged = Buffer.from(JSON.stringify({ pk: 'USER#1', sk: 'USER' })).toString('base64url');
    expect((await api.as('ops').get(`/events?correlationId=abc&cursor=${forged}`)).status).toBe(400);
    expect((await api.as('ops').get('/events?type=Order%20Confirmed')).status).toBe(400);
    expect((await api.as('ops').get('/events?limit=0')).status).toBe(400);
  });
});

describe('delivery to consumers', () => {
  it('retries a consumer that fails once, which then processes the event once', async () => {
    await publish('flaky-1');
    expect(calls.flaky).toEqual(['flaky-1']);
    expect(api.runtime.bus.deadLetters().filter((d) => d.rule === 'flaky')).toEqual([]);
  });

  it('processes an event delivered twice only once', async () => {
    await publish('twice-1');
    expect(calls.counted).toEqual(['twice-1']);
  });

  it('puts the event of an always-failing consumer in the dead-letter list after 2 retries', async () => {
    const correlationId = await publish('doomed-1');
    expect(calls.failing).toBe(3);
    const letters = api.runtime.bus.deadLetters().filter((d) => d.rule === 'failing');
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      target: 'test/failing',
      attempts: 3,
      event: { 'detail-type': 'TestThingHappened', detail: { thingId: 'doomed-1', correlationId } },
    });
    expect(letters[0]!.error).toContain('this consumer always fails');
    // The other consumers were not held back by the failing one.
    const audit = await api.as('ops').get(`/events?correlationId=${correlationId}`);
    expect(audit.body.items).toHaveLength(1);
  });

  it('dead-letters a malformed event at once, without running the consumer', async () => {
    const before = calls.strict;
    const out = await sdk.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: 'comptoir',
            Source: 'comptoir.test',
            DetailType: 'TestThingHappened',
            Detail: JSON.stringify({ thingId: 'malformed-1' }),
          },
        ],
      }),
    );
    expect(out.FailedEntryCount).toBe(0);
    await api.runtime.bus.settled();
    expect(calls.strict).toBe(before);
    const letter = api.runtime.bus.deadLetters().find((d) => d.rule === 'strict');
    expect(letter).toMatchObject({ attempts: 1, event: { id: out.Entries![0]!.EventId } });
    expect(letter!.error).toContain('UnprocessableEventError');
  });
});

describe('PutEvents endpoint', () => {
  it('validates entries as EventBridge does and accepts the valid ones', async () => {
    const entry = { EventBusName: 'comptoir', Source: 'comptoir.test', DetailType: 'Probe' };
    const out = await sdk
      .send(
        new PutEventsCommand({
          Entries: [
            { ...entry, Detail: '{"ok":true}' },
            { ...entry, Detail: '{not json' },
            { ...entry, Source: undefined, Detail: '{}' },
            { ...entry, DetailType: undefined, Detail: '{}' },
            { ...entry, EventBusName: 'elsewhere', Detail: '{}' },
            { ...entry, Detail: JSON.stringify({ big: 'x'.repeat(300 * 1024) }) },
          ],
        }),
      )
      .catch((e: unknown) => e as Error);
    // Over 256 KiB in total: the whole request is refused.
    expect(out).toMatchObject({ name: 'ValidationException' });

    const partial = await sdk.send(
      new PutEventsCommand({
        Entries: [
          { ...entry, Detail: '{"ok":true}' },
          { ...entry, Detail: '{not json' },
          { ...entry, Source: undefined, Detail: '{}' },
          { ...entry, DetailType: undefined, Detail: '{}' },
          { ...entry, EventBusName: 'elsewhere', Detail: '{}' },
        ],
      }),
    );
    expect(partial.FailedEntryCount).toBe(4);
    expect(partial.Entries![0]!.EventId).toEqual(expect.any(String));
    expect(partial.Entries!.slice(1).map((e) => e.ErrorCode)).toEqual([
      'InvalidArgument',
      'InvalidArgument',
      'InvalidArgument',
      'ResourceNotFoundException',
    ]);
    const event = api.runtime.bus.published().find((e) => e.id === partial.Entries![0]!.EventId);
    expect(event).toMatchObject({
      version: '0',
      'detail-type': 'Probe',
      source: 'comptoir.test',
      region: 'ca-central-1',
      resources: [],
      detail: { ok: true },
    });
    expect(event!.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });
});
