import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword, startTestRuntime, type TestRuntime } from '../support/runtime.ts';

/**
 * Login that cannot starve the tills (issue 10): per client address (API Gateway's
 * `requestContext.http.sourceIp`, which the local gateway sets from the connection) at most
 * LOGIN_ADDRESS_MAX_FAILURES failed attempts per window (6 per 10 minutes here; 30 per 5 minutes by
 * default), then 429 + Retry-After; and scrypt runs on a bounded queue (1 at a time, 2 waiting here),
 * past which a sign-in gets 503 + Retry-After instead of piling up on the thread pool.
 * Requests are sent from distinct loopback addresses (all of 127/8 is loopback on Linux).
 */
process.env.LOGIN_ADDRESS_MAX_FAILURES = '6';
const windowSeconds = 600;
process.env.LOGIN_ADDRESS_WINDOW_SECONDS = String(windowSeconds);
process.env.PASSWORD_HASH_CONCURRENCY = '1';
process.env.PASSWORD_HASH_QUEUE = '2';

let api: TestRuntime;
beforeAll(async () => {
  api = await startTestRuntime();
});
afterAll(() => api.stop());

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: any;
}

/** POST /auth/login from `from` (a loopback address). */
function loginFrom(from: string, username: string, password: string): Promise<Answer> {
  const url = new URL('/auth/login', api.url);
  const body = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress: from,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const unknown = () => `nobody-${randomUUID().slice(0, 8)}`;

/** Windows are fixed (epoch-aligned): a test that counts in one waits for a new one if this one is ending. */
async function windowWithRoom(seconds = 30): Promise<void> {
  const ms = windowSeconds * 1000;
  const left = ms - (Date.now() % ms);
  if (left < seconds * 1000) await new Promise((r) => setTimeout(r, left + 100));
}

describe('throttling per client address', () => {
  it('refuses an address after its failures (429 + Retry-After), even a right password, and only that address', async () => {
    await windowWithRoom();
    const from = '127.0.0.7';
    // Each attempt on a new unknown username: the per-username lock never sees more than one.
    for (let i = 0; i < 6; i++)
      expect((await loginFrom(from, unknown(), 'wrong-password-1')).status).toBe(401);
    const refused = await loginFrom(from, unknown(), 'wrong-password-1');
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.code).toBe('too-many-login-attempts');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
    expect(refused.body.retryAfterSeconds).toBe(retryAfter);
    expect((await loginFrom(from, 'cashier1', demoPassword)).status).toBe(429);
    // Another address is not concerned.
    expect((await loginFrom('127.0.0.8', 'cashier1', demoPassword)).status).toBe(200);
  });

  it('does not count successful sign-ins: the tills of a shop behind one address keep signing in', async () => {
    await windowWithRoom();
    const from = '127.0.0.9';
    for (let i = 0; i < 5; i++)
      expect((await loginFrom(from, unknown(), 'wrong-password-1')).status).toBe(401);
    for (const username of ['cashier1', 'cashier2', 'cashier3', 'cashier1', 'cashier2', 'cashier3'])
      expect((await loginFrom(from, username, demoPassword)).status).toBe(200);
    // The sixth failure fills the window; the seventh attempt is refused.
    expect((await loginFrom(from, unknown(), 'wrong-password-1')).status).toBe(401);
    expect((await loginFrom(from, 'cashier1', demoPassword)).status).toBe(429);
  });
});

describe('the bounded hashing queue', () => {
  it('answers a burst it cannot queue with 503 + Retry-After, never a 500, and serves the rest', async () => {
    const burst = await Promise.all(
      Array.from({ length: 12 }, (_, i) => loginFrom(`127.0.1.${i + 1}`, unknown(), 'wrong-password-1')),
    );
    const statuses = burst.map((a) => a.status);
    expect(
      statuses.every((s) => s === 401 || s === 503),
      statuses.join(),
    ).toBe(true);
    // 1 hashing and 2 waiting: at least 3 were checked, and most of the 12 refused at once.
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(3);
    const busy = burst.filter((a) => a.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    for (const a of busy) {
      expect(a.body.code).toBe('login-busy');
      expect(a.headers['retry-after']).toBe('1');
    }
    // Once the burst is over, sign-ins work again.
    expect((await loginFrom('127.0.1.99', 'manager', demoPassword)).status).toBe(200);
  });
});
