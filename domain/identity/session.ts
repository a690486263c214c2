import type { UserStatus } from './user.ts';

/**
 * Sessions that last a shift. Signing in starts a session: a short-lived access token (the bearer JWT)
 * and a refresh token. `POST /auth/refresh` trades the refresh token for a new pair; the refresh token
 * ROTATES (each one works once) and the session ends at a fixed time after sign-in, however often it is
 * refreshed. Only a hash of the refresh token is stored (the adapter's business), so the decisions
 * here compare which stored hash the presented token matched.
 *
 * - The session belongs to the user's `tokenVersion` at sign-in: disabling the user, changing their role,
 *   store or password bumps the version, and every session of theirs stops refreshing.
 * - A refresh token used a second time means it was copied: the session is revoked (the thief and the
 *   owner both have to sign in again). One exception, so that a client retrying a refresh whose answer
 *   was lost is not signed out: the token just replaced works again for `reuseGraceMs`.
 *
 * Pure: times are epoch milliseconds passed in.
 */
export interface SessionPolicy {
  /** How long after sign-in a session ends, however often it is refreshed. */
  readonly sessionTtlMs: number;
  /** How long the token just replaced may still be presented (a retried refresh). */
  readonly reuseGraceMs: number;
}

/** A shift and then some: 12 hours. */
export const defaultSessionPolicy: SessionPolicy = { sessionTtlMs: 12 * 3600_000, reuseGraceMs: 30_000 };

export interface Session {
  readonly id: string;
  readonly userId: string;
  /** The user's token version when the session began. */
  readonly tokenVersion: number;
  readonly createdAt: number;
  readonly expiresAt: number;
  /** Hash of the refresh token that works now. */
  readonly current: string;
  /** Hash of the refresh token it replaced, and when (for the retry grace). */
  readonly previous?: string;
  readonly rotatedAt?: number;
}

export function newSession(
  id: string,
  user: { readonly id: string; readonly tokenVersion: number },
  tokenHash: string,
  now: number,
  policy: SessionPolicy = defaultSessionPolicy,
): Session {
  return {
    id,
    userId: user.id,
    tokenVersion: user.tokenVersion,
    createdAt: now,
    expiresAt: now + policy.sessionTtlMs,
    current: tokenHash,
  };
}

/** Which stored hash the presented refresh token matched. */
export type Presented = 'current' | 'previous' | 'none';

export type RefreshDecision =
  | { readonly kind: 'rotate' }
  /** The session is over (ended, or the user changed): refuse and forget it. */
  | { readonly kind: 'ended'; readonly reason: 'expired' | 'user-changed' }
  /** An old refresh token came back: refuse and revoke the session. */
  | { readonly kind: 'reused' };

export function refreshDecision(
  session: Session,
  presented: Presented,
  user: { readonly status: UserStatus; readonly tokenVersion: number } | undefined,
  now: number,
  policy: SessionPolicy = defaultSessionPolicy,
): RefreshDecision {
  if (now >= session.expiresAt) return { kind: 'ended', reason: 'expired' };
  if (!user || user.status !== 'active' || user.tokenVersion !== session.tokenVersion)
    return { kind: 'ended', reason: 'user-changed' };
  if (presented === 'current') return { kind: 'rotate' };
  if (
    presented === 'previous' &&
    session.rotatedAt !== undefined &&
    now - session.rotatedAt <= policy.reuseGraceMs
  )
    return { kind: 'rotate' };
  return { kind: 'reused' };
}

/**
 * The session after a rotation to `tokenHash`. Presenting the current token makes it the previous one;
 * presenting the previous one (within the grace) keeps it as the previous one and does not restart the
 * grace, so a copied token cannot be kept alive by using it again and again.
 */
export function rotateSession(
  session: Session,
  presented: Presented,
  tokenHash: string,
  now: number,
): Session {
  if (presented === 'current')
    return { ...session, current: tokenHash, previous: session.current, rotatedAt: now };
  return { ...session, current: tokenHash };
}
