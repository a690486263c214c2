import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword, startTestRuntime, type ApiResponse, type TestRuntime } from '../support/runtime.ts';

// A 3-second first lock so that the lockout can be seen to end (the default is a minute); long enough that
// the attempt after the fifth failure still meets it on a busy machine (a check takes one scrypt).
process.env.LOGIN_LOCK_SECONDS = '3';

let api: TestRuntime;
beforeAll(async () => {
  api = await startTestRuntime();
});
afterAll(() => api.stop());

const login = (username: string, password: string) => api.anon.post('/auth/login', { username, password });

/** The current signing key and its id, read the way the handlers read them: through the local Secrets Manager. */
async function signingKey(): Promise<{ kid: string; key: Uint8Array }> {
  const client = new SecretsManagerClient({});
  const out = await client.send(new GetSecretValueCommand({ SecretId: process.env.JWT_SECRET_ARN }));
  client.destroy();
  const { current } = JSON.parse(out.SecretString!) as { current: { kid: string; key: string } };
  return { kid: current.kid, key: new TextEncoder().encode(current.key) };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

function expectNoSecrets(res: ApiResponse): void {
  const text = JSON.stringify(res.body);
  expect(text).not.toMatch(/passwordHash|scrypt\$|comptoir-demo/);
}

describe('login', () => {
  it.each([
    ['manager', 'manager', undefined],
    ['ops', 'ops', undefined],
    ['customer', 'customer', undefined],
    ['cashier1', 'cashier', 'store-1'],
    ['cashier5', 'cashier', 'store-5'],
  ])('signs %s in with the demo password', async (username, role, storeId) => {
    const res = await login(username, demoPassword);
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ username, role });
    expect(res.body.user.storeId).toBe(storeId);
    const claims = decode(res.body.token.split('.')[1]);
    expect(claims).toMatchObject({
      sub: res.body.user.id,
      role,
      username,
      iss: 'comptoir',
      aud: 'comptoir-api',
    });
    const header = decode(res.body.token.split('.')[0]);
    expect(header.alg).toBe('HS256');
    // The key id of the signing key, so keys can rotate.
    expect(header.kid).toMatch(/^k-\d{8}-[0-9a-f]{6}$/);
    // A 15-minute token, and `expiresAt` is its expiry; the session lasts 12 hours through refreshes.
    expect(claims.exp - claims.iat).toBe(900);
    expect(Date.parse(res.body.expiresAt)).toBe(claims.exp * 1000);
    expect(res.body.refreshToken).toMatch(/^[\w-]{16}\.[\w-]{43}$/);
    expect(Date.parse(res.body.refreshExpiresAt) - Date.now()).toBeGreaterThan(11.9 * 3600_000);
    expectNoSecrets(res);
  });

  it('finds the username without case', async () => {
    const res = await login('CASHIER2', demoPassword);
    expect(res.status).toBe(200);
    expect(res.body.user.username).toBe('cashier2');
  });

  it('answers a wrong password and an unknown user with the same 401', async () => {
    const wrong = await login('ops', 'not-the-password');
    const unknown = await login('nobody-here', 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body.code).toBe('invalid-credentials');
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
    expect(unknown.headers.get('www-authenticate')).toBe(wrong.headers.get('www-authenticate'));
  });

  it('refuses a malformed login body with 400', async () => {
    const res = await api.anon.post('/auth/login', { username: 'manager' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ path: 'body.password' }));
  });
});

describe('login throttling', () => {
  async function failFiveTimes(username: string) {
    for (let i = 0; i < 5; i++) expect((await login(username, `wrong-password-${i}`)).status).toBe(401);
  }

  it('locks a username after five failures (429 + retry-after, even with the right password), then lets it in', async () => {
    const username = 'lock-me';
    const password = 'lock-me-password-1';
    expect(
      (await api.anon.post('/auth/register', { username, password, email: 'lock-me@example.com' })).status,
    ).toBe(201);
    await failFiveTimes(username);

    const locked = await login(username, password);
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('too-many-login-attempts');
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(locked.body.retryAfterSeconds).toBe(retryAfter);

    await new Promise((r) => setTimeout(r, retryAfter * 1000 + 100));
    const after = await login(username, password);
    expect(after.status).toBe(200);
    // A success clears the count: the next wrong password is a plain 401 again.
    expect((await login(username, 'wrong-again-1')).status).toBe(401);
  });

  it('locks unknown usernames the same way, so a lock does not reveal who exists', async () => {
    await failFiveTimes('ghost-user');
    const res = await login('ghost-user', 'anything-at-all');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).not.toBeNull();
  });

  it('does not lock other usernames', async () => {
    await failFiveTimes('someone-locked');
    expect((await login('cashier3', demoPassword)).status).toBe(200);
  });
});

