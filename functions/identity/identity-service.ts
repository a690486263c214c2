import { loginGate, recordFailure, type ThrottlePolicy } from '#domain/identity/login-throttle.ts';
import type { Role } from '#domain/identity/roles.ts';
import {
  createUser,
  usernameKey,
  type User,
  type UserDraft,
  type UserLocale,
} from '#domain/identity/user.ts';
import { NotFoundError } from '#domain/shared/errors.ts';
import { decodeCursor, encodeCursor, startKeyOf } from '#functions/adapters/dynamo.ts';
import { log } from '#functions/shared/correlation.ts';
import { badRequest, HttpProblem } from '#functions/shared/problem.ts';
import type { PasswordHasher } from './adapters/password-hasher.ts';
import { issueToken } from './adapters/tokens.ts';
import type { LoginAttemptStore, UserRepository } from './adapters/user-repository.ts';
import { m } from '#domain/shared/message.ts';

/** Identity use cases. Dependencies are passed in: repositories, the hasher, the key, the clock, ids. */
export interface IdentityDeps {
  readonly users: UserRepository;
  readonly attempts: LoginAttemptStore;
  readonly hasher: PasswordHasher;
  readonly signingKey: () => Promise<Uint8Array>;
  /** Epoch milliseconds. */
  readonly clock: () => number;
  readonly newId: () => string;
  readonly throttle: ThrottlePolicy;
  readonly tokenTtlSeconds: number;
}

export interface LoginResult {
  readonly token: string;
  readonly expiresAt: string;
  readonly user: Pick<User, 'id' | 'username' | 'displayName' | 'role' | 'storeId' | 'locale'>;
}

/** One answer for a wrong password and for an unknown username, so neither reveals which users exist. */
const invalidCredentials = () =>
  new HttpProblem(
    401,
    'invalid-credentials',
    'Invalid credentials',
    'The username or password is wrong',
  ).withHeaders({ 'www-authenticate': 'Bearer' });

const tooManyAttempts = (retryAfterSeconds: number) =>
  new HttpProblem(
    429,
    'too-many-login-attempts',
    'Too many login attempts',
    m`Too many failed logins for this username; retry in ${retryAfterSeconds} s`,
    { retryAfterSeconds },
  ).withHeaders({ 'retry-after': String(retryAfterSeconds) });

/**
 * Counts this attempt as a failure before the password is checked (see domain/identity/login-throttle.ts),
 * or refuses it while the username is locked. A conditional write per attempt: concurrent guesses are
 * counted one by one.
 */
async function reserveAttempt(deps: IdentityDeps, key: string): Promise<void> {
  for (let tries = 0; tries < 8; tries++) {
    const now = deps.clock();
    const seen = await deps.attempts.get(key);
    const gate = loginGate(seen, now, deps.throttle);
    if (!gate.allowed) throw tooManyAttempts(gate.retryAfterSeconds);
    if (await deps.attempts.replace(key, seen, recordFailure(seen, now, deps.throttle))) return;
  }
  // Only reached under a burst of parallel attempts on one username: slow it down too.
  throw tooManyAttempts(1);
}

export async function login(
  deps: IdentityDeps,
  input: { username: string; password: string },
): Promise<LoginResult> {
  const key = usernameKey(input.username);
  await reserveAttempt(deps, key);
  const stored = await deps.users.findByUsername(key);
  // Unknown users cost one scrypt too, against a decoy hash: the answer takes as long either way.
  const hash = stored?.passwordHash ?? (await deps.hasher.decoyHash());
  const ok = await deps.hasher.verify(input.password, hash);
  if (!stored || !ok) {
    log.info('login refused', { usernameKey: key });
    throw invalidCredentials();
  }
  await deps.attempts.clear(key);
  if (deps.hasher.needsRehash(stored.passwordHash)) {
    const fresh = await deps.hasher.hash(input.password);
    await deps.users.replacePasswordHash(stored.user.id, stored.passwordHash, fresh);
  }
  const { user } = stored;
  const { token, expiresAt } = await issueToken(
    await deps.signingKey(),
    user,
    deps.clock(),
    deps.tokenTtlSeconds,
  );
  return {
    token,
    expiresAt,
    user: {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      ...(user.storeId !== undefined ? { storeId: user.storeId } : {}),
      ...(user.locale !== undefined ? { locale: user.locale } : {}),
    },
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

/** Creates a user with any role (managers); rules in domain/identity/user.ts, uniqueness by claims. */
export async function addUser(deps: IdentityDeps, input: NewUser): Promise<User> {
  const draft: UserDraft = {
    username: input.username,
    displayName: input.displayName,
    email: input.email,
    role: input.role,
    storeId: input.storeId,
  };
  const user = createUser(deps.newId(), draft, input.password, new Date(deps.clock()).toISOString());
  await deps.users.create(user, await deps.hasher.hash(input.password));
  log.info('user created', { userId: user.id, role: user.role, storeId: user.storeId });
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
  const user = await deps.users.setLocale(userId, preferences.locale);
  if (!user) throw new NotFoundError('User', userId);
  return user;
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
      throw badRequest('The cursor does not belong to this list', [
        { path: 'query.cursor', message: 'invalid cursor' },
      ]);
    startKey = k as UsersCursor['k'];
  }
  const page = await deps.users.list({ limit: input.limit, ...(startKey ? { startKey } : {}) });
  return {
    items: page.items,
    ...(page.lastKey ? { nextCursor: encodeCursor({ k: page.lastKey }) } : {}),
  };
}
