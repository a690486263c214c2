import { randomUUID } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify, SignJWT } from 'jose';
import {
  approvalTtlSeconds,
  isApprovalAction,
  type ApprovalAction,
  type ApprovalClaims,
} from '#domain/identity/approval.ts';
import type { SigningKey } from '#domain/identity/keyset.ts';
import { tokenIssuer } from './tokens.ts';

/**
 * Approval tokens (docs/identity.md, "Manager approval"): compact JWS, HS256, signed with the same
 * keyset as access tokens (its `kid` in the header) but for another audience, `comptoir-approval`, so
 * that an approval is never accepted as an access token nor an access token as an approval.
 * Claims: `sub` (the manager), `username`, `act` (discount | return | void), `store`, `amt` (cents, when
 * the approval is for at most an amount), `jti`, `iss`, `aud`, `iat`, `exp` (5 minutes).
 */
export const approvalAudience = 'comptoir-approval';

const encoder = new TextEncoder();

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
  const iat = Math.floor(nowMs / 1000);
  const exp = iat + ttlSeconds;
  const token = await new SignJWT({
    username: approval.approverUsername,
    act: approval.action,
    store: approval.storeId,
    ...(approval.amountCents !== undefined ? { amt: approval.amountCents } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: key.kid })
    .setSubject(approval.approverId)
    .setJti(randomUUID())
    .setIssuer(tokenIssuer)
    .setAudience(approvalAudience)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(encoder.encode(key.key));
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
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
  try {
    const { kid } = decodeProtectedHeader(token);
    if (typeof kid !== 'string') return undefined;
    const key = await keyFor(kid);
    if (!key) return undefined;
    const { payload } = await jwtVerify(token, encoder.encode(key.key), {
      algorithms: ['HS256'],
      issuer: tokenIssuer,
      audience: approvalAudience,
      requiredClaims: ['sub', 'exp', 'iat'],
      currentDate: new Date(nowMs),
    });
    const { sub, username, act, store, amt, exp } = payload;
    if (typeof sub !== 'string' || typeof username !== 'string' || typeof store !== 'string')
      return undefined;
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
  } catch {
    // jose throws for every way a token can be wrong (format, alg, signature, claims, expiry).
    return undefined;
  }
}
