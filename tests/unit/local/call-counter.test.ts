import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { CallCounter, sequentialRoundTrips } from '#local/call-counter.ts';

describe('sequentialRoundTrips (the bench counts the round trips on a sale’s path)', () => {
  it('counts calls sent side by side as one trip and calls one after the other as one each', () => {
    expect(sequentialRoundTrips([])).toBe(0);
    // BatchGet, then two holds in parallel, then a commit.
    expect(
      sequentialRoundTrips([
        { start: 0, end: 3 },
        { start: 3, end: 6 },
        { start: 3.1, end: 5 },
        { start: 7, end: 9 },
      ]),
    ).toBe(3);
    // Order of the records does not matter.
    expect(
      sequentialRoundTrips([
        { start: 7, end: 9 },
        { start: 0, end: 10 },
      ]),
    ).toBe(1);
  });
});

describe('CallCounter', () => {
  it('counts each DynamoDB call under the kind of invocation that made it', async () => {
    const counter = new CallCounter();
    // A client whose every call fails at once (nothing listens): the call is still counted.
    const client = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: 'http://127.0.0.1:9',
        region: 'ca-central-1',
        credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
        maxAttempts: 1,
      }),
    );
    counter.attach(client);
    const get = () =>
      client.send(new GetCommand({ TableName: 't', Key: { pk: 'a' } })).catch(() => undefined);
    await counter.wrap('task', 'sales/saga/take-payment', get)();
    await counter.wrap('consumer', 'reporting/project-sales', async () => {
      await Promise.all([get(), get()]);
    })();
    await get();
    const snapshot = counter.snapshot();
    expect(snapshot.dynamodbCalls).toEqual({ task: 1, consumer: 2, other: 1 });
    expect(snapshot.invocations).toEqual({ task: 1, consumer: 1 });
    expect(snapshot.recentCalls.map((c) => `${c.kind}:${c.operation}`)).toEqual([
      'task:GetItem',
      'consumer:GetItem',
      'consumer:GetItem',
      'other:GetItem',
    ]);
    client.destroy();
  });
});

describe('CallCounter on a client already counted', () => {
  it('replaces the counter of a runtime started before in the same process', async () => {
    const client = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: 'http://127.0.0.1:9',
        region: 'ca-central-1',
        credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
        maxAttempts: 1,
      }),
    );
    const first = new CallCounter();
    const second = new CallCounter();
    first.attach(client);
    second.attach(client);
    await client.send(new GetCommand({ TableName: 't', Key: { pk: 'a' } })).catch(() => undefined);
    expect(first.snapshot().dynamodbCalls).toEqual({});
    expect(second.snapshot().dynamodbCalls).toEqual({ other: 1 });
    client.destroy();
  });
});
