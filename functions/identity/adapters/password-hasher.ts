import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with scrypt (node:crypto), a random 16-byte salt per password, and a constant-time
 * comparison. The hash is stored as one self-describing string so the cost can be raised later without
 * breaking old hashes: `scrypt$N=32768,r=8,p=3,l=32$<salt base64url>$<key base64url>`.
 * Parameters: OWASP's scrypt equivalence class N=2^15, r=8, p=3 (32 MiB, ~140 ms on a laptop core).
 */
export interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
  /** Derived key length in bytes. */
  readonly keyLength: number;
}

export const currentParams: ScryptParams = { N: 2 ** 15, r: 8, p: 3, keyLength: 32 };

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
  /** True when a stored hash was made with weaker parameters than today's: rehash it at the next login. */
  needsRehash(stored: string): boolean;
  /** A hash of no one's password, verified against for unknown users so their answer takes as long. */
  decoyHash(): Promise<string>;
}

const saltBytes = 16;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    // scrypt needs 128·N·r bytes; Node's default cap (32 MiB) is just too small for N=2^15, r=8.
    maxmem: 256 * params.N * params.r,
  };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, params.keyLength, options, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

const encode = (params: ScryptParams, salt: Buffer, key: Buffer): string =>
  `scrypt$N=${params.N},r=${params.r},p=${params.p},l=${params.keyLength}$${salt.toString('base64url')}$${key.toString('base64url')}`;

interface Parsed {
  readonly params: ScryptParams;
  readonly salt: Buffer;
  readonly key: Buffer;
}

function parse(stored: string): Parsed | undefined {
  const parts = stored.split('$');
  if (parts.length !== 4 || parts[0] !== 'scrypt') return undefined;
  const fields = Object.fromEntries(
    parts[1]!.split(',').map((kv) => {
      const [k, v] = kv.split('=');
      return [k, Number(v)];
    }),
  ) as Record<string, number>;
  const params = { N: fields.N!, r: fields.r!, p: fields.p!, keyLength: fields.l! };
  if (![params.N, params.r, params.p, params.keyLength].every((n) => Number.isInteger(n) && n > 0))
    return undefined;
  return { params, salt: Buffer.from(parts[2]!, 'base64url'), key: Buffer.from(parts[3]!, 'base64url') };
}

export class ScryptPasswordHasher implements PasswordHasher {
  private readonly params: ScryptParams;
  private decoy: Promise<string> | undefined;
  constructor(params: ScryptParams = currentParams) {
    this.params = params;
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(saltBytes);
    return encode(this.params, salt, await derive(password, salt, this.params));
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const parsed = parse(stored);
    if (!parsed) return false;
    const key = await derive(password, parsed.salt, parsed.params);
    return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
  }

  needsRehash(stored: string): boolean {
    const parsed = parse(stored);
    if (!parsed) return true;
    const { N, r, p, keyLength } = parsed.params;
    return N * r * p < this.params.N * this.params.r * this.params.p || keyLength < this.params.keyLength;
  }

  decoyHash(): Promise<string> {
    this.decoy ??= this.hash(randomBytes(24).toString('base64url'));
    return this.decoy;
  }
}
