import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Product } from '#domain/catalog/product.ts';
import { securityHeaders } from '#infra/spec/security-headers.ts';
import { startRuntime } from '#local/runtime.ts';
import type { ApiResponse, TestRuntime } from '../support/runtime.ts';
import { startTestRuntime, testClientsFor } from '../support/runtime.ts';

// process.env is global and every runtime sets it: each describe starts and stops its own, one at a time.

function expectProblem(res: ApiResponse, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
}

describe('local gateway', () => {
  let api: TestRuntime;
  beforeAll(async () => {
    api = await startTestRuntime();
  });
  afterAll(() => api.stop());

  it('echoes the x-correlation-id it is sent', async () => {
    const res = await api.anon.get('/health', { headers: { 'x-correlation-id': 'till-7:sale-0042' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-correlation-id')).toBe('till-7:sale-0042');
  });

  it('echoes it on a refusal too', async () => {
    const res = await api.anon.get('/products?limit=0', { headers: { 'x-correlation-id': 'bad-limit-1' } });
    expectProblem(res, 400);
    expect(res.headers.get('x-correlation-id')).toBe('bad-limit-1');
  });

  it('makes a new correlation id for each request that brings none', async () => {
    // Act
    const [a, b] = await Promise.all([api.anon.get('/health'), api.anon.get('/products/coffee')]);
    // Assess
    const ids = [a.headers.get('x-correlation-id'), b.headers.get('x-correlation-id')];
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9._:-]{8,128}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('replaces a correlation id that is not safe to log', async () => {
    const sent = 'evil\tid with spaces';
    const res = await api.anon.get('/health', { headers: { 'x-correlation-id': sent } });
    expect(res.headers.get('x-correlation-id')).not.toBe(sent);
    expect(res.headers.get('x-correlation-id')).toMatch(/^[A-Za-z0-9._:-]{8,128}$/);
  });

  it('answers an unknown path with a 404 problem', async () => {
    expectProblem(await api.anon.get('/no/such/route'), 404);
  });

  it('answers a known path with a wrong method with a 405 problem', async () => {
    expectProblem(await api.anon.delete('/products'), 405);
    expectProblem(await api.anon.post('/health', {}), 405);
  });

  it('answers a path parameter that is not valid percent-encoded UTF-8 with a 400 problem naming it', async () => {
    for (const bad of ['%zz', '%C0%AF', '%E0%A4%A']) {
      const res = await api.anon.get(`/products/${bad}`);
      expectProblem(res, 400);
      expect(res.body.errors).toEqual([{ path: 'path.productId', message: 'malformed percent-encoding' }]);
    }
  });

  it('answers a URL longer than the HTTP parser takes with a 431 problem', async () => {
    expectProblem(await api.anon.get(`/products?q=${'a'.repeat(20_000)}`), 431);
  });

  it.each([
    ['an API answer', '/health'],
    ['a problem', '/no/such/route'],
    ['a web page', '/'],
    ['a web asset', '/web/styles.css'],
    ['a refusal of the HTTP parser', `/products?q=${'a'.repeat(20_000)}`],
  ])(
    'sends the security headers of infra/spec/security-headers.ts on %s, and no HSTS over plain HTTP',
    async (_what, path) => {
      const res = await api.anon.get(path);
      for (const [name, value] of Object.entries(securityHeaders)) expect(res.headers.get(name)).toBe(value);
      expect(res.headers.get('strict-transport-security')).toBeNull();
    },
  );

  /** Writes `request` on a new connection; resolves with what came back when the server closed it (or after 200 ms of quiet, `open`). */
  function exchange(request: Buffer | string): Promise<{ text: string; closedByServer: boolean }> {
    return new Promise((resolve, reject) => {
      const socket = connect(Number(new URL(api.url).port), '127.0.0.1');
      let text = '';
      let quiet: NodeJS.Timeout | undefined;
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        text += chunk;
        clearTimeout(quiet);
        // Still open once an answer came and nothing else arrives: the server kept the connection.
        quiet = setTimeout(() => {
          socket.destroy();
          resolve({ text, closedByServer: false });
        }, 500);
      });
      socket.on('close', () => {
        clearTimeout(quiet);
        resolve({ text, closedByServer: true });
      });
      socket.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' ? undefined : reject(e)));
      socket.write(request);
    });
  }

  const head = (length: number | 'chunked') =>
    `POST /products HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\nconnection: keep-alive\r\n` +
    (length === 'chunked' ? 'transfer-encoding: chunked\r\n' : `content-length: ${length}\r\n`) +
    '\r\n';

  it('answers a body over 1 MiB with a 413 problem and closes the connection, so nothing after it is mistaken for the body', async () => {
    // Prepare: 2 MiB of body, then a second request on the same keep-alive connection
    const body = Buffer.alloc(2 * 1024 * 1024, 'a');
    const next = 'GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n';
    // Act
    const { text, closedByServer } = await exchange(
      Buffer.concat([Buffer.from(head(body.length)), body, Buffer.from(next)]),
    );
    // Assess: one answer, the 413, and the connection closed by the server
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(text).toMatch(/\r\nconnection: close\r\n/i);
    expect(text).toContain('"payload-too-large"');
    expect(text.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    expect(closedByServer).toBe(true);
    // …and the next request, on a new connection, is answered
    expect((await api.anon.get('/health')).status).toBe(200);
  });

  it('does the same for a chunked body over 1 MiB', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'b');
    const chunks = Array.from({ length: 20 }, () =>
      Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]),
    );
    const { text, closedByServer } = await exchange(
      Buffer.concat([Buffer.from(head('chunked')), ...chunks, Buffer.from('0\r\n\r\n')]),
    );
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(closedByServer).toBe(true);
    expect((await api.anon.get('/health')).status).toBe(200);
  });

  it('keeps the connection open after an ordinary refusal (a 401 whose body was read), and answers the next request on it', async () => {
    const bad = '{"sku":';
    const next = 'GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n';
    const { text, closedByServer } = await exchange(`${head(bad.length)}${bad}${next}`);
    expect(text.match(/HTTP\/1\.1 \d{3}/g)).toEqual(['HTTP/1.1 401', 'HTTP/1.1 200']);
    expect(closedByServer).toBe(false);
  });
});

