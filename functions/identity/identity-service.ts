import { createHash, timingSafeEqual } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SigningKey } from '#domain/identity/keyset.ts';
import {
  addressGate,
  addressKey,
  addressWindow,
  loginGate,
  recordFailure,
  type AddressPolicy,
  type ThrottlePolicy,
} from '#domain/identity/login-throttle.ts';
import { mayApprove, type ApprovalAction } from '#domain/identity/approval.ts';
import type { Role } from '#domain/identity/roles.ts';
import {
  newSession,
  refreshDecision,
  rotateSession,
  type Presented,
  type SessionPolicy,
} from '#domain/identity/session.ts';
import {
  changeUser,
  checkPassword,
  createUser,
  usernameKey,
  type User,
  type UserDraft,
  type UserLocale,
  type UserPatch,
} from '#domain/identity/user.ts';
import {
  ConflictError,
  NotAllowed,
  NotAuthenticated,
  NotFoundError,
  RuleViolation,
  TooManyAttempts,
  TryLater,
} from '#domain/shared/errors.ts';
import { m } from '#domain/shared/message.ts';
import { decodeCursor, encodeCursor, startKeyOf } from '#functions/adapters/dynamo.ts';
import type { EventPublisher } from '#functions/adapters/event-publisher.ts';
import { UserChanged } from '#functions/events/user-changed.ts';
import { currentCorrelationId, log } from '#functions/shared/correlation.ts';
import { issueApprovalToken } from './adapters/approval-tokens.ts';
import { HasherBusyError, type PasswordHasher } from './adapters/password-hasher.ts';
import { issueToken } from './adapters/tokens.ts';
import type {
  AddressAttemptStore,
  LoginAttemptStore,
  SessionStore,
  StoredUser,
  UserRepository,
  UserUpdate,
} from './adapters/user-repository.ts';

/**
 * Identity use cases (docs/identity.md). Dependencies are passed in: repositories, the hasher, the
 * signing key, the event publisher, the clock, ids and random tokens.
 */
export interface IdentityDeps {
  readonly users: UserRepository;
  readonly attempts: LoginAttemptStore;
  readonly addresses: AddressAttemptStore;
  readonly sessions: SessionStore;
  readonly hasher: PasswordHasher;
  /** The key that signs new access tokens (the keyset's current one). */
  readonly signingKey: () => Promise<SigningKey>;
  readonly events: EventPublisher;
  /** Epoch milliseconds. */
  readonly clock: () => number;
  readonly newId: () => string;
  /** `bytes` random bytes, base64url (session ids, refresh tokens). */
  readonly randomToken: (bytes: number) => string;
  readonly throttle: ThrottlePolicy;
  readonly addressPolicy: AddressPolicy;
  readonly sessionPolicy: SessionPolicy;
  readonly tokenTtlSeconds: number;
  /** How long a refused sign-in (429, 503) waits before it is answered (see `checkCredentials`). */
  readonly refusalDelayMs: number;
}

/** Who acts, as the handler stack knows them. */
export interface Actor {
  readonly userId: string;
  readonly username: string;
}

/** The user as a session carries them: the apps open in the user's language (`locale`) when they chose one. */
export type UserSummary = Pick<User, 'id' | 'username' | 'displayName' | 'role' | 'storeId' | 'locale'>;

/** What signing in, refreshing and changing one's password answer: a new pair of tokens. */
export interface SessionTokens {
  readonly token: string;
  readonly expiresAt: string;
  readonly refreshToken: string;
  readonly refreshExpiresAt: string;
  readonly user: UserSummary;
}

/** One answer for a wrong password and for an unknown username, so neither reveals which users exist. */
const invalidCredentials = () =>
  new NotAuthenticated('invalid-credentials', 'The username or password is wrong');

const tooManyAttempts = (retryAfterSeconds: number, from: 'username' | 'address') =>
  new TooManyAttempts(
    'too-many-login-attempts',
    from === 'username'
      ? m`Too many failed logins for this username; retry in ${retryAfterSeconds} s`
      : m`Too many failed logins from this address; retry in ${retryAfterSeconds} s`,
    retryAfterSeconds,
    { retryAfterSeconds },
  );

