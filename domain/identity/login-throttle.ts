/**
 * Login throttling, per username (known or not, so that the answer does not reveal which exist).
 *
 * Every login attempt is counted as a failure BEFORE the password is checked, and the count is cleared
 * when the password is right: with conditional writes, concurrent guesses are counted one by one, so at
 * most `freeAttempts` passwords are ever tried in a row before the lock. After `freeAttempts` consecutive
 * failures the username is locked for `baseLockMs`; each further failure (once a lock has expired)
 * doubles the lock, up to `maxLockMs`. A username left alone for `forgetAfterMs` starts afresh.
 *
 * Pure functions of the failure count and the times passed in (epoch milliseconds).
 */
export interface LoginFailures {
  readonly count: number;
  /** When the last failure was counted (epoch ms). */
  readonly lastFailureAt: number;
}

export interface ThrottlePolicy {
  readonly freeAttempts: number;
  readonly baseLockMs: number;
  readonly maxLockMs: number;
  readonly forgetAfterMs: number;
}

export const defaultThrottlePolicy: ThrottlePolicy = {
  freeAttempts: 5,
  baseLockMs: 60_000,
  maxLockMs: 15 * 60_000,
  forgetAfterMs: 24 * 3600_000,
};

export type LoginGate =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly lockedUntil: number; readonly retryAfterSeconds: number };

/** How long `count` consecutive failures lock the username: 0 below the free attempts, then doubling. */
export function lockDurationMs(count: number, policy: ThrottlePolicy = defaultThrottlePolicy): number {
  if (count < policy.freeAttempts) return 0;
  const doublings = Math.min(count - policy.freeAttempts, 30);
  return Math.min(policy.maxLockMs, policy.baseLockMs * 2 ** doublings);
}

const current = (f: LoginFailures | undefined, now: number, policy: ThrottlePolicy) =>
  f === undefined || now - f.lastFailureAt >= policy.forgetAfterMs ? 0 : f.count;

/** Whether an attempt may be made now; when not, until when and the whole seconds to wait. */
export function loginGate(
  failures: LoginFailures | undefined,
  now: number,
  policy: ThrottlePolicy = defaultThrottlePolicy,
): LoginGate {
  const count = current(failures, now, policy);
  if (failures === undefined || count === 0) return { allowed: true };
  const lockedUntil = failures.lastFailureAt + lockDurationMs(count, policy);
  if (now >= lockedUntil) return { allowed: true };
  return {
    allowed: false,
    lockedUntil,
    retryAfterSeconds: Math.max(1, Math.ceil((lockedUntil - now) / 1000)),
  };
}

/** The failures after one more failed attempt at `now`. */
export function recordFailure(
  failures: LoginFailures | undefined,
  now: number,
  policy: ThrottlePolicy = defaultThrottlePolicy,
): LoginFailures {
  return { count: current(failures, now, policy) + 1, lastFailureAt: now };
}

/**
 * Per client address (known usernames or not): at most `maxFailures` failed attempts in a fixed window
 * of `windowMs`; then every attempt from that address gets 429 until the window ends. Counted like the
 * username's: each attempt before the password is checked, given back when it succeeds — so a shop's
 * tills behind one address are not locked out by their own successful sign-ins.
 */
export interface AddressPolicy {
  readonly maxFailures: number;
  readonly windowMs: number;
}

export const defaultAddressPolicy: AddressPolicy = { maxFailures: 30, windowMs: 5 * 60_000 };

/** The fixed window `now` falls in (epoch ms): [start, end). */
export function addressWindow(now: number, policy: AddressPolicy = defaultAddressPolicy) {
  const start = Math.floor(now / policy.windowMs) * policy.windowMs;
  return { start, end: start + policy.windowMs };
}

/** Whether one more attempt fits in the window that already counts `failures`. */
export function addressGate(
  failures: number,
  now: number,
  policy: AddressPolicy = defaultAddressPolicy,
): LoginGate {
  if (failures < policy.maxFailures) return { allowed: true };
  const { end } = addressWindow(now, policy);
  return { allowed: false, lockedUntil: end, retryAfterSeconds: Math.max(1, Math.ceil((end - now) / 1000)) };
}

/**
 * The key an address is throttled by: an IPv4 address as it is (also when written IPv4-mapped,
 * `::ffff:1.2.3.4`); an IPv6 address by its /64, the block one subscriber usually holds (so one
 * client cannot get a fresh budget from each of its 2^64 addresses). Anything else, lower-cased.
 */
export function addressKey(ip: string): string {
  const text = ip.trim().toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (mapped) return mapped[1]!;
  if (!text.includes(':') || !/^[0-9a-f:]+$/.test(text)) return text;
  const [head = '', tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  if (groups.length !== 8 || groups.some((g) => g.length === 0 || g.length > 4)) return text;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
