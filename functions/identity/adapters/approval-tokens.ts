import {
  approvalTtlSeconds,
  isApprovalAction,
  type ApprovalAction,
  type ApprovalClaims,
} from '#domain/identity/approval.ts';
import type { SigningKey } from '#domain/identity/keyset.ts';
import { signJws, verifiedPayload } from './tokens.ts';

/**
 * Approval tokens (docs/identity.md, "Manager approval"): compact JWS, HS256, signed with the same
 * keyset as access tokens (its `kid` in the header) but for another audience, `comptoir-approval`, so
 * that an approval is never accepted as an access token nor an access token as an approval.
 * Claims: `sub` (the manager), `username`, `act` (discount | return | void), `store`, `amt` (cents, when
 * the approval is for at most an amount), `jti`, `iss`, `aud`, `iat`, `exp` (5 minutes).
 */
export const approvalAudience = 'comptoir-approval';

export async function issueApprovalToken(
  key: SigningKey,
  approval: {
    readonly approverId: string;
    readonly approverUsername: string;
    readonly action: ApprovalAction;
    readonly storeId: string;
    readonly amountCents?: number | undefined;
  },
  nowMs: number,
  ttlSeconds = approvalTtlSeconds,
): Promise<{ token: string; expiresAt: string }> {
  const claims = {
    username: approval.approverUsername,
    act: approval.action,
    store: approval.storeId,
    ...(approval.amountCents !== undefined ? { amt: approval.amountCents } : {}),
  };
  return signJws(key, claims, {
    subject: approval.approverId,
    audience: approvalAudience,
    nowMs,
    ttlSeconds,
  });
}

/**
 * The approval's claims, or undefined for a token that is malformed, forged, expired, signed with a key
 * the keyset no longer has, or not an approval (an access token has another audience).
 */
export async function readApprovalToken(
  keyFor: (kid: string) => Promise<SigningKey | undefined>,
  token: string,
  nowMs: number,
): Promise<ApprovalClaims | undefined> {
  const payload = await verifiedPayload(keyFor, token, approvalAudience, nowMs);
  if (!payload) return undefined;
  const { sub, username, act, store, amt, exp } = payload;
  if (typeof sub !== 'string' || typeof username !== 'string' || typeof store !== 'string') return undefined;
  if (!isApprovalAction(act) || typeof exp !== 'number') return undefined;
  if (amt !== undefined && !(typeof amt === 'number' && Number.isSafeInteger(amt) && amt >= 0))
    return undefined;
  return {
    approverId: sub,
    approverUsername: username,
    action: act,
    storeId: store,
    ...(amt !== undefined ? { amountCents: amt } : {}),
    expiresAt: exp,
  };
}
