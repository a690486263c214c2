import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { request as httpGet } from 'node:http';
import { request } from 'node:https';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateTls } from '#local/tls.ts';
import { demoPassword, startTestRuntime, type TestRuntime } from '../support/runtime.ts';

/**
 * `npm start` on the shop's network (issue 15): the runtime listens on a LAN address with HTTPS
 * from the local CA made at first start (kept in its folder, keys mode 0600), and a tablet that
 * trusts that CA — and nothing else — signs in, opens its till and completes a sale; plain HTTP
 * redirects to HTTPS and offers the CA certificate.
 */
// The machine's first non-loopback IPv4 address, as a tablet on the Wi-Fi would reach it (a
// machine without one — no network at all — is tested on 127.0.0.1, the same code path).
const lan =
  Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address ?? '127.0.0.1';

let api: TestRuntime;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'comptoir-tls-'));
  api = await startTestRuntime({ runtime: { host: lan, tls: { dir, httpPort: 0 } } });
});
afterAll(async () => {
  await api?.stop();
  await rm(dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** An HTTPS request that trusts the local CA only (`ca` replaces the system's trust store). */
function https(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const req = request(
      `${api.url}${path}`,
      {
        method,
        ca: api.runtime.tls!.caCert,
        headers: { 'content-type': 'application/json', ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const plainGet = (url: string) =>
  new Promise<Answer>((resolve, reject) => {
    httpGet(url, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    })
      .on('error', reject)
      .end();
  });

describe('the runtime over HTTPS on a LAN address', () => {
  it('completes a sale with the generated CA as the only trust anchor', async () => {
    expect(api.url).toMatch(new RegExp(`^https://${lan.replace(/\./g, '\\.')}:\\d+$`));
    const login = await https('POST', '/auth/login', { username: 'cashier1', password: demoPassword });
    expect(login.status, login.body).toBe(200);
    expect(login.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    const auth = { authorization: `Bearer ${(JSON.parse(login.body) as { token: string }).token}` };
    const till = `till-${randomUUID().slice(0, 6)}`;
    const opened = await https(
      'POST',
      `/locations/store-1/registers/${till}/sessions`,
      { floatCents: 5_000 },
      { ...auth, 'idempotency-key': randomUUID() },
    );
    expect(opened.status, opened.body).toBe(201);
    const sale = await https(
      'POST',
      '/locations/store-1/sales',
      { lines: [{ productId: 'coffee', quantity: 1 }], payment: { method: 'cash' }, registerId: till },
      { ...auth, 'idempotency-key': randomUUID() },
    );
    expect(sale.status, sale.body).toBe(201);
    expect(JSON.parse(sale.body)).toMatchObject({ status: 'confirmed', registerId: till });
  });

  it('is refused by a client that does not trust the local CA', async () => {
    const refused = new Promise<Answer>((resolve, reject) =>
      request(`${api.url}/health`, (res) => resolve({ status: res.statusCode ?? 0, headers: {}, body: '' }))
        .on('error', reject)
        .end(),
    );
    await expect(refused).rejects.toThrow(/certificate/i);
  });

  it('redirects plain HTTP to HTTPS and offers the CA certificate there, for a tablet to install', async () => {
    const httpUrl = api.runtime.tls!.httpUrl!;
    const redirect = await plainGet(`${httpUrl}/web/pos/`);
    expect(redirect.status).toBe(308);
    expect(redirect.headers.location).toBe(`${api.url}/web/pos/`);
    const ca = await plainGet(`${httpUrl}/comptoir-ca.pem`);
    expect(ca.status).toBe(200);
    expect(ca.body).toBe(api.runtime.tls!.caCert);
    expect((await https('GET', '/comptoir-ca.pem')).body).toBe(api.runtime.tls!.caCert);
  });

  it('keeps the CA in its folder (private keys mode 0600) and reuses it at the next start', async () => {
    for (const key of ['ca-key.pem', 'server-key.pem'])
      expect((await stat(join(dir, key))).mode & 0o777, key).toBe(0o600);
    const again = await loadOrCreateTls(dir, ['localhost']);
    expect(again.caFingerprint).toBe(api.runtime.tls!.caFingerprint);
    expect(again.caCert).toBe(api.runtime.tls!.caCert);
  });
});
