import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRule } from '#local/eventbridge.ts';
import type { MetricsSnapshot } from '#local/metrics-collector.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

/**
 * What an operator sees of a consumer that keeps failing: its retries and its dead letter, on
 * `GET /_local/metrics` (the ops page), with the correlation id to follow.
 */
const alwaysFails: LocalRule = {
  name: 'ops-probe-fails',
  description: 'test rule whose consumer always fails',
  eventPattern: { source: ['ops.test'], 'detail-type': ['OpsProbe'] },
  target: 'test/ops-probe-fails',
  retryAttempts: 2,
  maxEventAgeSeconds: 3600,
  tables: ['reporting'],
  handler: async () => {
    throw new Error('the probe consumer is broken');
  },
};

let api: TestRuntime;
let sdk: EventBridgeClient;
beforeAll(async () => {
  api = await startTestRuntime({
    runtime: { extraEventRules: [alwaysFails], eventRetry: { delayMs: 2, maxDelayMs: 5 } },
  });
  sdk = new EventBridgeClient({ endpoint: api.runtime.bus.endpoint });
});
afterAll(async () => {
  sdk?.destroy();
  await api?.stop();
});

describe('dead letters on the ops metrics', () => {
  it('counts the retries and lists the dead letter with its rule, error and correlation id', async () => {
    // Prepare
    await sdk.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: api.runtime.bus.busName,
            Source: 'ops.test',
            DetailType: 'OpsProbe',
            Detail: JSON.stringify({ correlationId: 'probe-corr-1' }),
          },
        ],
      }),
    );
    await api.runtime.bus.settled();

    // Act
    const { body } = await api.as('ops').get<MetricsSnapshot>('/_local/metrics');

    // Assess
    const probe = body.events.types.find((t) => t.detailType === 'OpsProbe');
    expect(probe?.total).toEqual({ published: 1, delivered: 0, retried: 2, deadLettered: 1 });
    expect(body.events.deadLetterCount).toBe(1);
    expect(body.events.deadLetters[0]).toMatchObject({
      rule: 'ops-probe-fails',
      detailType: 'OpsProbe',
      correlationId: 'probe-corr-1',
      attempts: 3,
      error: 'Error: the probe consumer is broken',
    });
  });
});
