import { describe, expect, it } from 'vitest';
import type { LoginFailures } from '#domain/identity/login-throttle.ts';
import type { Session } from '#domain/identity/session.ts';
import { createUser, type User } from '#domain/identity/user.ts';
import type { DomainEvent } from '#functions/adapters/event-publisher.ts';
import type { PasswordHasher } from '#functions/identity/adapters/password-hasher.ts';
import type { StoredUser, UserUpdate } from '#functions/identity/adapters/user-repository.ts';
import {
  login,
  refresh,
  updatePreferences,
  updateUser,
  type IdentityDeps,
} from '#functions/identity/identity-service.ts';
import { toProblem } from '#functions/shared/problem.ts';

/** The identity use cases over in-memory adapters: what a flood costs, what a change revokes. */
function world(options: { busy?: boolean } = {}) {
  const writes: string[] = [];
  const users = new Map<string, StoredUser>();
  const add = (user: User, password: string) =>
    users.set(user.id, { user, passwordHash: `hash:${password}`, tokenVersion: 0, revision: 0 });
  add(
    createUser('usr_c1', { username: 'lea', role: 'cashier', storeId: 'store-1' }, 'lea-password-1', 'x'),
    'lea-password-1',
  );
  add(
    createUser('usr_m', { username: 'mireille', role: 'manager' }, 'mireille-password', 'x'),
    'mireille-password',
  );
  const failures = new Map<string, LoginFailures>();
  const addressCounts = new Map<string, number>();
  const sessions = new Map<string, Session>();
  const events: DomainEvent[] = [];
  let now = Date.UTC(2026, 10, 26, 12);
  let counter = 0;
  const hasher: PasswordHasher = {
    available: () => !options.busy,
    hash: async (p) => `hash:${p}`,
    verify: async (p, stored) => stored === `hash:${p}`,
    needsRehash: () => false,
    decoyHash: async () => 'hash:decoy-no-one-has',
  };
  const deps: IdentityDeps = {
    users: {
      create: async () => undefined,
      get: async (id) => users.get(id),
      findByUsername: async (name) => [...users.values()].find((u) => u.user.username === name),
      list: async () => ({ items: [] }),
      replacePasswordHash: async () => undefined,
      update: async (seen: StoredUser, user: User, extra: UserUpdate = {}) => {
        writes.push(`user ${user.id}`);
        const current = users.get(user.id);
        if (current?.revision !== seen.revision) return false;
        users.set(user.id, {
          user,
          passwordHash: extra.passwordHash ?? current.passwordHash,
          tokenVersion: extra.tokenVersion ?? current.tokenVersion,
          revision: current.revision + 1,
        });
        return true;
      },
      setLocale: async (id, locale) => {
        writes.push(`locale ${id}`);
        const current = users.get(id);
        if (!current) return undefined;
        const user = { ...current.user, locale };
        users.set(id, { ...current, user });
        return user;
      },
    },
    attempts: {
      get: async (k) => failures.get(k),
      replace: async (k, _seen, next) => {
        writes.push(`attempt ${k}`);
        failures.set(k, next);
        return true;
      },
      clear: async (k) => void failures.delete(k),
    },
    addresses: {
      take: async (k, w, max) => {
        writes.push(`address ${k}`);
        const n = addressCounts.get(`${k}|${w}`) ?? 0;
        if (n >= max) return false;
        addressCounts.set(`${k}|${w}`, n + 1);
        return true;
      },
      giveBack: async (k, w) =>
        void addressCounts.set(`${k}|${w}`, (addressCounts.get(`${k}|${w}`) ?? 1) - 1),
    },
    sessions: {
      create: async (s) => void sessions.set(s.id, s),
      get: async (id) => sessions.get(id),
      replace: async (next, seen) => {
        if (sessions.get(next.id)?.current !== seen) return false;
        sessions.set(next.id, next);
        return true;
      },
      delete: async (id) => void sessions.delete(id),
    },
    hasher,
    signingKey: async () => ({ kid: 'k-test', key: 'k'.repeat(64) }),
    events: { publish: async (e) => void events.push(...e) },
    clock: () => now,
    newId: () => `usr_${++counter}`,
    randomToken: (bytes) => `${++counter}`.padStart(bytes === 12 ? 16 : 43, 'r'),
    throttle: { freeAttempts: 5, baseLockMs: 60_000, maxLockMs: 900_000, forgetAfterMs: 86_400_000 },
    addressPolicy: { maxFailures: 3, windowMs: 300_000 },
    sessionPolicy: { sessionTtlMs: 12 * 3600_000, reuseGraceMs: 30_000 },
    tokenTtlSeconds: 900,
    refusalDelayMs: 0,
  };
  return { deps, writes, users, sessions, events, advance: (ms: number) => (now += ms) };
}

