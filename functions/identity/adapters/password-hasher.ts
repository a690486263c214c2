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
  /** False when the hashing queue is full: a new hash would be refused (`HasherBusyError`). */
  available(): boolean;
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
  /** True when a stored hash was made with weaker parameters than today's: rehash it at the next login. */
  needsRehash(stored: string): boolean;
  /** A hash of no one's password, verified against for unknown users so their answer takes as long. */
  decoyHash(): Promise<string>;
}

const saltBytes = 16;

/** The hashing queue is full: the caller should come back in a moment (503 + Retry-After). */
export class HasherBusyError extends Error {
  constructor() {
    super('too many password hashes waiting');
    this.name = 'HasherBusyError';
  }
}

/**
 * A queue with bounded concurrency. scrypt runs on libuv's thread pool (4 threads by default), which
 * the rest of the process needs too (the local DynamoDB's disk, file reads, DNS): unbounded, a burst
 * of logins takes every thread for seconds and everything else waits behind it. Through this queue at
 * most `concurrency` hashes run at once; at most `maxWaiting` more wait their turn, in order; past
 * that, `HasherBusyError` at once (a full queue means a flood: waiting longer helps nobody).
 */
export class HashQueue {
  readonly concurrency: number;
  readonly maxWaiting: number;
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(concurrency: number, maxWaiting: number) {
    this.concurrency = Math.max(1, concurrency);
    this.maxWaiting = Math.max(0, maxWaiting);
  }

  /** True when `run` would start or queue a task now, false when it would refuse it. */
  available(): boolean {
    return this.running < this.concurrency || this.waiting.length < this.maxWaiting;
  }

  get pending(): number {
    return this.running + this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.concurrency) this.running++;
    else if (this.waiting.length < this.maxWaiting) await new Promise<void>((go) => this.waiting.push(go));
    else throw new HasherBusyError();
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next task, or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

const envInt = (value: string | undefined, fallback: number): number => {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isInteger(n) && n >= 0 ? n : fallback;
};

/**
 * The process's one hashing queue (PASSWORD_HASH_CONCURRENCY, default 1 of the pool's 4 threads;
 * PASSWORD_HASH_QUEUE, default 16 waiting — about 2 s of work). A Lambda instance serves one request
 * at a time, so there it changes nothing; in the local runtime every route shares the process.
 */
export const sharedHashQueue = new HashQueue(
  envInt(process.env.PASSWORD_HASH_CONCURRENCY, 1),
  envInt(process.env.PASSWORD_HASH_QUEUE, 16),
);

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
  private readonly queue: HashQueue;
  private decoy: Promise<string> | undefined;
  constructor(params: ScryptParams = currentParams, queue: HashQueue = sharedHashQueue) {
    this.params = params;
    this.queue = queue;
  }

  available(): boolean {
    return this.queue.available();
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(saltBytes);
    return encode(this.params, salt, await this.queue.run(() => derive(password, salt, this.params)));
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const parsed = parse(stored);
    if (!parsed) return false;
    const key = await this.queue.run(() => derive(password, parsed.salt, parsed.params));
    return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
  }

  needsRehash(stored: string): boolean {
    const parsed = parse(stored);
    if (!parsed) return true;
    const { N, r, p, keyLength } = parsed.params;
    return N * r * p < this.params.N * this.params.r * this.params.p || keyLength < this.params.keyLength;
  }

  decoyHash(): Promise<string> {
    this.decoy ??= this.hash(randomBytes(24).toString('base64url')).catch((error: unknown) => {
      this.decoy = undefined;
      throw error;
    });
    return this.decoy;
  }
}
