import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, isConditionFailure, tableName } from '#functions/adapters/dynamo.ts';

/**
 * The notifications table (infra/spec/tables.ts): the recipient directory, fed by UserChanged (the
 * notifications context never reads the identity table), and one record per e-mail, so an e-mail is
 * sent at most once per (kind, subject, recipient) however often its event arrives.
 */
export interface Recipient {
  readonly userId: string;
  readonly email: string;
  readonly locale?: string;
  readonly displayName: string;
  /** occurredAt of the latest change applied. */
  readonly asOf: string;
}

export interface NotificationRecord {
  readonly notificationId: string;
  readonly status: 'sending' | 'sent' | 'failed';
  readonly attempts: number;
  readonly messageId?: string;
}

export interface NotificationStore {
  recipient(userId: string): Promise<Recipient | undefined>;
  /** Keeps the recipient unless a later change is already kept. */
  remember(r: Recipient): Promise<void>;
  /** The record of an e-mail; undefined before its first attempt. */
  get(notificationId: string): Promise<NotificationRecord | undefined>;
  /** Counts one more attempt (creating the record): the number of this attempt. */
  attempt(notificationId: string, kind: string, at: string): Promise<number>;
  finish(notificationId: string, status: 'sent' | 'failed', at: string, messageId?: string): Promise<void>;
}

export class DynamoNotificationStore implements NotificationStore {
  private readonly table: string;
  constructor(table = tableName('notifications')) {
    this.table = table;
  }

  async recipient(userId: string) {
    const out = await ddb.send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: `RECIPIENT#${userId}`, sk: 'RECIPIENT' },
        ConsistentRead: true,
      }),
    );
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, ...r } = out.Item;
    return r as unknown as Recipient;
  }

  async remember(r: Recipient) {
    try {
      await ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: `RECIPIENT#${r.userId}`, sk: 'RECIPIENT', ...r },
          ConditionExpression: 'attribute_not_exists(pk) OR asOf <= :asOf',
          ExpressionAttributeValues: { ':asOf': r.asOf },
        }),
      );
    } catch (e) {
      if (!isConditionFailure(e)) throw e; // a later change is kept already
    }
  }

  async get(notificationId: string) {
    const out = await ddb.send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: `NOTIFICATION#${notificationId}`, sk: 'NOTIFICATION' },
        ConsistentRead: true,
      }),
    );
    return out.Item as NotificationRecord | undefined;
  }

  async attempt(notificationId: string, kind: string, at: string) {
    const out = await ddb.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: `NOTIFICATION#${notificationId}`, sk: 'NOTIFICATION' },
        UpdateExpression:
          'SET notificationId = :id, kind = :kind, #status = :sending, updatedAt = :at, createdAt = if_not_exists(createdAt, :at), gsi1pk = :all, gsi1sk = if_not_exists(gsi1sk, :sk) ADD attempts :one',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':id': notificationId,
          ':kind': kind,
          ':sending': 'sending',
          ':at': at,
          ':all': 'NOTIFICATIONS',
          ':sk': `${at}#${notificationId}`,
          ':one': 1,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Number(out.Attributes?.attempts ?? 1);
  }

  async finish(notificationId: string, status: 'sent' | 'failed', at: string, messageId?: string) {
    await ddb.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: `NOTIFICATION#${notificationId}`, sk: 'NOTIFICATION' },
        UpdateExpression: `SET #status = :status, updatedAt = :at${messageId ? ', messageId = :mid' : ''}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': status,
          ':at': at,
          ...(messageId ? { ':mid': messageId } : {}),
        },
      }),
    );
  }
}