async function status(p: Promise<unknown>): Promise<number | string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    const problem = toProblem(e); // the one mapper, as the HTTP stack applies it
    if (problem.status === 500) throw e;
    return problem.status;
  }
}

const manager = { userId: 'usr_m', username: 'mireille' };
const here = { address: '203.0.113.5' };

describe('sign-in under a flood', () => {
  it('refuses at once with 503 when the hashing queue is full, writing nothing', async () => {
    const w = world({ busy: true });
    expect(await status(login(w.deps, { username: 'lea', password: 'lea-password-1' }, here))).toBe(503);
    expect(w.writes).toEqual([]);
  });

  it('refuses an address once its failures fill the window, and gives successes back', async () => {
    const w = world();
    expect(await status(login(w.deps, { username: 'x1', password: 'nope-nope-1' }, here))).toBe(401);
    expect(await status(login(w.deps, { username: 'lea', password: 'lea-password-1' }, here))).toBe('ok');
    expect(await status(login(w.deps, { username: 'x2', password: 'nope-nope-1' }, here))).toBe(401);
    expect(await status(login(w.deps, { username: 'x3', password: 'nope-nope-1' }, here))).toBe(401);
    // 3 failures (the success was given back): the address is full for this window.
    expect(await status(login(w.deps, { username: 'lea', password: 'lea-password-1' }, here))).toBe(429);
    expect(
      await status(
        login(w.deps, { username: 'lea', password: 'lea-password-1' }, { address: '203.0.113.6' }),
      ),
    ).toBe('ok');
    w.advance(300_000);
    expect(await status(login(w.deps, { username: 'lea', password: 'lea-password-1' }, here))).toBe('ok');
  });
});

describe('changes that take access away', () => {
  it('raise the token version on disabling and moving store, not on renaming; each audited once', async () => {
    const w = world();
    await updateUser(w.deps, manager, 'usr_c1', { displayName: 'Léa G.' });
    expect(w.users.get('usr_c1')!.tokenVersion).toBe(0);
    await updateUser(w.deps, manager, 'usr_c1', { storeId: 'store-2' });
    expect(w.users.get('usr_c1')!.tokenVersion).toBe(1);
    await updateUser(w.deps, manager, 'usr_c1', { status: 'disabled' });
    expect(w.users.get('usr_c1')!.tokenVersion).toBe(2);
    await updateUser(w.deps, manager, 'usr_c1', { status: 'disabled' });
    expect(w.events.map((e) => (e.detail as { fields: string[] }).fields)).toEqual([
      ['displayName'],
      ['storeId'],
      ['status'],
    ]);
  });

  it('end the sessions of the user: a refresh after a disabling is refused and forgets the session', async () => {
    const w = world();
    const session = await login(w.deps, { username: 'lea', password: 'lea-password-1' }, here);
    expect(await status(refresh(w.deps, session.refreshToken))).toBe('ok');
    const again = await login(w.deps, { username: 'lea', password: 'lea-password-1' }, here);
    await updateUser(w.deps, manager, 'usr_c1', { status: 'disabled' });
    expect(await status(refresh(w.deps, again.refreshToken))).toBe(401);
    expect(w.sessions.has(again.refreshToken.split('.')[0]!)).toBe(false);
  });
});

describe("the user's language (PATCH /me)", () => {
  it("ends no session, comes back with every new pair of tokens and survives a manager's change", async () => {
    const w = world();
    const first = await login(w.deps, { username: 'lea', password: 'lea-password-1' }, here);
    expect(first.user.locale).toBeUndefined();
    await updatePreferences(w.deps, 'usr_c1', { locale: 'en-CA' });
    const renewed = await refresh(w.deps, first.refreshToken);
    expect(renewed.user.locale).toBe('en-CA');
    const changed = await updateUser(w.deps, manager, 'usr_c1', { storeId: 'store-2' });
    expect(changed.locale).toBe('en-CA');
    const again = await login(w.deps, { username: 'lea', password: 'lea-password-1' }, here);
    expect(again.user).toMatchObject({ storeId: 'store-2', locale: 'en-CA' });
  });
});
