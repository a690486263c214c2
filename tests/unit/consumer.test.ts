import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { ensureTables, startDynamo, type LocalDynamo } from '#local/dynamodb.ts';
import { defineEvent } from '#functions/events/define.ts';
import type { BusEvent, ConsumerLambda } from '#functions/shared/consumer.ts';
import type * as ConsumerModule from '#functions/shared/consumer.ts';
import type * as CorrelationModule from '#functions/shared/correlation.ts';

/**
 * The consumer wrapper against dynalite (its conditional writes are the point): an event delivered
 * twice runs the use case once, a failure leaves no marker so the retry runs, a malformed event is
 * rejected as not retryable, and the use case runs with the event's correlation id.
 */
let dynamo: LocalDynamo;
let mod: typeof ConsumerModule;
let correlation: typeof CorrelationModule;

const TestThingHappened = defineEvent({
  name: 'TestThingHappened',
  source: 'comptoir.test',
  version: 1,
  schema: z.object({ thingId: z.string(), quantity: z.int() }),
});

function envelope(detail: Record<string, unknown>, id = randomUUID()): BusEvent {
  return {
    version: '0',
    id,
    'detail-type': 'TestThingHappened',
    source: 'comptoir.test',
    account: '000000000000',
    time: '2026-01-01T00:00:00Z',
    region: 'ca-central-1',
    resources: [],
    detail,
  };
}

const validDetail = (correlationId = 'corr-1') =>
  TestThingHappened.make(
    { thingId: 't-1', quantity: 2 },
    { correlationId, occurredAt: '2026-01-01T00:00:00Z' },
  ).detail;

beforeAll(async () => {
  dynamo = await startDynamo(undefined);
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ACCESS_KEY_ID: dynamo.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: dynamo.credentials.secretAccessKey,
    REPORTING_TABLE: 'unit-reporting',
  });
  const admin = new DynamoDBClient({ endpoint: dynamo.endpoint });
  await ensureTables(admin, (t) => `unit-${t.name}`);
  admin.destroy();
  mod = await import('#functions/shared/consumer.ts');
  correlation = await import('#functions/shared/correlation.ts');
});

afterAll(async () => {
  await dynamo?.stop();
});

function counting(fail: (call: number) => boolean = () => false) {
  const seen: { thingId: string; correlationId: string | undefined }[] = [];
  let calls = 0;
  const handler: ConsumerLambda = mod.consumer({ name: `test/${randomUUID()}`, table: 'reporting' }, [
    mod.on(TestThingHappened, async (detail) => {
      calls++;
      if (fail(calls)) throw new Error(`failure on call ${calls}`);
      seen.push({ thingId: detail.thingId, correlationId: correlation.currentCorrelationId() });
    }),
  ]);
  return { handler, seen, calls: () => calls };
}

