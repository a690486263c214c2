import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { keyById, parseKeyset, type Keyset, type SigningKey } from '#domain/identity/keyset.ts';

/**
 * The keys that sign and verify access tokens (domain/identity/keyset.ts): the value of a Secrets
 * Manager secret whose ARN is in JWT_SECRET_ARN (created by CDK and rotated by
 * functions/identity/rotate-signing-key.ts on AWS; served by local/secrets-manager.ts locally, found
 * through AWS_ENDPOINT_URL_SECRETS_MANAGER).
 *
 * Kept for JWT_KEYS_CACHE_SECONDS (default 300) per instance, so a rotation reaches every warm function
 * within minutes; a token naming a key id the cached keyset does not have (signed by a function that
 * already saw the rotation) reloads it at once — at most every 10 s, so tokens with made-up key ids
 * cannot turn into a flood of secret reads. A failed read is retried by the next request.
 */
const client = new SecretsManagerClient({});
let cached: { readonly at: number; readonly keyset: Promise<Keyset> } | undefined;
const minReloadMs = 10_000;

function cacheMs(): number {
  const seconds = Number(process.env.JWT_KEYS_CACHE_SECONDS);
  return Number.isFinite(seconds) && seconds >= 0 && process.env.JWT_KEYS_CACHE_SECONDS !== ''
    ? seconds * 1000
    : 300_000;
}

async function load(): Promise<Keyset> {
  const secretId = process.env.JWT_SECRET_ARN;
  if (!secretId) throw new Error('JWT_SECRET_ARN is not set');
  const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  const keyset = parseKeyset(out.SecretString ?? '');
  if (!keyset) throw new Error(`secret ${secretId} holds no usable signing keys`);
  return keyset;
}

export function signingKeys(): Promise<Keyset> {
  const now = Date.now();
  if (!cached || now - cached.at >= cacheMs()) {
    const keyset = load();
    const entry = { at: now, keyset };
    cached = entry;
    keyset.catch(() => {
      if (cached === entry) cached = undefined;
    });
  }
  return cached.keyset;
}

/** The key that signs new tokens. */
export const currentSigningKey = async (): Promise<SigningKey> => (await signingKeys()).current;

/** The key a token's `kid` names, reloading the keyset once if it does not know it (see above). */
export async function verificationKey(kid: string): Promise<SigningKey | undefined> {
  const found = keyById(await signingKeys(), kid);
  if (found || (cached && Date.now() - cached.at < minReloadMs)) return found;
  cached = undefined;
  return keyById(await signingKeys(), kid);
}