describe('register', () => {
  it('creates a customer (201) who can sign in and read /me', async () => {
    const res = await api.anon.post('/auth/register', {
      username: 'Juliette',
      password: 'juliette-pw-2026',
      email: 'Juliette@Example.com',
      displayName: 'Juliette Morin',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ username: 'Juliette', role: 'customer', displayName: 'Juliette Morin' });
    expect(res.body.storeId).toBeUndefined();
    expectNoSecrets(res);

    const signedIn = await login('juliette', 'juliette-pw-2026');
    expect(signedIn.status).toBe(200);
    const me = await api.withToken(signedIn.body.token).get('/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: res.body.id, username: 'Juliette', role: 'customer' });
  });

  it('makes customers only: a role or a store in the body is refused', async () => {
    for (const extra of [{ role: 'manager' }, { storeId: 'store-1' }]) {
      const res = await api.anon.post('/auth/register', {
        username: 'wannabe',
        password: 'wannabe-password',
        email: 'wannabe@example.com',
        ...extra,
      });
      expect(res.status).toBe(400);
    }
    expect((await login('wannabe', 'wannabe-password')).status).toBe(401);
  });

  it('refuses a username taken in any case and an email taken in any case (409)', async () => {
    const first = { username: 'marc-andre', password: 'marc-andre-pw-1', email: 'marc@example.com' };
    expect((await api.anon.post('/auth/register', first)).status).toBe(201);

    const sameName = await api.anon.post('/auth/register', {
      ...first,
      username: 'MARC-Andre',
      email: 'x@example.com',
    });
    expect(sameName.status).toBe(409);
    expect(sameName.body.code).toBe('duplicate-username');

    const sameEmail = await api.anon.post('/auth/register', {
      ...first,
      username: 'marc2',
      email: 'MARC@example.COM',
    });
    expect(sameEmail.status).toBe(409);
    expect(sameEmail.body.code).toBe('duplicate-email');

    // The refused attempts left nothing behind: their username is still free.
    expect(
      (await api.anon.post('/auth/register', { ...first, username: 'marc2', email: 'marc2@example.com' }))
        .status,
    ).toBe(201);
  });

  it.each([
    ['too short', 'short-1'],
    ['the username', 'Password-Tester'],
    ['a common password', 'qwertyuiop'],
  ])('refuses a password that is %s (400 naming the field)', async (_, password) => {
    const res = await api.anon.post('/auth/register', {
      username: 'password-tester',
      password,
      email: 'pt@example.com',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ path: 'body.password' }));
  });

  it('refuses a bad username or email (400 naming the field)', async () => {
    const badName = await api.anon.post('/auth/register', {
      username: 'a b',
      password: 'good-password-1',
      email: 'ab@example.com',
    });
    expect(badName.body.errors).toContainEqual(expect.objectContaining({ path: 'body.username' }));
    const badEmail = await api.anon.post('/auth/register', {
      username: 'abc',
      password: 'good-password-1',
      email: 'abc',
    });
    expect(badEmail.body.errors).toContainEqual(expect.objectContaining({ path: 'body.email' }));
  });
});

