import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime } from '#local/runtime.ts';
import { demoPassword, testClientsFor, type TestRuntime } from '../support/runtime.ts';

/**
 * Signing keys carry a key id and rotate with an overlap (issue 10). Locally the key file of the data
 * folder rotates at start when its current key is older than JWT_KEY_ROTATION_DAYS (30): the new key
 * signs, the replaced one still verifies the tokens it signed. Keys are read on every request here
 * (JWT_KEYS_CACHE_SECONDS=0) because the handler modules outlive the runtimes of this file.
 */
process.env.JWT_KEYS_CACHE_SECONDS = '0';

let dataDir: string;
let api: TestRuntime | undefined;
const keyFile = () => join(dataDir, 'jwt-secret');
const readKeys = () =>
  JSON.parse(readFileSync(keyFile(), 'utf8')) as {
    current: { kid: string; key: string; createdAt: string };
    previous?: { kid: string; key: string; createdAt: string };
  };
const kidOf = (token: string) =>
  (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as { kid: string }).kid;

async function restart(): Promise<TestRuntime> {
  await api?.stop();
  api = testClientsFor(await startRuntime({ port: 0, dataDir }));
  return api;
}

async function signIn(rt: TestRuntime, username = 'manager'): Promise<string> {
  const res = await rt.anon.post('/auth/login', { username, password: demoPassword });
  expect(res.status).toBe(200);
  return res.body.token as string;
}

/** Makes the current key look `days` old, as if the data folder had been left alone that long. */
function age(days: number): void {
  const keys = readKeys();
  keys.current.createdAt = new Date(Date.now() - days * 86_400_000).toISOString();
  writeFileSync(keyFile(), JSON.stringify(keys));
}

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'comptoir-keys-'));
});
afterAll(async () => {
  await api?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('signing key rotation (local runtime)', () => {
  it('keeps the keys in the data folder (mode 600) and the same key across a restart', async () => {
    let rt = await restart();
    const token = await signIn(rt);
    const keys = readKeys();
    expect(kidOf(token)).toBe(keys.current.kid);
    expect(keys.previous).toBeUndefined();
    expect(statSync(keyFile()).mode & 0o777).toBe(0o600);
    rt = await restart();
    expect(readKeys().current.kid).toBe(keys.current.kid);
    expect((await rt.withToken(token).get('/me')).status).toBe(200);
  });

  it('rotates an old key at start: new tokens use the new key, tokens of the old one stay valid', async () => {
    let rt = api!;
    const before = await signIn(rt);
    const oldKid = readKeys().current.kid;
    age(31);
    rt = await restart();
    const keys = readKeys();
    expect(keys.previous?.kid).toBe(oldKid);
    expect(keys.current.kid).not.toBe(oldKid);
    expect(statSync(keyFile()).mode & 0o777).toBe(0o600);
    // The overlap: a token signed before the rotation still works until it expires.
    expect((await rt.withToken(before).get('/me')).status).toBe(200);
    const after = await signIn(rt);
    expect(kidOf(after)).toBe(keys.current.kid);
    expect((await rt.withToken(after).get('/users')).status).toBe(200);

    // One more rotation drops the first key: its tokens are refused.
    age(31);
    rt = await restart();
    expect(readKeys().previous?.kid).toBe(keys.current.kid);
    expect((await rt.withToken(before).get('/me')).status).toBe(401);
    expect((await rt.withToken(after).get('/me')).status).toBe(200);
  });

  it('turns a key file from before key ids (a bare key) into a keyset with a new current key', async () => {
    await api?.stop();
    api = undefined;
    writeFileSync(keyFile(), `${'L'.repeat(64)}\n`, { mode: 0o600 });
    const rt = await restart();
    const keys = readKeys();
    expect(keys.previous).toEqual({ kid: 'legacy', key: 'L'.repeat(64) });
    expect(kidOf(await signIn(rt))).toBe(keys.current.kid);
  });
});
