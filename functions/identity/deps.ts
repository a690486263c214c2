import { randomUUID } from 'node:crypto';
import { defaultThrottlePolicy, type ThrottlePolicy } from '#domain/identity/login-throttle.ts';
import { ScryptPasswordHasher } from './adapters/password-hasher.ts';
import { signingKey } from './adapters/signing-key.ts';
import { tokenTtlSeconds } from './adapters/tokens.ts';
import { DynamoLoginAttemptStore, DynamoUserRepository } from './adapters/user-repository.ts';
import type { IdentityDeps } from './identity-service.ts';

/** The throttling policy, with the first lock's length configurable (LOGIN_LOCK_SECONDS) for tests and drills. */
export function throttlePolicy(env: Record<string, string | undefined> = process.env): ThrottlePolicy {
  const seconds = Number(env.LOGIN_LOCK_SECONDS);
  return Number.isFinite(seconds) && seconds > 0
    ? { ...defaultThrottlePolicy, baseLockMs: seconds * 1000 }
    : defaultThrottlePolicy;
}

/** Wiring of the identity use cases to their adapters, made once per cold start. */
export const identityDeps = (): IdentityDeps => ({
  users: new DynamoUserRepository(),
  attempts: new DynamoLoginAttemptStore(),
  hasher: new ScryptPasswordHasher(),
  signingKey,
  clock: () => Date.now(),
  newId: () => `usr_${randomUUID().replace(/-/g, '').slice(0, 20)}`,
  throttle: throttlePolicy(),
  tokenTtlSeconds: tokenTtlSeconds(),
});