describe('GET /me', () => {
  it('answers the signed-in user, never the hash', async () => {
    const res = await api.as('cashier4').get('/me');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ username: 'cashier4', role: 'cashier', storeId: 'store-4' });
    expectNoSecrets(res);
  });

  it('answers 401 with a Bearer challenge without a token', async () => {
    const res = await api.anon.get('/me');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('users, for managers', () => {
  it('creates a cashier bound to a store, who signs in with that store in the token', async () => {
    const res = await api.as('manager').post('/users', {
      username: 'new-cashier',
      password: 'new-cashier-pw',
      role: 'cashier',
      storeId: 'store-2',
      displayName: 'Nouvelle Caissière',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ username: 'new-cashier', role: 'cashier', storeId: 'store-2' });
    expectNoSecrets(res);
    const signedIn = await login('new-cashier', 'new-cashier-pw');
    expect(signedIn.body.user).toMatchObject({ role: 'cashier', storeId: 'store-2' });
    expect((await api.withToken(signedIn.body.token).get('/locations/store-2/stock')).status).toBe(200);
    expect((await api.withToken(signedIn.body.token).get('/locations/store-1/stock')).status).toBe(403);
  });

  it('creates staff of every role and customers', async () => {
    for (const role of ['manager', 'ops', 'customer'] as const) {
      const res = await api.as('manager').post('/users', {
        username: `new-${role}`,
        password: `new-${role}-password`,
        role,
      });
      expect(res.status, role).toBe(201);
      expect(res.body.role).toBe(role);
    }
  });

  it('keeps stores for cashiers only (400)', async () => {
    const noStore = await api
      .as('manager')
      .post('/users', { username: 'c-no-store', password: 'some-password-1', role: 'cashier' });
    expect(noStore.status).toBe(400);
    expect(noStore.body.errors).toContainEqual(expect.objectContaining({ path: 'body.storeId' }));
    const managerWithStore = await api.as('manager').post('/users', {
      username: 'm-store',
      password: 'some-password-1',
      role: 'manager',
      storeId: 'store-1',
    });
    expect(managerWithStore.status).toBe(400);
    const warehouseCashier = await api.as('manager').post('/users', {
      username: 'c-wh',
      password: 'some-password-1',
      role: 'cashier',
      storeId: 'warehouse',
    });
    expect(warehouseCashier.status).toBe(400);
  });

  it('is for managers only', async () => {
    const body = { username: 'sneaky', password: 'sneaky-password', role: 'manager' };
    expect((await api.anon.post('/users', body)).status).toBe(401);
    for (const who of ['customer', 'cashier1', 'ops'])
      expect((await api.as(who).post('/users', body)).status, who).toBe(403);
    expect((await api.as('ops').get('/users')).status).toBe(403);
    expect((await login('sneaky', 'sneaky-password')).status).toBe(401);
  });

  it('lists every user page by page, by username, without password hashes', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await api
        .as('manager')
        .get(`/users?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(3);
      expectNoSecrets(res);
      for (const u of res.body.items) expect(Object.keys(u).sort()).not.toContain('passwordHash');
      seen.push(...res.body.items.map((u: { username: string }) => u.username));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(['manager', 'ops', 'customer', 'cashier1', 'cashier5']));
    expect(seen).toEqual([...seen].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
  });

  it('refuses a cursor it did not make (400)', async () => {
    const res = await api.as('manager').get('/users?cursor=bm90LWEtY3Vyc29y');
    expect(res.status).toBe(400);
  });
});

describe('tokens', () => {
  async function customerToken(): Promise<string> {
    return (await login('customer', demoPassword)).body.token;
  }

  it('refuses a token whose payload was changed (role raised to manager)', async () => {
    const [header, payload, signature] = (await customerToken()).split('.');
    const forged = `${header}.${b64({ ...decode(payload!), role: 'manager' })}.${signature}`;
    expect((await api.withToken(forged).get('/users')).status).toBe(401);
    expect((await api.withToken(forged).get('/me')).status).toBe(401);
  });

  it('refuses a token signed with another key', async () => {
    const [header, payload] = (await customerToken()).split('.');
    const other = await new SignJWT(decode(payload!))
      .setProtectedHeader(decode(header!))
      .sign(new TextEncoder().encode('a-different-key-of-enough-length-0123456789'));
    expect((await api.withToken(other).get('/me')).status).toBe(401);
  });

  it('refuses an unsigned token (alg none)', async () => {
    const payload = (await customerToken()).split('.')[1];
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`;
    expect((await api.withToken(none).get('/me')).status).toBe(401);
  });

  it('refuses an expired token, and accepts the same claims when unexpired', async () => {
    const { kid, key } = await signingKey();
    const make = (exp: number) =>
      new SignJWT({ username: 'manager', role: 'manager', ver: 0 })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid })
        .setSubject('usr_manager')
        .setIssuer('comptoir')
        .setAudience('comptoir-api')
        .setIssuedAt(exp - 900)
        .setExpirationTime(exp)
        .sign(key);
    const now = Math.floor(Date.now() / 1000);
    expect((await api.withToken(await make(now - 5)).get('/users')).status).toBe(401);
    expect((await api.withToken(await make(now + 600)).get('/users')).status).toBe(200);
  });

  it('refuses a correctly signed token without a key id, with an unknown key id or without a token version', async () => {
    const { kid, key } = await signingKey();
    const base = (claims: Record<string, unknown>, header: Record<string, unknown>) =>
      new SignJWT({ username: 'manager', role: 'manager', ...claims })
        .setProtectedHeader({ alg: 'HS256', ...header })
        .setSubject('usr_manager')
        .setIssuer('comptoir')
        .setAudience('comptoir-api')
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(key);
    for (const token of [
      await base({ ver: 0 }, {}),
      await base({ ver: 0 }, { kid: 'k-19990101-000000' }),
      await base({}, { kid }),
      await base({ ver: 7 }, { kid }),
    ])
      expect((await api.withToken(token).get('/users')).status).toBe(401);
  });

  it('refuses a correctly signed token for another audience or with an unknown role', async () => {
    const { kid, key } = await signingKey();
    const base = () =>
      new SignJWT({ username: 'manager', role: 'manager', ver: 0 })
        .setProtectedHeader({ alg: 'HS256', kid })
        .setSubject('usr_manager')
        .setIssuer('comptoir')
        .setIssuedAt()
        .setExpirationTime('10m');
    const otherAudience = await base().setAudience('another-api').sign(key);
    const admin = await new SignJWT({ username: 'manager', role: 'admin', ver: 0 })
      .setProtectedHeader({ alg: 'HS256', kid })
      .setSubject('usr_manager')
      .setIssuer('comptoir')
      .setAudience('comptoir-api')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(key);
    for (const token of [otherAudience, admin])
      expect((await api.withToken(token).get('/me')).status).toBe(401);
  });

  it('refuses a token sent without the Bearer scheme', async () => {
    const token = await customerToken();
    const res = await api.anon.get('/me', { headers: { authorization: token } });
    expect(res.status).toBe(401);
  });
});
