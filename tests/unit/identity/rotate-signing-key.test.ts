import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseKeyset } from '#domain/identity/keyset.ts';
import { handler } from '#functions/identity/rotate-signing-key.ts';

/** Secrets Manager's rotation of the JWT secret, step by step, against a mocked Secrets Manager. */
const sm = mockClient(SecretsManagerClient);
const secretId = 'arn:aws:secretsmanager:ca-central-1:000000000000:secret:jwt';
const first = { kid: 'k-initial', key: 'f'.repeat(64) };
const event = (step: string) => ({ Step: step, SecretId: secretId, ClientRequestToken: 'v2' });
const notFound = () => new ResourceNotFoundException({ message: 'no such version', $metadata: {} });

function staged(stages: Record<string, string[]>, pending?: string) {
  sm.reset();
  sm.on(DescribeSecretCommand).resolves({ RotationEnabled: true, VersionIdsToStages: stages });
  sm.on(GetSecretValueCommand, { SecretId: secretId, VersionStage: 'AWSCURRENT' }).resolves({
    SecretString: JSON.stringify(first),
  });
  if (pending === undefined)
    sm.on(GetSecretValueCommand, { SecretId: secretId, VersionStage: 'AWSPENDING', VersionId: 'v2' }).rejects(
      notFound(),
    );
  else
    sm.on(GetSecretValueCommand, {
      SecretId: secretId,
      VersionStage: 'AWSPENDING',
      VersionId: 'v2',
    }).resolves({
      SecretString: pending,
    });
  sm.on(PutSecretValueCommand).resolves({});
  sm.on(UpdateSecretVersionStageCommand).resolves({});
}

beforeEach(() => staged({ v1: ['AWSCURRENT'], v2: ['AWSPENDING'] }));

describe('rotation of the token signing key', () => {
  it('createSecret: the pending version gets a new current key, the current one kept as previous', async () => {
    await handler(event('createSecret'));
    const put = sm.commandCalls(PutSecretValueCommand)[0]!.args[0].input;
    expect(put).toMatchObject({
      SecretId: secretId,
      ClientRequestToken: 'v2',
      VersionStages: ['AWSPENDING'],
    });
    const keyset = parseKeyset(put.SecretString!)!;
    expect(keyset.previous).toEqual(first);
    expect(keyset.current.kid).toMatch(/^k-\d{8}-[0-9a-f]{6}$/);
    expect(keyset.current.key).toHaveLength(64);
    expect(keyset.current.key).not.toBe(first.key);
  });

  it('createSecret run again (a retry) writes nothing more', async () => {
    staged(
      { v1: ['AWSCURRENT'], v2: ['AWSPENDING'] },
      JSON.stringify({ current: { kid: 'k-2', key: 'n'.repeat(64) }, previous: first }),
    );
    await handler(event('createSecret'));
    expect(sm.commandCalls(PutSecretValueCommand)).toHaveLength(0);
  });

  it('testSecret accepts a pending keyset that keeps the current key, and refuses one that lost it', async () => {
    staged(
      { v1: ['AWSCURRENT'], v2: ['AWSPENDING'] },
      JSON.stringify({ current: { kid: 'k-2', key: 'n'.repeat(64) }, previous: first }),
    );
    await expect(handler(event('testSecret'))).resolves.toBeUndefined();
    staged(
      { v1: ['AWSCURRENT'], v2: ['AWSPENDING'] },
      JSON.stringify({ current: { kid: 'k-2', key: 'n'.repeat(64) } }),
    );
    await expect(handler(event('testSecret'))).rejects.toThrow(/lost the current key/);
  });

  it('setSecret has nothing to do; finishSecret makes the new version current', async () => {
    await handler(event('setSecret'));
    await handler(event('finishSecret'));
    expect(sm.commandCalls(UpdateSecretVersionStageCommand)[0]!.args[0].input).toEqual({
      SecretId: secretId,
      VersionStage: 'AWSCURRENT',
      MoveToVersionId: 'v2',
      RemoveFromVersionId: 'v1',
    });
  });

  it('does nothing for a version already current, and refuses a version not staged for rotation', async () => {
    staged({ v2: ['AWSCURRENT', 'AWSPENDING'] });
    await handler(event('finishSecret'));
    expect(sm.commandCalls(UpdateSecretVersionStageCommand)).toHaveLength(0);
    staged({ v1: ['AWSCURRENT'] });
    await expect(handler(event('createSecret'))).rejects.toThrow(/not staged/);
  });
});