describe('local runtime with a data folder', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'comptoir-runtime-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  /** What a start printed on stderr about its recovery jobs (run at start, on the fresh folder's credentials). */
  async function startAndRecover() {
    const stderr = vi.spyOn(process.stderr, 'write');
    try {
      const api = testClientsFor(await startRuntime({ port: 0, dataDir }));
      await api.runtime.recovered;
      const printed = stderr.mock.calls.map(([chunk]) => String(chunk));
      return { api, recoveryLines: printed.filter((line) => line.includes('recovery at start')) };
    } finally {
      stderr.mockRestore();
    }
  }

  it('keeps what users changed across a restart, and loads the demo data only once', async () => {
    // Prepare: a first start loads the demo data (its recovery jobs run without a failure, as
    // `npm start` on a fresh folder must); a manager adds a product and changes a price
    const { api: first, recoveryLines } = await startAndRecover();
    let created: Product;
    try {
      expect(recoveryLines).toEqual([]);
      expect(first.runtime.seeded?.seeded).toBe(true);
      const res = await first.as('manager').post<Product>('/products', {
        sku: 'PERSIST-1',
        name: 'Brioche Pérenne',
        category: 'boulangerie',
        priceCents: 380,
      });
      expect(res.status).toBe(201);
      created = res.body;
      expect((await first.as('manager').patch('/products/coffee', { priceCents: 209 })).status).toBe(200);
    } finally {
      await first.stop();
    }

    // Act: start again on the same folder
    const { api: second, recoveryLines: again } = await startAndRecover();
    try {
      // Assess
      expect(again).toEqual([]);
      expect(second.runtime.seeded?.seeded).toBe(false);
      expect((await second.anon.get<Product>(`/products/${created.id}`)).body).toEqual(created);
      const found = await second.anon.get<{ items: Product[] }>('/products?q=perenne');
      expect(found.body.items.map((p) => p.id)).toEqual([created.id]);
      expect((await second.anon.get<Product>('/products/coffee')).body.priceCents).toBe(209);
      const timbits = await second.anon.get<{ items: Product[] }>('/products?q=CPT-PAT-0001');
      expect(timbits.body.items.filter((p) => p.sku === 'CPT-PAT-0001')).toHaveLength(1);
      const all = await second.anon.get<{ items: Product[]; nextCursor?: string }>('/products?limit=100');
      expect(all.body.items).toHaveLength(first.runtime.seeded!.products + 1);
    } finally {
      await second.stop();
    }
  });
});
