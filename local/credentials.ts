import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The install's own AWS credentials: every local endpoint (DynamoDB, Secrets Manager, EventBridge,
 * Step Functions, S3) refuses a request whose SigV4 signature does not verify against them.
 * Created at first start in `<dataDir>/aws-credentials` (mode 0600), an AWS shared-credentials file
 * (`[default]` profile), so the AWS CLI can use it too: `AWS_SHARED_CREDENTIALS_FILE=.data/aws-credentials`.
 * Without a data folder (tests) they are random for each runtime and live in memory only.
 * The handlers get them as the SDK expects, through AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
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

/** The data folder's credentials, created (mode 0600) at first start; random in memory without a folder. */
export function loadOrCreateCredentials(dataDir: string | undefined): LocalCredentials {
  if (!dataDir) return newCredentials();
  const kept = readCredentials(dataDir);
  if (kept) return kept;
  mkdirSync(dataDir, { recursive: true });
  const created = newCredentials();
  const file = join(dataDir, credentialsFileName);
  writeFileSync(
    file,
    `# Comptoir local runtime: the only credentials its local AWS endpoints accept. Keep private.\n` +
      `[default]\naws_access_key_id = ${created.accessKeyId}\naws_secret_access_key = ${created.secretAccessKey}\n`,
    { mode: 0o600 },
  );
  chmodSync(file, 0o600);
  return created;
}

/**
 * The environment that makes the SDK's default provider sign with `credentials`. The expiration in the
 * past makes SDK clients read the variables again at each call instead of keeping the first ones for
 * their whole life: a process that starts runtimes one after the other (tests) keeps working with
 * each runtime's own credentials. Reading two variables costs next to nothing.
 */
export function credentialsEnvironment(credentials: LocalCredentials): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_CREDENTIAL_EXPIRATION: '2000-01-01T00:00:00Z',
  };
}
