import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword, startTestRuntime, type ApiResponse, type TestRuntime } from '../support/runtime.ts';

/**
 * Taking access away (issue 10): managers disable and enable users, change their role and store and
 * reset their password; users change their own. A change that takes something away ends the user's
 * tokens within the authorizer's cache time (1 s here instead of API Gateway's 300 s) and their
 * sessions at once; every change is audited (a UserChanged event in GET /events, with the actor).
 */
const cacheSeconds = 1;
let api: TestRuntime;
beforeAll(async () => {
  api = await startTestRuntime({ runtime: { authorizerCacheSeconds: cacheSeconds } });
});
afterAll(() => api.stop());

const manager = () => api.as('manager');
const login = (username: string, password = demoPassword) =>
  api.anon.post('/auth/login', { username, password });
const afterCache = () => new Promise((r) => setTimeout(r, cacheSeconds * 1000 + 200));

/** A fresh cashier of `store` (so tests do not disturb each other), signed in twice. */
async function newCashier(store = 'store-2', password = 'till-password-1') {
  const username = `till-${randomUUID().slice(0, 8)}`;
  const created = await manager().post('/users', { username, password, role: 'cashier', storeId: store });
  expect(created.status).toBe(201);
  const used = await login(username, password);
  const unused = await login(username, password);
  expect(used.status).toBe(200);
  // The first token is used now, so the gateway caches its authorizer answer.
  expect((await api.withToken(used.body.token).get('/me')).status).toBe(200);
  return { id: created.body.id as string, username, password, used: used.body, unused: unused.body };
}

async function auditOf(userId: string) {
  await api.runtime.bus.settled();
  const res = await manager().get('/events?type=UserChanged&limit=100');
  expect(res.status).toBe(200);
  return (res.body.items as { detail: Record<string, any> }[])
    .map((e) => e.detail)
    .filter((d) => d.userId === userId);
}

const problem = (res: ApiResponse, status: number, code?: string) => {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  if (code) expect(res.body.code).toBe(code);
};

describe('disabling and enabling a user', () => {
  it('ends their tokens (within the cache time), their sessions and their sign-ins; enabling lets them sign in again', async () => {
    const c = await newCashier();
    const res = await manager().patch(`/users/${c.id}`, { status: 'disabled' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: c.id, status: 'disabled', role: 'cashier', storeId: 'store-2' });

    // A token the gateway had not cached yet is refused at once; a cached one once the cache time is over.
    problem(await api.withToken(c.unused.token).get('/me'), 401, 'unauthorized');
    await afterCache();
    problem(await api.withToken(c.used.token).get('/locations/store-2/stock'), 401, 'unauthorized');
    problem(
      await api.anon.post('/auth/refresh', { refreshToken: c.used.refreshToken }),
      401,
      'invalid-refresh-token',
    );
    // The right password says the account is disabled; a wrong one says no more than for anyone.
    problem(await login(c.username, c.password), 403, 'account-disabled');
    problem(await login(c.username, 'wrong-password-1'), 401, 'invalid-credentials');

    expect((await manager().patch(`/users/${c.id}`, { status: 'active' })).body.status).toBe('active');
    const again = await login(c.username, c.password);
    expect(again.status).toBe(200);
    expect((await api.withToken(again.body.token).get('/me')).body.status).toBe('active');
    // Tokens from before the disabling stay dead.
    problem(await api.withToken(c.unused.token).get('/me'), 401);

    const audit = await auditOf(c.id);
    expect(audit.map((d) => [d.action, d.fields, d.after.status, d.sessionsRevoked])).toEqual(
      expect.arrayContaining([
        ['created', [], 'active', false],
        ['updated', ['status'], 'disabled', true],
        ['updated', ['status'], 'active', false],
      ]),
    );
    for (const d of audit.filter((x) => x.action === 'updated'))
      expect(d.actor).toEqual({ userId: 'usr_manager', username: 'manager' });
  });

  it('keeps a manager from disabling themselves, and lets only managers change users', async () => {
    const self = await manager().patch('/users/usr_manager', { status: 'disabled' });
    problem(self, 400);
    expect(self.body.errors).toContainEqual(expect.objectContaining({ path: 'body.status' }));
    problem(await manager().patch('/users/usr_manager', { role: 'ops' }), 400);
    for (const who of ['cashier1', 'ops', 'customer'])
      problem(await api.as(who).patch('/users/usr_cashier1', { status: 'disabled' }), 403, 'forbidden');
    problem(await manager().patch('/users/usr_nobody', { status: 'disabled' }), 404, 'not-found');
    problem(await manager().patch('/users/usr_cashier1', {}), 400);
    problem(await manager().patch('/users/usr_cashier1', { password: 'x' }), 400);
    expect((await login('cashier1')).status).toBe(200);
  });
});

