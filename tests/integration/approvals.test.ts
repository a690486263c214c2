import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword, startTestRuntime, type TestRuntime } from '../support/runtime.ts';

/**
 * A manager's approval at the till (issues 11 and 12): `POST /auth/approvals` takes a manager's
 * credentials typed at a cashier's till and answers a 5-minute token for one action at one store,
 * up to an amount. The password is checked as at sign-in, under the same throttles.
 */
process.env.LOGIN_LOCK_SECONDS = '2';
process.env.LOGIN_REFUSAL_DELAY_MS = '0';

let api: TestRuntime;
beforeAll(async () => {
  api = await startTestRuntime();
});
afterAll(() => api.stop());

const ask = (
  who: string,
  body: { username: string; password: string; action: string; storeId: string; amountCents?: number },
) => api.as(who).post('/auth/approvals', body);

/** A manager of our own, so that locking their username disturbs no other test. */
async function newManager(): Promise<{ id: string; username: string }> {
  const username = `mgr-${randomUUID().slice(0, 8)}`;
  const res = await api
    .as('manager')
    .post('/users', { username, password: demoPassword, role: 'manager', displayName: username });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id as string, username };
}

describe('POST /auth/approvals', () => {
  it("gives a cashier a manager's approval for one action at their store, for 5 minutes", async () => {
    const res = await ask('cashier1', {
      username: 'manager',
      password: demoPassword,
      action: 'return',
      storeId: 'store-1',
      amountCents: 7500,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({
      approvedBy: { username: 'manager', userId: expect.any(String) },
      action: 'return',
      storeId: 'store-1',
      amountCents: 7500,
    });
    const claims = JSON.parse(
      Buffer.from((res.body.approvalToken as string).split('.')[1]!, 'base64url').toString('utf8'),
    );
    expect(claims).toMatchObject({ aud: 'comptoir-approval', act: 'return', store: 'store-1', amt: 7500 });
    expect(claims.exp - claims.iat).toBe(300);
    expect(new Date(claims.exp * 1000).toISOString()).toBe(res.body.expiresAt);
    expect(JSON.stringify(claims)).not.toContain(demoPassword);
    // The token is an approval, not a way in: as a bearer token it is refused.
    expect((await api.withToken(res.body.approvalToken).get('/me')).status).toBe(401);
  });

  it('refuses the credentials of someone who is not a manager, even when right', async () => {
    const res = await ask('cashier1', {
      username: 'cashier1',
      password: demoPassword,
      action: 'return',
      storeId: 'store-1',
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('approver-not-allowed');
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('refuses a wrong password as a sign-in does, and never for another store', async () => {
    const wrong = await ask('cashier1', {
      username: 'manager',
      password: 'not-the-password',
      action: 'void',
      storeId: 'store-1',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('invalid-credentials');
    const elsewhere = await ask('cashier1', {
      username: 'manager',
      password: demoPassword,
      action: 'void',
      storeId: 'store-2',
    });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.code).toBe('forbidden');
    // A manager may ask for any store.
    const office = await ask('manager', {
      username: 'manager',
      password: demoPassword,
      action: 'void',
      storeId: 'store-2',
    });
    expect(office.status).toBe(200);
  });

  it("counts failures against the manager's username: a till cannot be used to guess a password", async () => {
    const boss = await newManager();
    const guess = () =>
      ask('cashier2', {
        username: boss.username,
        password: 'guess-guess',
        action: 'return',
        storeId: 'store-2',
      });
    for (let i = 0; i < 5; i++) expect((await guess()).status).toBe(401);
    const locked = await ask('cashier2', {
      username: boss.username,
      password: demoPassword,
      action: 'return',
      storeId: 'store-2',
    });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('too-many-login-attempts');
    expect(locked.headers.get('retry-after')).toEqual(expect.any(String));
    // The same lock as the sign-in's.
    const login = await api.anon.post('/auth/login', { username: boss.username, password: demoPassword });
    expect(login.status).toBe(429);
  });

  it('refuses a disabled manager', async () => {
    const boss = await newManager();
    const disabled = await api.as('manager').patch(`/users/${boss.id}`, { status: 'disabled' });
    expect(disabled.status).toBe(200);
    const res = await ask('cashier3', {
      username: boss.username,
      password: demoPassword,
      action: 'discount',
      storeId: 'store-3',
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('approver-not-allowed');
  });

  it('names the bad fields of a malformed request', async () => {
    const res = await api.as('cashier1').post('/auth/approvals', {
      username: 'manager',
      password: demoPassword,
      action: 'gift',
      storeId: 'store-1',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.action']);
  });
});
