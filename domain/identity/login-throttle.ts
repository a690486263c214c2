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