describe('changing a role or a store', () => {
  it('moves a cashier to another store: the old token (naming the old store) ends, a new sign-in names the new one', async () => {
    const c = await newCashier('store-2');
    const moved = await manager().patch(`/users/${c.id}`, { storeId: 'store-3' });
    expect(moved.body).toMatchObject({ storeId: 'store-3', role: 'cashier' });
    await afterCache();
    problem(await api.withToken(c.used.token).get('/locations/store-2/stock'), 401);
    problem(await api.anon.post('/auth/refresh', { refreshToken: c.unused.refreshToken }), 401);
    const fresh = await login(c.username, c.password);
    expect(fresh.body.user.storeId).toBe('store-3');
    expect((await api.withToken(fresh.body.token).get('/locations/store-3/stock')).status).toBe(200);
    problem(await api.withToken(fresh.body.token).get('/locations/store-2/stock'), 403, 'forbidden');
    const [change] = (await auditOf(c.id)).filter((d) => d.action === 'updated');
    expect(change).toMatchObject({
      fields: ['storeId'],
      before: { role: 'cashier', storeId: 'store-2' },
      after: { role: 'cashier', storeId: 'store-3' },
      sessionsRevoked: true,
    });
  });

  it('makes a cashier a manager (the store goes), and refuses a cashier without a store', async () => {
    const c = await newCashier('store-4');
    const promoted = await manager().patch(`/users/${c.id}`, { role: 'manager' });
    expect(promoted.status).toBe(200);
    expect(promoted.body.role).toBe('manager');
    expect(promoted.body.storeId).toBeUndefined();
    const asManager = await login(c.username, c.password);
    expect((await api.withToken(asManager.body.token).get('/users')).status).toBe(200);
    const noStore = await manager().patch(`/users/${c.id}`, { role: 'cashier' });
    problem(noStore, 400);
    expect(noStore.body.errors).toContainEqual(expect.objectContaining({ path: 'body.storeId' }));
    problem(await manager().patch(`/users/${c.id}`, { role: 'cashier', storeId: 'warehouse' }), 400);
  });

  it('renames without signing anyone out', async () => {
    const c = await newCashier();
    expect((await manager().patch(`/users/${c.id}`, { displayName: 'Jeanne Caron' })).body.displayName).toBe(
      'Jeanne Caron',
    );
    await afterCache();
    expect((await api.withToken(c.used.token).get('/me')).body.displayName).toBe('Jeanne Caron');
  });
});

describe('passwords', () => {
  it('a manager resets one: the old password and every session end, the username lock is lifted', async () => {
    const c = await newCashier();
    for (let i = 0; i < 5; i++) await login(c.username, `not-it-${i}-password`);
    problem(await login(c.username, c.password), 429, 'too-many-login-attempts');

    problem(await manager().post(`/users/${c.id}/password`, { password: 'short' }), 400);
    const reset = await manager().post(`/users/${c.id}/password`, { password: 'a-brand-new-pass-7' });
    expect(reset.status).toBe(204);
    problem(await api.anon.post('/auth/refresh', { refreshToken: c.used.refreshToken }), 401);
    problem(await api.withToken(c.unused.token).get('/me'), 401);
    problem(await login(c.username, c.password), 401, 'invalid-credentials');
    expect((await login(c.username, 'a-brand-new-pass-7')).status).toBe(200);

    const [event] = (await auditOf(c.id)).filter((d) => d.action === 'password-reset');
    expect(event).toMatchObject({
      fields: ['password'],
      sessionsRevoked: true,
      actor: { username: 'manager' },
    });
    expect(JSON.stringify(event)).not.toMatch(/a-brand-new-pass-7|scrypt/);
    for (const who of ['cashier1', 'ops'])
      problem(await api.as(who).post(`/users/${c.id}/password`, { password: 'another-pass-1234' }), 403);
  });

  it('a user changes their own with the current one: a new session, every other one ended', async () => {
    const c = await newCashier();
    const wrong = await api.withToken(c.used.token).post('/me/password', {
      currentPassword: 'not-the-password',
      newPassword: 'my-own-new-pass-1',
    });
    problem(wrong, 400);
    expect(wrong.body.errors).toContainEqual(expect.objectContaining({ path: 'body.currentPassword' }));
    const weak = await api
      .withToken(c.used.token)
      .post('/me/password', { currentPassword: c.password, newPassword: 'qwertyuiop' });
    problem(weak, 400);
    expect(weak.body.errors).toContainEqual(expect.objectContaining({ path: 'body.newPassword' }));

    const changed = await api
      .withToken(c.used.token)
      .post('/me/password', { currentPassword: c.password, newPassword: 'my-own-new-pass-1' });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('cache-control')).toBe('no-store');
    expect(changed.body.user.username).toBe(c.username);
    // The answer is a working session; the others are over.
    expect((await api.withToken(changed.body.token).get('/me')).status).toBe(200);
    expect((await api.anon.post('/auth/refresh', { refreshToken: changed.body.refreshToken })).status).toBe(
      200,
    );
    problem(await api.anon.post('/auth/refresh', { refreshToken: c.unused.refreshToken }), 401);
    problem(await api.withToken(c.unused.token).get('/me'), 401);
    await afterCache();
    problem(await api.withToken(c.used.token).get('/me'), 401);
    problem(await login(c.username, c.password), 401);
    expect((await login(c.username, 'my-own-new-pass-1')).status).toBe(200);
    const [event] = (await auditOf(c.id)).filter((d) => d.action === 'password-changed');
    expect(event).toMatchObject({ actor: { userId: c.id, username: c.username }, sessionsRevoked: true });
  });

  it('guessing the current password with a stolen token is throttled like a sign-in', async () => {
    const c = await newCashier();
    const guess = (i: number) =>
      api.withToken(c.used.token).post('/me/password', {
        currentPassword: `guess-number-${i}`,
        newPassword: 'my-own-new-pass-2',
      });
    for (let i = 0; i < 5; i++) expect((await guess(i)).status).toBe(400);
    const locked = await guess(5);
    problem(locked, 429, 'too-many-login-attempts');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
