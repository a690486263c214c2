import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '#domain/shared/errors.ts';
import type { LoginFailures } from '#domain/identity/login-throttle.ts';
import type { Session } from '#domain/identity/session.ts';
import { emailKey, usernameKey, type User, type UserLocale } from '#domain/identity/user.ts';
import { ddb, isConditionFailure, tableName } from '#functions/adapters/dynamo.ts';
import { m } from '#domain/shared/message.ts';

/**
 * Identity storage. Items (see infra/spec/tables.ts):
 * - USER#id / USER: the user and its password hash (never returned by `toUser`), gsi1 = the user list;
 * - USERNAME#<lower username> / USERNAME and EMAIL#<lower email> / EMAIL: uniqueness claims -> userId;
 * - LOGIN#<lower username> / FAILURES: consecutive failed logins (count, lastFailureAt);
 * - LOGINADDR#<address key> / W#<window start>: login attempts from one client address in a window;
 * - SESSION#<id> / SESSION: a refresh session (hashes of its current and previous refresh token).
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
  /**
   * Written into every access token and session; raised when the user is disabled or their role, store
   * or password changes, which ends every token and session made before (the authorizer and
   * `POST /auth/refresh` compare it).
   */
  readonly tokenVersion: number;
  /** Raised by every update: updates are conditional on the revision they read. */
  readonly revision: number;
}

/** What an update writes besides the user's fields. */
export interface UserUpdate {
  readonly tokenVersion?: number;
  readonly passwordHash?: string;
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
  /** Writes `user` (and `extra`) if the stored revision is still `seen.revision`; false otherwise. */
  update(seen: StoredUser, user: User, extra?: UserUpdate): Promise<boolean>;
  /**
   * Sets the user's language; undefined when there is no such user. Its own single-attribute write:
   * `update` never writes `locale`, so neither can undo the other and it needs no revision.
   */
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
  'status',
  'locale',
  'createdAt',
  'updatedAt',
] as const;
/** The user as the domain and the API know it: the password hash and the keys stay in the table. */
function toUser(item: Item): User {
  const out: Record<string, unknown> = { status: 'active' };
  for (const f of userFields) if (item[f] !== undefined) out[f] = item[f];
  return out as unknown as User;
}

const toStored = (item: Item): StoredUser => ({
  user: toUser(item),
  passwordHash: String(item.passwordHash),
  tokenVersion: Number(item.tokenVersion ?? 0),
  revision: Number(item.revision ?? 0),
});

export class DynamoUserRepository implements UserRepository {
  private readonly table: string;
  constructor(table = tableName('identity')) {
    this.table = table;
  }

  /** Strongly consistent: the authorizer and refresh must see a disabling the moment it is written. */
  async get(id: string): Promise<StoredUser | undefined> {
    const out = await ddb.send(
      new GetCommand({ TableName: this.table, Key: userKey(id), ConsistentRead: true }),
    );
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
            tokenVersion: 0,
            revision: 0,
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

  async update(seen: StoredUser, user: User, extra: UserUpdate = {}): Promise<boolean> {
    const values: Record<string, NativeAttributeValue> = {
      ':displayName': user.displayName,
      ':role': user.role,
      ':status': user.status,
      ':revision': seen.revision + 1,
    };
    const sets = ['displayName = :displayName', '#role = :role', '#status = :status', 'revision = :revision'];
    if (user.updatedAt !== undefined) {
      sets.push('updatedAt = :updatedAt');
      values[':updatedAt'] = user.updatedAt;
    }
    if (user.storeId !== undefined) {
      sets.push('storeId = :storeId');
      values[':storeId'] = user.storeId;
    }
    if (extra.tokenVersion !== undefined) {
      sets.push('tokenVersion = :tokenVersion');
      values[':tokenVersion'] = extra.tokenVersion;
    }
    if (extra.passwordHash !== undefined) {
      sets.push('passwordHash = :passwordHash');
      values[':passwordHash'] = extra.passwordHash;
    }
    const condition =
      seen.revision === 0
        ? 'attribute_exists(pk) AND attribute_not_exists(revision) OR revision = :seen'
        : 'revision = :seen';
    values[':seen'] = seen.revision;
    try {
      await ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: userKey(user.id),
          UpdateExpression: `SET ${sets.join(', ')}${user.storeId === undefined ? ' REMOVE storeId' : ''}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: { '#role': 'role', '#status': 'status' },
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
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

/**
 * Login attempts per client address in fixed windows (domain/identity/login-throttle.ts): one atomic
 * conditional ADD per attempt, so parallel attempts are counted one by one and never pass the limit.
 * Once an address is refused, the refusal is also kept in this instance's memory until its window
 * ends, so a flood from a refused address is answered without touching the table.
 */
export interface AddressAttemptStore {
  /** Counts one attempt in the window if fewer than `max` are counted (true); false when it is full. */
  take(key: string, windowStart: number, max: number, expiresAtMs: number): Promise<boolean>;
  /** Gives an attempt back (a successful sign-in). */
  giveBack(key: string, windowStart: number): Promise<void>;
}

const addressKeyOf = (key: string, windowStart: number): Key => ({
  pk: `LOGINADDR#${key}`,
  sk: `W#${windowStart}`,
});

export class DynamoAddressAttemptStore implements AddressAttemptStore {
  private readonly table: string;
  private readonly refused = new Map<string, number>();
  constructor(table = tableName('identity')) {
    this.table = table;
  }

  async take(key: string, windowStart: number, max: number, expiresAtMs: number): Promise<boolean> {
    const memo = `${key}|${windowStart}`;
    if ((this.refused.get(memo) ?? 0) > Date.now()) return false;
    try {
      await ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: addressKeyOf(key, windowStart),
          UpdateExpression: 'ADD attempts :one SET #type = :type, expiresAt = :ttl',
          ConditionExpression: 'attribute_not_exists(attempts) OR attempts < :max',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: {
            ':one': 1,
            ':max': max,
            ':type': 'login-address',
            ':ttl': Math.ceil(expiresAtMs / 1000) + 3600,
          },
        }),
      );
      return true;
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
      if (this.refused.size >= 10_000) this.refused.clear();
      this.refused.set(memo, expiresAtMs);
      return false;
    }
  }

  async giveBack(key: string, windowStart: number): Promise<void> {
    this.refused.delete(`${key}|${windowStart}`);
    await ddb
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: addressKeyOf(key, windowStart),
          UpdateExpression: 'ADD attempts :minus',
          ConditionExpression: 'attempts > :zero',
          ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
        }),
      )
      .catch((e: unknown) => {
        if (!isConditionFailure(e)) throw e;
      });
  }
}

