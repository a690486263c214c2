import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The install's own AWS credentials: every local endpoint (DynamoDB, Secrets Manager, EventBridge,
 * Step Functions, S3) refuses a request whose SigV4 signature does not verify against them.
 * Created at first start in `<dataDir>/aws-credentials` (mode 0600), an AWS shared-credentials file
 * (`[default]` profile), so the AWS CLI can use it too: `AWS_SHARED_CREDENTIALS_FILE=.data/aws-credentials`.
 * Without a data folder (tests) they are random and live in memory only.
 * The handlers get them as the SDK expects, through AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
 * SDK clients keep the credentials they first read for their whole life, so all the runtimes a process
 * starts (a test starts several) sign with one set: see `loadOrCreateCredentials`.
 */
export interface LocalCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export const credentialsFileName = 'aws-credentials';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** `LOCAL` + 15 random base32 characters (the 20-character shape of an AWS key id), and a 40-character secret. */
export function newCredentials(): LocalCredentials {
  const id = [...randomBytes(15)].map((b) => alphabet[b % 32]).join('');
  return { accessKeyId: `LOCAL${id}`, secretAccessKey: randomBytes(30).toString('base64url') };
}

function parse(text: string): LocalCredentials | undefined {
  const value = (name: string) => new RegExp(`^\\s*${name}\\s*=\\s*(\\S+)\\s*$`, 'm').exec(text)?.[1];
  const accessKeyId = value('aws_access_key_id');
  const secretAccessKey = value('aws_secret_access_key');
  return accessKeyId && secretAccessKey && secretAccessKey.length >= 32
    ? { accessKeyId, secretAccessKey }
    : undefined;
}

/** The credentials kept in `dataDir`, or undefined when there are none (yet). */
export function readCredentials(dataDir: string): LocalCredentials | undefined {
  const file = join(dataDir, credentialsFileName);
  return existsSync(file) ? parse(readFileSync(file, 'utf8')) : undefined;
}

/** The set this process's runtimes sign with, from its first runtime on (SDK clients keep it). */
let inUse: LocalCredentials | undefined;

/**
 * The credentials of a runtime: the data folder's, created (mode 0600) at first start; without a folder,
 * random in memory. Every runtime of a process gets the same set — SDK clients made for an earlier runtime
 * (the handlers' module-level clients) go on signing with the one they first read: a runtime without a
 * folder, or a new folder, takes the set already in use; a folder that has another set is refused.
 */
export function loadOrCreateCredentials(dataDir: string | undefined): LocalCredentials {
  const kept = dataDir ? readCredentials(dataDir) : undefined;
  if (
    inUse &&
    kept &&
    (kept.accessKeyId !== inUse.accessKeyId || kept.secretAccessKey !== inUse.secretAccessKey)
  )
    throw new Error(
      `${join(dataDir!, credentialsFileName)} holds other credentials than the runtime this process started before: ` +
        `the SDK clients of that runtime would go on signing with those; start this one in a process of its own`,
    );
  inUse = kept ?? inUse ?? newCredentials();
  if (!dataDir || kept) return inUse;
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, credentialsFileName);
  writeFileSync(
    file,
    `# Comptoir local runtime: the only credentials its local AWS endpoints accept. Keep private.\n` +
      `[default]\naws_access_key_id = ${inUse.accessKeyId}\naws_secret_access_key = ${inUse.secretAccessKey}\n`,
    { mode: 0o600 },
  );
  chmodSync(file, 0o600);
  return inUse;
}

/**
 * The environment that makes the SDK's default provider sign with `credentials`. No expiration: with one
 * in the past (clients would read the variables again at each call) the provider chain of
 * @aws-sdk/credential-provider-node loses the credentials under concurrent calls ("Resolved credential
 * object is not valid": a call that finds them expired clears them while others wait for the refresh),
 * which the recovery jobs run together at start hit. The process keeps one set instead (above).
 */
export function credentialsEnvironment(credentials: LocalCredentials): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  };
}