const loginBusy = () =>
  new TryLater('login-busy', 'Too many sign-ins are being checked right now; retry in a moment', 1, {
    retryAfterSeconds: 1,
  });

const invalidRefreshToken = () =>
  new NotAuthenticated(
    'invalid-refresh-token',
    'The refresh token is not valid (ended, revoked or already used): sign in again',
  );

const accountDisabled = () => new NotAllowed('account-disabled', 'This account is disabled; ask a manager');

/** Hashing goes through the bounded queue: a full one answers 503 + Retry-After (never a 500). */
async function hashing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof HasherBusyError) throw loginBusy();
    throw error;
  }
}

/**
 * Counts this attempt as a failure of the username before the password is checked (see
 * domain/identity/login-throttle.ts), or refuses it while the username is locked. A conditional write
 * per attempt: concurrent guesses are counted one by one.
 */
async function reserveAttempt(deps: IdentityDeps, key: string): Promise<void> {
  for (let tries = 0; tries < 8; tries++) {
    const now = deps.clock();
    const seen = await deps.attempts.get(key);
    const gate = loginGate(seen, now, deps.throttle);
    if (!gate.allowed) throw tooManyAttempts(gate.retryAfterSeconds, 'username');
    if (await deps.attempts.replace(key, seen, recordFailure(seen, now, deps.throttle))) return;
  }
  // Only reached under a burst of parallel attempts on one username: slow it down too.
  throw tooManyAttempts(1, 'username');
}

/** Counts this attempt against the client address's window, or refuses it (429) once the window is full. */
async function reserveAddress(deps: IdentityDeps, address: string) {
  const now = deps.clock();
  const key = addressKey(address || 'unknown');
  const window = addressWindow(now, deps.addressPolicy);
  if (!(await deps.addresses.take(key, window.start, deps.addressPolicy.maxFailures, window.end))) {
    const gate = addressGate(deps.addressPolicy.maxFailures, now, deps.addressPolicy);
    throw tooManyAttempts(gate.allowed ? 1 : gate.retryAfterSeconds, 'address');
  }
  return { release: () => deps.addresses.giveBack(key, window.start) };
}

/**
 * Checks a user's password under both throttles (client address, then username) through the hashing
 * queue; unknown users cost a scrypt too, against a decoy hash, so the answer takes as long either way.
 * Returns the stored user when the password is right; throws 401, 429 or 503 otherwise.
 *
 * A refused attempt (429, 503) is answered only after `refusalDelayMs` (1 s): a client that loops on
 * refusals is slowed to one attempt per second per connection instead of costing a request each time
 * it asks — locally the tills share the process with it. On AWS the wait costs Lambda time, bounded by
 * the API's throttling of `/auth/*`.
 */
async function checkCredentials(
  deps: IdentityDeps,
  username: string,
  password: string,
  address: string,
  find: () => Promise<StoredUser | undefined>,
): Promise<StoredUser> {
  try {
    return await verifyCredentials(deps, username, password, address, find);
  } catch (error) {
    // Throttled (429) or busy (503): both are TryLater.
    if (error instanceof TryLater && deps.refusalDelayMs > 0) await sleep(deps.refusalDelayMs);
    throw error;
  }
}

async function verifyCredentials(
  deps: IdentityDeps,
  username: string,
  password: string,
  address: string,
  find: () => Promise<StoredUser | undefined>,
): Promise<StoredUser> {
  // A full hashing queue is refused before anything is written: a flood costs no table write.
  if (!deps.hasher.available()) throw loginBusy();
  const fromAddress = await reserveAddress(deps, address);
  const key = usernameKey(username);
  await reserveAttempt(deps, key);
  const stored = await find();
  const hash = stored?.passwordHash ?? (await hashing(() => deps.hasher.decoyHash()));
  const ok = await hashing(() => deps.hasher.verify(password, hash));
  if (!stored || !ok) {
    log.info('login refused', { usernameKey: key });
    throw invalidCredentials();
  }
  await Promise.all([deps.attempts.clear(key), fromAddress.release()]);
  return stored;
}

