import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '#domain/shared/errors.ts';
import type { LoginFailures } from '#domain/identity/login-throttle.ts';
import { emailKey, usernameKey, type User, type UserLocale } from '#domain/identity/user.ts';
import { ddb, isConditionFailure, tableName } from '#functions/adapters/dynamo.ts';
import { m } from '#domain/shared/message.ts';

/**
 * Identity storage. Items (see infra/spec/tables.ts):
 * - USER#id / USER: the user and its password hash (never returned by `toUser`), gsi1 = the user list;
 * - USERNAME#<lower username> / USERNAME and EMAIL#<lower email> / EMAIL: uniqueness claims -> userId;
 * - LOGIN#<lower username> / FAILURES: consecutive failed logins (count, lastFailureAt).
 * No transactions: the claims are conditional puts made before the user item and released if a later
 * step fails. A claim whose user was never written (a crash between the steps) is taken over once it
 * is older than `orphanAfterMs`, so a name is never lost and a slow writer is never overtaken.
 */
type Key = Record<string, NativeAttributeValue>;
type Item = Record<string, NativeAttributeValue>;
type ClaimKind = 'USERNAME' | 'EMAIL';

export interface StoredUser {
  readonly user: User;
  readonly passwordHash: string;
}

export interface UserPage {
  readonly items: User[];
  readonly lastKey?: Key;
}

export interface UserRepository {
  create(user: User, passwordHash: string): Promise<void>;
  get(id: string): Promise<StoredUser | undefined>;
  findByUsername(username: string): Promise<StoredUser | undefined>;
  list(options: { limit: number; startKey?: Key }): Promise<UserPage>;
  replacePasswordHash(id: string, seen: string, next: string): Promise<void>;
  /** Sets the user's language; undefined when there is no such user. */
  setLocale(id: string, locale: UserLocale): Promise<User | undefined>;
}

export interface LoginAttemptStore {
  get(usernameKey: string): Promise<LoginFailures | undefined>;
  /** Writes `next` if the stored failures are still `seen`; false when another attempt got there first. */
  replace(usernameKey: string, seen: LoginFailures | undefined, next: LoginFailures): Promise<boolean>;
  clear(usernameKey: string): Promise<void>;
}

const orphanAfterMs = 60_000;

const userKey = (id: string): Key => ({ pk: `USER#${id}`, sk: 'USER' });
const claimKey = (kind: ClaimKind, value: string): Key => ({
  pk: `${kind}#${kind === 'USERNAME' ? usernameKey(value) : emailKey(value)}`,
  sk: kind,
});
const failuresKey = (key: string): Key => ({ pk: `LOGIN#${key}`, sk: 'FAILURES' });

const userFields = [
  'id',
  'username',
  'displayName',
  'email',
  'role',
  'storeId',
  'locale',
  'createdAt',
] as const;
/** The user as the domain and the API know it: the password hash and the keys stay in the table. */
function toUser(item: Item): User {
  const out: Record<string, unknown> = {};
  for (const f of userFields) if (item[f] !== undefined) out[f] = item[f];
  return out as unknown as User;
}

const toStored = (item: Item): StoredUser => ({
  user: toUser(item),
  passwordHash: String(item.passwordHash),
});

export class DynamoUserRepository implements UserRepository {
  private readonly table: string;
  constructor(table = tableName('identity')) {
    this.table = table;
  }

  async get(id: string): Promise<StoredUser | undefined> {
    const out = await ddb.send(new GetCommand({ TableName: this.table, Key: userKey(id) }));
    return out.Item ? toStored(out.Item) : undefined;
  }

  async findByUsername(username: string): Promise<StoredUser | undefined> {
    const claim = await ddb.send(
      new GetCommand({ TableName: this.table, Key: claimKey('USERNAME', username) }),
    );
    const id = claim.Item?.userId as string | undefined;
    return id ? this.get(id) : undefined;
  }

