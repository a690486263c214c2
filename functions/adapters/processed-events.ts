import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, isConditionFailure } from './dynamo.ts';

/**
 * Processed-event markers, the idempotency of event consumers: `pk=EVENT#<consumer>#<eventId>,
 * sk=EVENT` in the consumer's own table. A delivery claims the marker with a conditional put before
 * it runs, marks it `done` after, and deletes it when it fails (so that the retry runs). A claim left
 * `in-progress` by a crashed run can be taken over once its lock has expired, or at once when it was
 * taken before `COMPTOIR_ORPHANED_BEFORE` (epoch ms): the local runtime sets it to the time it started,
 * since no delivery from before a restart of its one process can still be running. On AWS it is unset.
 */
export type Claim = 'claimed' | 'already-processed' | 'in-progress';

const lockMs = 60_000;
/** Kept a week on AWS (longer than EventBridge's 24 h maximum event age plus Lambda's 6 h retries). */
const keepSeconds = 7 * 24 * 3600;

/** Claims taken before this time (epoch ms) belong to a process that is gone (see above). */
export const orphanedBefore = () => Number(process.env.COMPTOIR_ORPHANED_BEFORE ?? 0) || 0;

export const markerKey = (consumer: string, eventId: string) => ({
  pk: `EVENT#${consumer}#${eventId}`,
  sk: 'EVENT',
});

export class ProcessedEvents {
  private readonly table: string;
  constructor(table: string) {
    this.table = table;
  }

  async claim(consumer: string, eventId: string, detailType: string): Promise<Claim> {
    const now = Date.now();
    try {
      await ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...markerKey(consumer, eventId),
            status: 'in-progress',
            detailType,
            lockedUntil: now + lockMs,
            claimedAt: now,
            expiresAt: Math.floor(now / 1000) + keepSeconds,
          },
          ConditionExpression:
            'attribute_not_exists(pk) OR (#s = :inProgress AND (lockedUntil < :now OR claimedAt < :orphaned))',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':inProgress': 'in-progress',
            ':now': now,
            ':orphaned': orphanedBefore(),
          },
        }),
      );
      return 'claimed';
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
    }
    const existing = (
      await ddb.send(
        new GetCommand({ TableName: this.table, Key: markerKey(consumer, eventId), ConsistentRead: true }),
      )
    ).Item;
    return existing?.status === 'done' ? 'already-processed' : 'in-progress';
  }

  async done(consumer: string, eventId: string, processedAt: string): Promise<void> {
    await ddb.send(
      new UpdateCommand({
        TableName: this.table,
        Key: markerKey(consumer, eventId),
        UpdateExpression: 'SET #s = :done, processedAt = :at REMOVE lockedUntil',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':done': 'done', ':at': processedAt },
      }),
    );
  }

  async release(consumer: string, eventId: string): Promise<void> {
    await ddb.send(
      new DeleteCommand({
        TableName: this.table,
        Key: markerKey(consumer, eventId),
        ConditionExpression: '#s = :inProgress',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':inProgress': 'in-progress' },
      }),
    );
  }
}
