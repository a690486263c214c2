import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword, startTestRuntime, type ApiResponse, type TestRuntime } from '../support/runtime.ts';

/**
 * Sessions that last a shift (issue 12): the access token is short (3 s here, 15 minutes by default)
 * and `POST /auth/refresh` trades the refresh token for a new pair until the session ends (8 s here,
 * 12 hours by default). Refresh tokens rotate: each works once; one that comes back later revokes
 * the session. Only their hash is stored.
 */
process.env.JWT_TTL_SECONDS = '3';
process.env.SESSION_TTL_SECONDS = '8';

let api: TestRuntime;
beforeAll(async () => {
  api = await startTestRuntime();
});
afterAll(() => api.stop());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const login = async (username = 'cashier1') => {
  const res = await api.anon.post('/auth/login', { username, password: demoPassword });
  expect(res.status).toBe(200);
  return res.body as { token: string; refreshToken: string; expiresAt: string; refreshExpiresAt: string };
};
const refresh = (refreshToken: string) => api.anon.post('/auth/refresh', { refreshToken });
const refused = (res: ApiResponse) => {
  expect(res.status, JSON.stringify(res.body)).toBe(401);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body.code).toBe('invalid-refresh-token');
};

describe('refresh', () => {
  it('keeps a till selling past the access token’s life', async () => {
    const session = await login('cashier1');
    expect(Date.parse(session.expiresAt) - Date.now()).toBeLessThanOrEqual(3000);
    await sleep(3200);
    const stale = await api.withToken(session.token).get('/me');
    expect(stale.status).toBe(401);

    const renewed = await refresh(session.refreshToken);
    expect(renewed.status).toBe(200);
    expect(renewed.headers.get('cache-control')).toBe('no-store');
    expect(renewed.body.user).toMatchObject({ username: 'cashier1', storeId: 'store-1' });
    expect(renewed.body.refreshToken).not.toBe(session.refreshToken);
    // The session's end does not move with refreshes.
    expect(renewed.body.refreshExpiresAt).toBe(session.refreshExpiresAt);
    const sale = await api
      .withToken(renewed.body.token)
      .post(
        '/locations/store-1/sales',
        { lines: [{ productId: 'donut', quantity: 1 }], payment: { method: 'cash' } },
        { idempotencyKey: randomUUID() },
      );
    expect(sale.status, JSON.stringify(sale.body)).toBe(201);
  });

  it('rotates: each refresh token works once; one that comes back later revokes the session', async () => {
    const first = await login('cashier2');
    const second = (await refresh(first.refreshToken)).body;
    const third = (await refresh(second.refreshToken)).body;
    expect(third.token).toBeDefined();
    // `first` is two rotations old: a copy of it is being used. The whole session ends, `third` too.
    refused(await refresh(first.refreshToken));
    refused(await refresh(third.refreshToken));
  });

  it('lets a client retry a refresh whose answer it lost (the token just replaced, for 30 s)', async () => {
    const first = await login('cashier3');
    const lost = await refresh(first.refreshToken);
    expect(lost.status).toBe(200);
    const retried = await refresh(first.refreshToken);
    expect(retried.status).toBe(200);
    // The retry's answer is the one that works from now on.
    const next = await refresh(retried.body.refreshToken);
    expect(next.status).toBe(200);
    expect((await api.withToken(next.body.token).get('/me')).status).toBe(200);
  });

  it('ends the session at its end, however often it was refreshed', async () => {
    const started = await login('cashier4');
    let token = started.refreshToken;
    while (Date.parse(started.refreshExpiresAt) - Date.now() > 1500) {
      const res = await refresh(token);
      expect(res.status).toBe(200);
      token = res.body.refreshToken;
      await sleep(1000);
    }
    await sleep(Math.max(0, Date.parse(started.refreshExpiresAt) - Date.now()) + 100);
    refused(await refresh(token));
  });

  it('refuses forged, malformed and unknown refresh tokens with 401, and bad bodies with 400', async () => {
    const real = await login('cashier5');
    const [id] = real.refreshToken.split('.');
    for (const token of ['', 'nope', `${id}.${'A'.repeat(43)}`, `${'B'.repeat(16)}.${'A'.repeat(43)}`, 'a.b'])
      refused(await refresh(token));
    // A forged secret on the real session id counts as a reuse: that session is over too.
    refused(await refresh(real.refreshToken));
    expect((await api.anon.post('/auth/refresh', {})).status).toBe(400);
    // An access token is no refresh token (and too long to be one).
    expect((await api.anon.post('/auth/refresh', { refreshToken: real.token })).status).toBe(400);
    expect((await api.anon.post('/auth/refresh', { refreshToken: 'x', extra: 1 })).status).toBe(400);
  });

  it('stores only a hash of the refresh token', async () => {
    const session = await login('ops');
    const [id, secret] = session.refreshToken.split('.');
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    const item = (
      await doc.send(
        new GetCommand({
          TableName: process.env.IDENTITY_TABLE,
          Key: { pk: `SESSION#${id}`, sk: 'SESSION' },
        }),
      )
    ).Item;
    doc.destroy();
    expect(item).toBeDefined();
    expect(item!.userId).toBe('usr_ops');
    expect(JSON.stringify(item)).not.toContain(secret);
    expect(item!.current).toMatch(/^[\w-]{43}$/);
  });
});