describe('consumer()', () => {
  it('processes an event once even when it is delivered twice', async () => {
    const c = counting();
    const event = envelope(validDetail());
    await c.handler(event);
    await c.handler(event);
    expect(c.seen).toEqual([{ thingId: 't-1', correlationId: 'corr-1' }]);
  });

  it('processes concurrent duplicate deliveries once (the loser is told to retry)', async () => {
    const c = counting();
    const event = envelope(validDetail());
    const outcomes = await Promise.allSettled([c.handler(event), c.handler(event), c.handler(event)]);
    // Retry the ones that found the event in progress, as the bus would.
    for (const o of outcomes)
      if (o.status === 'rejected') {
        expect((o.reason as Error).name).toBe('EventInProgressError');
        await c.handler(event);
      }
    expect(c.seen).toHaveLength(1);
  });

  it('leaves no marker when the use case fails, so the retry runs', async () => {
    const c = counting((call) => call === 1);
    const event = envelope(validDetail('corr-retry'));
    await expect(c.handler(event)).rejects.toThrow('failure on call 1');
    await c.handler(event);
    await c.handler(event);
    expect(c.calls()).toBe(2);
    expect(c.seen).toEqual([{ thingId: 't-1', correlationId: 'corr-retry' }]);
  });

  it('treats different events of the same type separately', async () => {
    const c = counting();
    await c.handler(envelope(validDetail()));
    await c.handler(envelope(validDetail()));
    expect(c.seen).toHaveLength(2);
  });

  it('rejects a malformed detail as not retryable, without running the use case', async () => {
    const c = counting();
    const bad = envelope({ ...validDetail(), quantity: 'two' });
    const error = await c.handler(bad).then(
      () => undefined,
      (e: unknown) => e as { name: string; retryable: boolean },
    );
    expect(error).toMatchObject({ name: 'UnprocessableEventError', retryable: false });
    const noMeta = envelope({ thingId: 't-1', quantity: 2 });
    await expect(c.handler(noMeta)).rejects.toMatchObject({ name: 'UnprocessableEventError' });
    expect(c.calls()).toBe(0);
  });

  it('rejects an event type it does not handle', async () => {
    const c = counting();
    const other = { ...envelope(validDetail()), 'detail-type': 'SomethingElse' };
    await expect(c.handler(other)).rejects.toMatchObject({
      name: 'UnprocessableEventError',
      retryable: false,
    });
    expect(c.calls()).toBe(0);
  });

  it('rejects an event of the right type from another source (a forged announcement)', async () => {
    const c = counting();
    const forged = { ...envelope(validDetail()), source: 'comptoir.elsewhere' };
    await expect(c.handler(forged)).rejects.toMatchObject({
      name: 'UnprocessableEventError',
      retryable: false,
    });
    await expect(c.handler({ ...envelope(validDetail()), source: 'aws.partner' })).rejects.toMatchObject({
      name: 'UnprocessableEventError',
    });
    expect(c.calls()).toBe(0);
  });

  it('rejects a detail of another schema version than the one it handles', async () => {
    const c = counting();
    const v2 = envelope({ ...validDetail(), version: 2 });
    await expect(c.handler(v2)).rejects.toMatchObject({ name: 'UnprocessableEventError', retryable: false });
    expect(c.calls()).toBe(0);
  });

  it('says which events it handles (what the infra tests compare with its rule)', () => {
    expect(counting().handler.handles).toEqual([{ name: 'TestThingHappened', source: 'comptoir.test' }]);
    const any = mod.consumer({ name: 'test/any', idempotency: 'natural' }, [mod.onAnyEvent(async () => {})]);
    expect(any.handles).toEqual(['any']);
  });

  it("onAnyEvent takes only the application's own sources", async () => {
    const seen: string[] = [];
    const handler = mod.consumer({ name: `test/${randomUUID()}`, idempotency: 'natural' }, [
      mod.onAnyEvent(async (_detail, event) => {
        seen.push(event.source);
      }),
    ]);
    await handler(envelope(validDetail()));
    for (const source of ['aws.events', 'partner.comptoir', 'comptoir', 'comptoir.'])
      await expect(handler({ ...envelope(validDetail()), source })).rejects.toMatchObject({
        name: 'UnprocessableEventError',
      });
    expect(seen).toEqual(['comptoir.test']);
  });

  it('onAnyEvent accepts every event carrying the common metadata', async () => {
    const seen: string[] = [];
    const handler = mod.consumer({ name: `test/${randomUUID()}`, table: 'reporting' }, [
      mod.onAnyEvent(async (detail, event) => {
        seen.push(`${event['detail-type']}:${detail.correlationId}`);
      }),
    ]);
    await handler({ ...envelope(validDetail('c-any')), 'detail-type': 'Whatever' });
    await expect(handler(envelope({ free: 'form' }))).rejects.toMatchObject({
      name: 'UnprocessableEventError',
    });
    expect(seen).toEqual(['Whatever:c-any']);
  });
});