/** Refresh sessions (domain/identity/session.ts); only hashes of refresh tokens are stored. */
export interface SessionStore {
  create(session: Session): Promise<void>;
  get(id: string): Promise<Session | undefined>;
  /** Replaces the session if its current hash is still `seenCurrent`; false when another refresh won. */
  replace(next: Session, seenCurrent: string): Promise<boolean>;
  delete(id: string): Promise<void>;
}

const sessionKey = (id: string): Key => ({ pk: `SESSION#${id}`, sk: 'SESSION' });

function sessionItem(s: Session): Item {
  return {
    ...sessionKey(s.id),
    type: 'session',
    sessionId: s.id,
    userId: s.userId,
    tokenVersion: s.tokenVersion,
    createdAt: s.createdAt,
    endsAt: s.expiresAt,
    current: s.current,
    ...(s.previous !== undefined ? { previous: s.previous } : {}),
    ...(s.rotatedAt !== undefined ? { rotatedAt: s.rotatedAt } : {}),
    // Epoch seconds: AWS deletes ended sessions (TTL); locally they stay, refused by `endsAt`.
    expiresAt: Math.ceil(s.expiresAt / 1000),
  };
}

function toSession(item: Item): Session {
  return {
    id: String(item.sessionId),
    userId: String(item.userId),
    tokenVersion: Number(item.tokenVersion),
    createdAt: Number(item.createdAt),
    expiresAt: Number(item.endsAt),
    current: String(item.current),
    ...(item.previous !== undefined ? { previous: String(item.previous) } : {}),
    ...(item.rotatedAt !== undefined ? { rotatedAt: Number(item.rotatedAt) } : {}),
  };
}

export class DynamoSessionStore implements SessionStore {
  private readonly table: string;
  constructor(table = tableName('identity')) {
    this.table = table;
  }

  async create(session: Session): Promise<void> {
    await ddb.send(
      new PutCommand({
        TableName: this.table,
        Item: sessionItem(session),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(id: string): Promise<Session | undefined> {
    const out = await ddb.send(
      new GetCommand({ TableName: this.table, Key: sessionKey(id), ConsistentRead: true }),
    );
    return out.Item ? toSession(out.Item) : undefined;
  }

  async replace(next: Session, seenCurrent: string): Promise<boolean> {
    try {
      await ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: sessionItem(next),
          ConditionExpression: '#current = :seen',
          ExpressionAttributeNames: { '#current': 'current' },
          ExpressionAttributeValues: { ':seen': seenCurrent },
        }),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  async delete(id: string): Promise<void> {
    await ddb.send(new DeleteCommand({ TableName: this.table, Key: sessionKey(id) }));
  }
}