  private async claim(kind: ClaimKind, value: string, userId: string): Promise<void> {
    const key = claimKey(kind, value);
    const now = Date.now();
    const item = { ...key, type: 'claim', userId, claimedAt: now };
    try {
      await ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk) OR userId = :me',
          ExpressionAttributeValues: { ':me': userId },
        }),
      );
      return;
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
    }
    const holder = (await ddb.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true })))
      .Item;
    const owner = holder?.userId as string | undefined;
    const claimedAt = Number(holder?.claimedAt ?? 0);
    const taken = () =>
      new ConflictError(
        `duplicate-${kind.toLowerCase()}`,
        kind === 'USERNAME'
          ? m`The username ${value} is already taken (usernames are compared without case)`
          : m`The email ${value} is already used by another account`,
        { field: kind === 'USERNAME' ? 'username' : 'email' },
      );
    if (!owner || (await this.get(owner)) || now - claimedAt < orphanAfterMs) throw taken();
    try {
      await ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: item,
          ConditionExpression: 'userId = :orphan AND claimedAt = :seenAt',
          ExpressionAttributeValues: { ':orphan': owner, ':seenAt': holder?.claimedAt },
        }),
      );
    } catch (e) {
      if (isConditionFailure(e)) throw taken();
      throw e;
    }
  }

  private async release(kind: ClaimKind, value: string, userId: string): Promise<void> {
    await ddb
      .send(
        new DeleteCommand({
          TableName: this.table,
          Key: claimKey(kind, value),
          ConditionExpression: 'userId = :me',
          ExpressionAttributeValues: { ':me': userId },
        }),
      )
      .catch((e: unknown) => {
        if (!isConditionFailure(e)) throw e;
      });
  }

  async create(user: User, passwordHash: string): Promise<void> {
    await this.claim('USERNAME', user.username, user.id);
    try {
      if (user.email !== undefined) await this.claim('EMAIL', user.email, user.id);
    } catch (e) {
      await this.release('USERNAME', user.username, user.id);
      throw e;
    }
    try {
      await ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...userKey(user.id),
            type: 'user',
            ...user,
            usernameKey: usernameKey(user.username),
            passwordHash,
            gsi1pk: 'USERS',
            gsi1sk: usernameKey(user.username),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (e) {
      await this.release('USERNAME', user.username, user.id);
      if (user.email !== undefined) await this.release('EMAIL', user.email, user.id);
      throw e;
    }
  }

  async list(options: { limit: number; startKey?: Key }): Promise<UserPage> {
    const out = await ddb.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :users',
        ExpressionAttributeValues: { ':users': 'USERS' },
        Limit: options.limit,
        ExclusiveStartKey: options.startKey,
      }),
    );
    return {
      items: (out.Items ?? []).map(toUser),
      ...(out.LastEvaluatedKey ? { lastKey: out.LastEvaluatedKey } : {}),
    };
  }

  async replacePasswordHash(id: string, seen: string, next: string): Promise<void> {
    await ddb
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: userKey(id),
          UpdateExpression: 'SET passwordHash = :next',
          ConditionExpression: 'passwordHash = :seen',
          ExpressionAttributeValues: { ':seen': seen, ':next': next },
        }),
      )
      .catch((e: unknown) => {
        // Someone changed the password meanwhile: theirs wins.
        if (!isConditionFailure(e)) throw e;
      });
  }

  async setLocale(id: string, locale: UserLocale): Promise<User | undefined> {
    try {
      const out = await ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: userKey(id),
          UpdateExpression: 'SET #locale = :locale',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#locale': 'locale' },
          ExpressionAttributeValues: { ':locale': locale },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return out.Attributes ? toUser(out.Attributes) : undefined;
    } catch (e) {
      if (isConditionFailure(e)) return undefined;
      throw e;
    }
  }
}

export class DynamoLoginAttemptStore implements LoginAttemptStore {
  private readonly table: string;
  constructor(table = tableName('identity')) {
    this.table = table;
  }

  async get(key: string): Promise<LoginFailures | undefined> {
    const out = await ddb.send(
      new GetCommand({ TableName: this.table, Key: failuresKey(key), ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    return { count: Number(out.Item.count), lastFailureAt: Number(out.Item.lastFailureAt) };
  }

  async replace(key: string, seen: LoginFailures | undefined, next: LoginFailures): Promise<boolean> {
    try {
      await ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...failuresKey(key), type: 'login-failures', ...next },
          ...(seen === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#c = :count AND lastFailureAt = :at',
                ExpressionAttributeNames: { '#c': 'count' },
                ExpressionAttributeValues: { ':count': seen.count, ':at': seen.lastFailureAt },
              }),
        }),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  async clear(key: string): Promise<void> {
    await ddb.send(new DeleteCommand({ TableName: this.table, Key: failuresKey(key) }));
  }
}
