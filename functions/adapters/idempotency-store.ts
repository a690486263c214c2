import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, isConditionFailure } from './dynamo.ts';
import { orphanedBefore } from './processed-events.ts';

/**
 * Idempotency records: the first request with a key runs, every later one with the same key
 * (and the same request) gets the first one's answer. Records live in the table of the context
 * that owns the write (pk=IDEMPOTENCY#<scope>#<key>), expire after a day on AWS, and are
 * claimed with a conditional put — no transactions needed.
 */
export interface StoredResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export type Begin =
  | { readonly state: 'started' }
  | { readonly state: 'replay'; readonly response: StoredResponse }
  | { readonly state: 'mismatch' }
  | { readonly state: 'in-progress' };

const lockMs = 30_000;
const keepSeconds = 24 * 3600;
const waitBudgetMs = 10_000;

const key = (scope: string, idemKey: string) => ({
  pk: `IDEMPOTENCY#${scope}#${idemKey}`,
  sk: 'IDEMPOTENCY',
});

export class IdempotencyStore {
  private readonly table: string;
  constructor(table: string) {
    this.table = table;
  }

  /** Claims the key, or tells what the earlier request with it did; waits a while for one in flight. */
  async begin(scope: string, idemKey: string, fingerprint: string): Promise<Begin> {
    const deadline = Date.now() + waitBudgetMs;
    for (let attempt = 0; ; attempt++) {
      const now = Date.now();
      try {
        await ddb.send(
          new PutCommand({
            TableName: this.table,
            Item: {
              ...key(scope, idemKey),
              status: 'in-progress',
              fingerprint,
              lockedUntil: now + lockMs,
              claimedAt: now,
              expiresAt: Math.floor(now / 1000) + keepSeconds,
            },
            // A record left in progress by a crashed run may be taken over once its lock expires (or
            // at once when claimed before the local runtime's restart: see processed-events.ts).
            ConditionExpression:
              'attribute_not_exists(pk) OR (#s = :inProgress AND fingerprint = :f AND (lockedUntil < :now OR claimedAt < :orphaned))',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: {
              ':inProgress': 'in-progress',
              ':now': now,
              ':f': fingerprint,
              ':orphaned': orphanedBefore(),
            },
          }),
        );
        return { state: 'started' };
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
      }
      const existing = (
        await ddb.send(
          new GetCommand({ TableName: this.table, Key: key(scope, idemKey), ConsistentRead: true }),
        )
      ).Item;
      if (!existing) continue;
      if (existing.fingerprint !== fingerprint) return { state: 'mismatch' };
      if (existing.status === 'completed')
        return { state: 'replay', response: existing.response as StoredResponse };
      if (Date.now() >= deadline) return { state: 'in-progress' };
      await new Promise((r) => setTimeout(r, Math.min(500, 20 * 2 ** attempt)));
    }
  }

  async complete(scope: string, idemKey: string, response: StoredResponse): Promise<void> {
    await ddb.send(
      new UpdateCommand({
        TableName: this.table,
        Key: key(scope, idemKey),
        UpdateExpression: 'SET #s = :done, #r = :response REMOVE lockedUntil',
        ExpressionAttributeNames: { '#s': 'status', '#r': 'response' },
        ExpressionAttributeValues: { ':done': 'completed', ':response': response },
      }),
    );
  }

  /** Forgets a claim whose request failed on our side, so that a retry runs again. */
  async abandon(scope: string, idemKey: string): Promise<void> {
    await ddb
      .send(new DeleteCommand({ TableName: this.table, Key: key(scope, idemKey) }))
      .catch(() => undefined);
  }
}
