import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { parseKeyset, rotateKeyset, serializeKeyset } from '#domain/identity/keyset.ts';
import { log } from '#functions/shared/correlation.ts';
import { newSigningKey } from './adapters/new-signing-key.ts';

/**
 * The rotation function of the JWT signing secret (Secrets Manager calls it on the secret's rotation
 * schedule, CDK: infra/stacks/api-stack.ts), following Secrets Manager's four steps for the version
 * `ClientRequestToken`:
 * - `createSecret`: the new version (stage AWSPENDING) holds a new current key and, as previous, the
 *   key that is current now (domain/identity/keyset.ts) — tokens signed before stay valid;
 * - `setSecret`: nothing to do (no other system holds the key);
 * - `testSecret`: the pending version must be a usable keyset that still knows the current key;
 * - `finishSecret`: moves AWSCURRENT to the new version.
 * Each step may run again (Secrets Manager retries): each checks what is already done.
 * Functions read the new keyset within their cache time (JWT_KEYS_CACHE_SECONDS), and at once when
 * they meet a token signed with a key id they do not know.
 */
export interface RotationEvent {
  readonly Step: string;
  readonly SecretId: string;
  readonly ClientRequestToken: string;
}

const client = new SecretsManagerClient({});

async function secretString(
  secretId: string,
  stage: string,
  versionId?: string,
): Promise<string | undefined> {
  try {
    const out = await client.send(
      new GetSecretValueCommand({
        SecretId: secretId,
        VersionStage: stage,
        ...(versionId ? { VersionId: versionId } : {}),
      }),
    );
    return out.SecretString;
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

export async function handler(event: RotationEvent): Promise<void> {
  const { Step: step, SecretId: secretId, ClientRequestToken: token } = event;
  const described = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
  if (described.RotationEnabled === false) throw new Error(`rotation is not enabled on ${secretId}`);
  const stages = described.VersionIdsToStages ?? {};
  const ofToken = stages[token];
  if (!ofToken) throw new Error(`version ${token} of ${secretId} is not staged for rotation`);
  if (ofToken.includes('AWSCURRENT')) {
    log.info('signing key rotation: version already current', { step, token });
    return;
  }
  if (!ofToken.includes('AWSPENDING')) throw new Error(`version ${token} is not AWSPENDING`);

  switch (step) {
    case 'createSecret': {
      if ((await secretString(secretId, 'AWSPENDING', token)) !== undefined) return;
      const current = parseKeyset((await secretString(secretId, 'AWSCURRENT')) ?? '');
      if (!current) throw new Error(`the current version of ${secretId} holds no usable keyset`);
      const next = rotateKeyset(current, newSigningKey());
      await client.send(
        new PutSecretValueCommand({
          SecretId: secretId,
          ClientRequestToken: token,
          SecretString: serializeKeyset(next),
          VersionStages: ['AWSPENDING'],
        }),
      );
      log.info('signing key rotation: new key created', {
        kid: next.current.kid,
        previous: current.current.kid,
      });
      return;
    }
    case 'setSecret':
      return;
    case 'testSecret': {
      const pending = parseKeyset((await secretString(secretId, 'AWSPENDING', token)) ?? '');
      const current = parseKeyset((await secretString(secretId, 'AWSCURRENT')) ?? '');
      if (!pending || !current || pending.previous?.kid !== current.current.kid)
        throw new Error('the pending keyset is not usable or lost the current key');
      return;
    }
    case 'finishSecret': {
      const currentVersion = Object.entries(stages).find(([, s]) => s.includes('AWSCURRENT'))?.[0];
      await client.send(
        new UpdateSecretVersionStageCommand({
          SecretId: secretId,
          VersionStage: 'AWSCURRENT',
          MoveToVersionId: token,
          ...(currentVersion ? { RemoveFromVersionId: currentVersion } : {}),
        }),
      );
      log.info('signing key rotation: finished', { token });
      return;
    }
    default:
      throw new Error(`unknown rotation step ${step}`);
  }
}
