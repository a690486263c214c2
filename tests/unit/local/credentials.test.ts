import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  credentialsEnvironment,
  credentialsFileName,
  loadOrCreateCredentials,
  newCredentials,
  readCredentials,
} from '#local/credentials.ts';

const variables = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_CREDENTIAL_EXPIRATION'] as const;

describe('the credentials the handlers’ SDK clients get from the runtime’s environment', () => {
  const saved = Object.fromEntries(variables.map((v) => [v, process.env[v]]));
  afterEach(() => {
    for (const v of variables) {
      if (saved[v] === undefined) delete process.env[v];
      else process.env[v] = saved[v];
    }
  });

  it('sign every one of many calls made at the same moment (the recovery jobs run at start do so)', async () => {
    // Prepare: the environment a runtime sets, and a client as a handler module makes it
    const credentials = newCredentials();
    delete process.env.AWS_CREDENTIAL_EXPIRATION;
    Object.assign(process.env, credentialsEnvironment(credentials));
    const client = new DynamoDBClient({ region: 'ca-central-1', endpoint: 'http://127.0.0.1:9' });
    const resolve = client.config.credentials;

    // Act: 200 callers, a few microtasks apart, each asking twice
    const resolved = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        for (let k = 0; k < i % 5; k++) await null;
        return [await resolve(), await resolve()];
      }),
    );
    client.destroy();

    // Assess: with an expiration in the past the SDK's provider chain answered half of them with nothing
    const ids = resolved.flat().map((c) => c?.accessKeyId);
    expect(ids).toHaveLength(400);
    expect(new Set(ids)).toEqual(new Set([credentials.accessKeyId]));
  });
});

describe('loadOrCreateCredentials: one set for all the runtimes of a process', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'comptoir-credentials-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('gives runtimes without a folder and new folders the set in use; refuses a folder with another set', () => {
    // Act: a runtime in memory, another, then a new data folder
    const inMemory = loadOrCreateCredentials(undefined);
    const again = loadOrCreateCredentials(undefined);
    const folder = join(root, 'new');
    const created = loadOrCreateCredentials(folder);

    // Assess: one set, written to the new folder for its private use
    expect(again).toEqual(inMemory);
    expect(created).toEqual(inMemory);
    expect(readCredentials(folder)).toEqual(inMemory);
    expect(statSync(join(folder, credentialsFileName)).mode & 0o777).toBe(0o600);
    expect(loadOrCreateCredentials(folder)).toEqual(inMemory);

    // A folder another process created holds its own set: this process's SDK clients could not use it
    const other = join(root, 'other');
    const theirs = newCredentials();
    loadOrCreateCredentials(other);
    writeFileSync(
      join(other, credentialsFileName),
      `[default]\naws_access_key_id = ${theirs.accessKeyId}\naws_secret_access_key = ${theirs.secretAccessKey}\n`,
    );
    expect(() => loadOrCreateCredentials(other)).toThrow(/other credentials/);
  });
});
