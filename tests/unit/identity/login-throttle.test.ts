import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  defaultThrottlePolicy as policy,
  lockDurationMs,
  loginGate,
  recordFailure,
  type LoginFailures,
} from '#domain/identity/login-throttle.ts';

const t0 = Date.UTC(2026, 2, 1, 10, 0, 0);
const minute = 60_000;

/** `n` failures, one per second from t0. */
function fail(n: number, from?: LoginFailures, start = t0): LoginFailures | undefined {
  let f = from;
  for (let i = 0; i < n; i++) f = recordFailure(f, start + i * 1000, policy);
  return f;
}

describe('login throttling', () => {
  it('allows the first five attempts, then locks the username for a minute', () => {
    const four = fail(4);
    expect(loginGate(four, t0 + 4000, policy)).toEqual({ allowed: true });
    const five = fail(5)!;
    const gate = loginGate(five, five.lastFailureAt + 1000, policy);
    expect(gate).toEqual({ allowed: false, lockedUntil: five.lastFailureAt + minute, retryAfterSeconds: 59 });
    expect(loginGate(five, five.lastFailureAt + minute, policy)).toEqual({ allowed: true });
  });

  it('doubles the lock with each further failure, up to 15 minutes', () => {
    expect([5, 6, 7, 8, 9, 10, 40].map((n) => lockDurationMs(n, policy) / minute)).toEqual([
      1, 2, 4, 8, 15, 15, 15,
    ]);
    const six = recordFailure(fail(5), t0 + 5 * minute, policy);
    expect(six.count).toBe(6);
    const gate = loginGate(six, six.lastFailureAt + 1, policy);
    expect(gate.allowed).toBe(false);
    if (!gate.allowed) expect(gate.lockedUntil - six.lastFailureAt).toBe(2 * minute);
  });

  it('forgets failures after a quiet day', () => {
    const five = fail(5)!;
    const later = five.lastFailureAt + policy.forgetAfterMs;
    expect(loginGate(five, later, policy)).toEqual({ allowed: true });
    expect(recordFailure(five, later, policy)).toEqual({ count: 1, lastFailureAt: later });
  });

  it('never reports less than one second to wait while locked', () => {
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 60 }), fc.integer({ min: 0, max: 20 * minute }), (n, wait) => {
        const f: LoginFailures = { count: n, lastFailureAt: t0 };
        const gate = loginGate(f, t0 + wait, policy);
        if (gate.allowed) expect(wait).toBeGreaterThanOrEqual(lockDurationMs(n, policy));
        else {
          expect(gate.retryAfterSeconds).toBeGreaterThanOrEqual(1);
          expect(t0 + wait + gate.retryAfterSeconds * 1000).toBeGreaterThanOrEqual(gate.lockedUntil);
        }
      }),
    );
  });

  it('uses a configured first lock', () => {
    const short = { ...policy, baseLockMs: 1000 };
    const five = fail(5)!;
    expect(loginGate(five, five.lastFailureAt + 999, short).allowed).toBe(false);
    expect(loginGate(five, five.lastFailureAt + 1000, short).allowed).toBe(true);
  });
});
