import { randomBytes, randomUUID } from 'node:crypto';
import {
  defaultAddressPolicy,
  defaultThrottlePolicy,
  type AddressPolicy,
  type ThrottlePolicy,
} from '#domain/identity/login-throttle.ts';
import { defaultSessionPolicy, type SessionPolicy } from '#domain/identity/session.ts';
import { EventBridgePublisher } from '#functions/adapters/eventbridge-publisher.ts';
import { ScryptPasswordHasher } from './adapters/password-hasher.ts';
import { currentSigningKey } from './adapters/signing-key.ts';
import { tokenTtlSeconds } from './adapters/tokens.ts';
import {
  DynamoAddressAttemptStore,
  DynamoLoginAttemptStore,
  DynamoSessionStore,
  DynamoUserRepository,
} from './adapters/user-repository.ts';
import type { IdentityDeps } from './identity-service.ts';

type Env = Record<string, string | undefined>;

const positive = (value: string | undefined): number | undefined => {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(n) && n > 0 ? n : undefined;
};

/** The username throttle, with the first lock's length configurable (LOGIN_LOCK_SECONDS) for tests and drills. */
export function throttlePolicy(env: Env = process.env): ThrottlePolicy {
  const seconds = positive(env.LOGIN_LOCK_SECONDS);
  return seconds ? { ...defaultThrottlePolicy, baseLockMs: seconds * 1000 } : defaultThrottlePolicy;
}

/** The client-address throttle: LOGIN_ADDRESS_MAX_FAILURES per LOGIN_ADDRESS_WINDOW_SECONDS (30 per 5 min). */
export function addressPolicy(env: Env = process.env): AddressPolicy {
  const max = positive(env.LOGIN_ADDRESS_MAX_FAILURES);
  const seconds = positive(env.LOGIN_ADDRESS_WINDOW_SECONDS);
  return {
    maxFailures: max ? Math.floor(max) : defaultAddressPolicy.maxFailures,
    windowMs: seconds ? seconds * 1000 : defaultAddressPolicy.windowMs,
  };
}

/** How long a session lasts after sign-in (SESSION_TTL_SECONDS, default 12 hours). */
export function sessionPolicy(env: Env = process.env): SessionPolicy {
  const seconds = positive(env.SESSION_TTL_SECONDS);
  return seconds ? { ...defaultSessionPolicy, sessionTtlMs: seconds * 1000 } : defaultSessionPolicy;
}

/** How long a refused sign-in waits before its answer (LOGIN_REFUSAL_DELAY_MS, default 1000; 0 for none). */
export function refusalDelayMs(env: Env = process.env): number {
  const ms = Number(env.LOGIN_REFUSAL_DELAY_MS);
  return env.LOGIN_REFUSAL_DELAY_MS !== undefined &&
    env.LOGIN_REFUSAL_DELAY_MS !== '' &&
    Number.isFinite(ms) &&
    ms >= 0
    ? ms
    : 1000;
}

/** Wiring of the identity use cases to their adapters, made once per cold start. */
export const identityDeps = (): IdentityDeps => ({
  users: new DynamoUserRepository(),
  attempts: new DynamoLoginAttemptStore(),
  addresses: new DynamoAddressAttemptStore(),
  sessions: new DynamoSessionStore(),
  hasher: new ScryptPasswordHasher(),
  signingKey: currentSigningKey,
  events: new EventBridgePublisher(),
  clock: () => Date.now(),
  newId: () => `usr_${randomUUID().replace(/-/g, '').slice(0, 20)}`,
  randomToken: (bytes) => randomBytes(bytes).toString('base64url'),
  throttle: throttlePolicy(),
  addressPolicy: addressPolicy(),
  sessionPolicy: sessionPolicy(),
  tokenTtlSeconds: tokenTtlSeconds(),
  refusalDelayMs: refusalDelayMs(),
});