const summary = (user: User): UserSummary => ({
  id: user.id,
  username: user.username,
  displayName: user.displayName,
  role: user.role,
  ...(user.storeId !== undefined ? { storeId: user.storeId } : {}),
  ...(user.locale !== undefined ? { locale: user.locale } : {}),
});

const hashOf = (secret: string): string => createHash('sha256').update(secret).digest('base64url');

function sameHash(a: string, b: string | undefined): boolean {
  if (b === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A refresh token is `<session id>.<secret>`: the id finds the session, the secret's hash must match. */
const refreshTokenRule = /^([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/;

async function accessToken(deps: IdentityDeps, user: User, tokenVersion: number) {
  return issueToken(await deps.signingKey(), { ...user, tokenVersion }, deps.clock(), deps.tokenTtlSeconds);
}

/** A new session for the user: an access token and the session's first refresh token. */
async function startSession(deps: IdentityDeps, user: User, tokenVersion: number): Promise<SessionTokens> {
  const id = deps.randomToken(12);
  const secret = deps.randomToken(32);
  const session = newSession(
    id,
    { id: user.id, tokenVersion },
    hashOf(secret),
    deps.clock(),
    deps.sessionPolicy,
  );
  await deps.sessions.create(session);
  const { token, expiresAt } = await accessToken(deps, user, tokenVersion);
  return {
    token,
    expiresAt,
    refreshToken: `${id}.${secret}`,
    refreshExpiresAt: new Date(session.expiresAt).toISOString(),
    user: summary(user),
  };
}

export async function login(
  deps: IdentityDeps,
  input: { username: string; password: string },
  client: { address: string },
): Promise<SessionTokens> {
  const stored = await checkCredentials(deps, input.username, input.password, client.address, () =>
    deps.users.findByUsername(usernameKey(input.username)),
  );
  // Told only to someone who knows the password: it reveals nothing to a guesser.
  if (stored.user.status !== 'active') throw accountDisabled();
  if (deps.hasher.needsRehash(stored.passwordHash) && deps.hasher.available()) {
    // Best effort: a busy queue leaves the old hash for the next sign-in rather than refusing this one.
    const fresh = await deps.hasher.hash(input.password).catch((error: unknown) => {
      if (error instanceof HasherBusyError) return undefined;
      throw error;
    });
    if (fresh) await deps.users.replacePasswordHash(stored.user.id, stored.passwordHash, fresh);
  }
  return startSession(deps, stored.user, stored.tokenVersion);
}

/**
 * `POST /auth/refresh`: trades a refresh token for a new access token and a new refresh token
 * (domain/identity/session.ts). A session that ended, belongs to a changed user or saw an old token
 * come back is deleted, and the answer is 401.
 */
export async function refresh(deps: IdentityDeps, refreshToken: string): Promise<SessionTokens> {
  const match = refreshTokenRule.exec(refreshToken);
  if (!match) throw invalidRefreshToken();
  const [, id, secret] = match as unknown as [string, string, string];
  const presentedHash = hashOf(secret);
  for (let tries = 0; tries < 4; tries++) {
    const session = await deps.sessions.get(id);
    if (!session) throw invalidRefreshToken();
    const presented: Presented = sameHash(presentedHash, session.current)
      ? 'current'
      : sameHash(presentedHash, session.previous)
        ? 'previous'
        : 'none';
    const stored = await deps.users.get(session.userId);
    const now = deps.clock();
    const decision = refreshDecision(
      session,
      presented,
      stored && { status: stored.user.status, tokenVersion: stored.tokenVersion },
      now,
      deps.sessionPolicy,
    );
    if (decision.kind !== 'rotate') {
      await deps.sessions.delete(id);
      if (decision.kind === 'reused')
        log.warn('refresh token reused: session revoked', { sessionId: id, userId: session.userId });
      throw invalidRefreshToken();
    }
    const nextSecret = deps.randomToken(32);
    const next = rotateSession(session, presented, hashOf(nextSecret), now);
    if (!(await deps.sessions.replace(next, session.current))) continue; // a concurrent refresh: look again
    const user = stored!.user;
    const { token, expiresAt } = await accessToken(deps, user, stored!.tokenVersion);
    return {
      token,
      expiresAt,
      refreshToken: `${id}.${nextSecret}`,
      refreshExpiresAt: new Date(session.expiresAt).toISOString(),
      user: summary(user),
    };
  }
  throw invalidRefreshToken();
}

/** A manager's approval, as the till receives it (`POST /auth/approvals`). */
export interface ApprovalGrant {
  readonly approvalToken: string;
  readonly approvedBy: { readonly userId: string; readonly username: string };
  readonly action: ApprovalAction;
  readonly storeId: string;
  readonly amountCents?: number;
  readonly expiresAt: string;
}

const notAnApprover = () =>
  new NotAllowed(
    'approver-not-allowed',
    'Only an active manager can approve this; ask a manager to enter their own credentials',
  );

/**
 * `POST /auth/approvals` (docs/identity.md, "Manager approval"): a manager enters their credentials at
 * a cashier's till to approve one action at that store, up to an amount. The password is checked
 * exactly like a sign-in — under both throttles (a till cannot be used to guess a manager's password),
 * through the hashing queue — and never kept; the answer is a 5-minute approval token signed with the
 * identity keys, which the route that needs it checks with `verifyApproval` (./approvals.ts). Nothing is
 * written but the throttles' counts. The right password of a user who is not an active manager gets
 * 403 `approver-not-allowed` (told only to someone who knows that password).
 */
export async function grantApproval(
  deps: IdentityDeps,
  caller: Actor,
  input: {
    readonly username: string;
    readonly password: string;
    readonly action: ApprovalAction;
    readonly storeId: string;
    readonly amountCents?: number | undefined;
  },
  client: { address: string },
): Promise<ApprovalGrant> {
  const stored = await checkCredentials(deps, input.username, input.password, client.address, () =>
    deps.users.findByUsername(usernameKey(input.username)),
  );
  if (!mayApprove(stored.user)) {
    log.info('approval refused: not a manager', { userId: stored.user.id, action: input.action });
    throw notAnApprover();
  }
  const { token, expiresAt } = await issueApprovalToken(
    await deps.signingKey(),
    {
      approverId: stored.user.id,
      approverUsername: stored.user.username,
      action: input.action,
      storeId: input.storeId,
      amountCents: input.amountCents,
    },
    deps.clock(),
  );
  log.info('approval granted', {
    action: input.action,
    storeId: input.storeId,
    amountCents: input.amountCents,
    approverId: stored.user.id,
    approverUsername: stored.user.username,
    requestedBy: caller.userId,
  });
  return {
    approvalToken: token,
    approvedBy: { userId: stored.user.id, username: stored.user.username },
    action: input.action,
    storeId: input.storeId,
    ...(input.amountCents !== undefined ? { amountCents: input.amountCents } : {}),
    expiresAt,
  };
}

export interface NewUser {
  readonly username: string;
  readonly password: string;
  readonly displayName?: string | undefined;
  readonly email?: string | undefined;
  readonly role: Role;
  readonly storeId?: string | undefined;
}

const snapshot = (u: User) => ({
  role: u.role,
  ...(u.storeId !== undefined ? { storeId: u.storeId } : {}),
  status: u.status,
  displayName: u.displayName,
});

/** The audit record of a change (a log line and a `UserChanged` event on the bus, kept in GET /events). */
async function audit(
  deps: IdentityDeps,
  action: 'created' | 'updated' | 'password-reset' | 'password-changed',
  actor: Actor,
  before: User | undefined,
  after: User,
  fields: readonly string[],
  sessionsRevoked: boolean,
): Promise<void> {
  log.info('user changed', {
    action,
    userId: after.id,
    username: after.username,
    fields,
    actorId: actor.userId,
    actorUsername: actor.username,
    sessionsRevoked,
  });
  await deps.events.publish([
    UserChanged.make(
      {
        userId: after.id,
        username: after.username,
        action,
        fields: [...fields],
        ...(before ? { before: snapshot(before) } : {}),
        after: snapshot(after),
        actor: { userId: actor.userId, username: actor.username },
        sessionsRevoked,
        ...(after.email !== undefined || after.locale !== undefined
          ? {
              contact: {
                ...(after.email !== undefined ? { email: after.email } : {}),
                ...(after.locale !== undefined ? { locale: after.locale } : {}),
              },
            }
          : {}),
      },
      {
        correlationId: currentCorrelationId() ?? 'none',
        occurredAt: new Date(deps.clock()).toISOString(),
      },
    ),
  ]);
}

/** Creates a user with any role (managers); rules in domain/identity/user.ts, uniqueness by claims. */
export async function addUser(deps: IdentityDeps, input: NewUser, actor?: Actor): Promise<User> {
  const draft: UserDraft = {
    username: input.username,
    displayName: input.displayName,
    email: input.email,
    role: input.role,
    storeId: input.storeId,
  };
  const user = createUser(deps.newId(), draft, input.password, new Date(deps.clock()).toISOString());
  await deps.users.create(user, await hashing(() => deps.hasher.hash(input.password)));
  await audit(
    deps,
    'created',
    actor ?? { userId: user.id, username: user.username },
    undefined,
    user,
    [],
    false,
  );
  return user;
}

/** Customer self-signup: the role is always `customer`, whatever the request says. */
export function register(
  deps: IdentityDeps,
  input: { username: string; password: string; email: string; displayName?: string | undefined },
): Promise<User> {
  return addUser(deps, { ...input, role: 'customer', storeId: undefined });
}

export async function currentUser(deps: IdentityDeps, userId: string): Promise<User> {
  const stored = await deps.users.get(userId);
  if (!stored) throw new NotFoundError('User', userId);
  return stored.user;
}

/** The signed-in user's own preferences (`PATCH /me`): the language of the apps, kept across devices. */
export async function updatePreferences(
  deps: IdentityDeps,
  userId: string,
  preferences: { locale: UserLocale },
): Promise<User> {
  const before = await deps.users.get(userId);
  const user = await deps.users.setLocale(userId, preferences.locale);
  if (!user) throw new NotFoundError('User', userId);
  // Announced so that e-mails follow the user's language (the notifications context's directory).
  if (before?.user.locale !== user.locale)
    await audit(
      deps,
      'updated',
      { userId: user.id, username: user.username },
      before?.user,
      user,
      ['locale'],
      false,
    );
  return user;
}

/**
 * Reads a user, applies `change` to what was read and writes the result (`next`, with `extra`)
 * conditionally on that read; another writer in between makes it read and apply again, so no change
 * is lost. No `next`: nothing to write.
 */
async function withUser<T>(
  deps: IdentityDeps,
  userId: string,
  change: (stored: StoredUser) => { next?: User; extra?: UserUpdate; result: T },
): Promise<T> {
  for (let tries = 0; tries < 5; tries++) {
    const stored = await deps.users.get(userId);
    if (!stored) throw new NotFoundError('User', userId);
    const { next, extra, result } = change(stored);
    if (!next || (await deps.users.update(stored, next, extra))) return result;
  }
  throw new ConflictError('user-changed', 'The user is being changed; retry');
}

const nowIso = (deps: IdentityDeps) => new Date(deps.clock()).toISOString();

/**
 * `PATCH /users/{userId}` (managers): status, role, store, display name. Disabling the user or
 * changing their role or store raises their token version — their tokens stop working within the
 * authorizer's cache time and their sessions cannot be refreshed.
 */
export async function updateUser(
  deps: IdentityDeps,
  actor: Actor,
  userId: string,
  patch: UserPatch,
): Promise<User> {
  const { change, before } = await withUser(deps, userId, (stored) => {
    const change = changeUser(stored.user, patch, actor.userId, nowIso(deps));
    if (change.fields.length === 0) return { result: { change, before: stored.user } };
    return {
      next: change.user,
      extra: change.revokesSessions ? { tokenVersion: stored.tokenVersion + 1 } : {},
      result: { change, before: stored.user },
    };
  });
  if (change.fields.length > 0)
    await audit(deps, 'updated', actor, before, change.user, change.fields, change.revokesSessions);
  return change.user;
}

/** Writes a new password hash and raises the token version: every token and session of the user ends. */
function replacePassword(deps: IdentityDeps, userId: string, passwordHash: string) {
  return withUser(deps, userId, (stored) => {
    const next: User = { ...stored.user, updatedAt: nowIso(deps) };
    const tokenVersion = stored.tokenVersion + 1;
    return { next, extra: { passwordHash, tokenVersion }, result: { user: next, tokenVersion } };
  });
}

/**
 * `POST /users/{userId}/password` (managers): sets a new password (the rules of a chosen password),
 * ends the user's tokens and sessions and lifts a login lock on their username.
 */
export async function resetPassword(
  deps: IdentityDeps,
  actor: Actor,
  userId: string,
  password: string,
): Promise<void> {
  const target = await currentUser(deps, userId);
  checkPassword(password, target.username);
  const passwordHash = await hashing(() => deps.hasher.hash(password));
  const { user } = await replacePassword(deps, userId, passwordHash);
  await deps.attempts.clear(usernameKey(user.username));
  await audit(deps, 'password-reset', actor, user, user, ['password'], true);
}

/**
 * `POST /me/password`: the signed-in user changes their password, giving the current one (checked
 * under the same throttles as a sign-in, so a stolen token cannot be used to guess it). Every token
 * and session of theirs ends; the answer is a new session, so the caller stays signed in.
 */
export async function changeOwnPassword(
  deps: IdentityDeps,
  caller: Actor,
  input: { currentPassword: string; newPassword: string },
  client: { address: string },
): Promise<SessionTokens> {
  const first = await deps.users.get(caller.userId);
  if (!first) throw new NotFoundError('User', caller.userId);
  try {
    checkPassword(input.newPassword, first.user.username);
  } catch (error) {
    // The rule names `password`; here the field is `newPassword`.
    if (error instanceof RuleViolation) throw new RuleViolation('newPassword', error.said);
    throw error;
  }
  if (input.newPassword === input.currentPassword)
    throw new RuleViolation('newPassword', 'the new password must differ from the current one');
  try {
    await checkCredentials(deps, first.user.username, input.currentPassword, client.address, () =>
      Promise.resolve(first),
    );
  } catch (error) {
    if (error instanceof NotAuthenticated && error.code === 'invalid-credentials')
      throw new RuleViolation('body.currentPassword', 'The current password is wrong', 'wrong password');
    throw error;
  }
  const passwordHash = await hashing(() => deps.hasher.hash(input.newPassword));
  const { user, tokenVersion } = await replacePassword(deps, caller.userId, passwordHash);
  await audit(deps, 'password-changed', caller, user, user, ['password'], true);
  return startSession(deps, user, tokenVersion);
}

interface UsersCursor {
  k: { pk: string; sk: string; gsi1pk: string; gsi1sk: string };
}

export async function listUsers(
  deps: IdentityDeps,
  input: { limit: number; cursor?: string | undefined },
): Promise<{ items: User[]; nextCursor?: string }> {
  let startKey: UsersCursor['k'] | undefined;
  if (input.cursor !== undefined) {
    const k = startKeyOf(decodeCursor<UsersCursor>(input.cursor)?.k, {
      pk: undefined,
      sk: undefined,
      gsi1pk: 'USERS',
      gsi1sk: undefined,
    });
    if (!k)
      throw new RuleViolation('query.cursor', 'The cursor does not belong to this list', 'invalid cursor');
    startKey = k as UsersCursor['k'];
  }
  const page = await deps.users.list({ limit: input.limit, ...(startKey ? { startKey } : {}) });
  return {
    items: page.items,
    ...(page.lastKey ? { nextCursor: encodeCursor({ k: page.lastKey }) } : {}),
  };
}
