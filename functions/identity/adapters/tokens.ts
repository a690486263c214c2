import { randomUUID } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { SigningKey } from '#domain/identity/keyset.ts';
import { isRole, type Role } from '#domain/identity/roles.ts';
import type { User } from '#domain/identity/user.ts';

/**
 * Access tokens: compact JWS, HS256 only, the signing key's id in the header (`kid`), with `jti` (a
 * random token id), `sub` (user id), `username`, `role`, `storeId` (cashiers), `ver` (the user's token version: the authorizer refuses
 * a token whose version is no longer the user's), `iss`/`aud` checked on every verification, and a
 * short life (JWT_TTL_SECONDS, default 15 minutes; sessions last longer through refresh tokens).
 */
export const tokenIssuer = 'comptoir';
export const tokenAudience = 'comptoir-api';
export const defaultTokenTtlSeconds = 900;

export interface TokenSubject {
  readonly userId: string;
  readonly username: string;
  readonly role: Role;
  readonly storeId?: string;
  readonly tokenVersion: number;
  /** Expiry, epoch seconds. */
  readonly exp: number;
}

export function tokenTtlSeconds(env: Record<string, string | undefined> = process.env): number {
  const value = Number(env.JWT_TTL_SECONDS);
  return Number.isInteger(value) && value > 0 ? value : defaultTokenTtlSeconds;
}

const encoder = new TextEncoder();

export async function issueToken(
  key: SigningKey,
  user: Pick<User, 'id' | 'username' | 'role' | 'storeId'> & { readonly tokenVersion: number },
  nowMs: number,
  ttlSeconds: number,
): Promise<{ token: string; expiresAt: string }> {
  const claims = {
    username: user.username,
    role: user.role,
    ...(user.storeId !== undefined ? { storeId: user.storeId } : {}),
    ver: user.tokenVersion,
  };
  return signJws(key, claims, { subject: user.id, audience: tokenAudience, nowMs, ttlSeconds });
}

/**
 * Signs `claims` as a compact HS256 JWS of this issuer for `audience` (access tokens, approvals): the
 * key's `kid` in the header, and a `jti` of its own, so that every token is its own even when two are
 * signed in the same second for the same user (the gateway keeps the authorizer's answer per token).
 */
export async function signJws(
  key: SigningKey,
  claims: JWTPayload,
  options: {
    readonly subject: string;
    readonly audience: string;
    readonly nowMs: number;
    readonly ttlSeconds: number;
  },
): Promise<{ token: string; expiresAt: string }> {
  const iat = Math.floor(options.nowMs / 1000);
  const exp = iat + options.ttlSeconds;
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: key.kid })
    .setSubject(options.subject)
    .setJti(randomUUID())
    .setIssuer(tokenIssuer)
    .setAudience(options.audience)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(encoder.encode(key.key));
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

/**
 * The payload of a JWS of this issuer for `audience` with `sub`, `exp` and `iat`, signed with the key
 * its `kid` names (`keyFor`); undefined for any token that is malformed, forged, expired (at `nowMs`,
 * default now), signed with a key the keyset no longer has, or for another audience.
 */
export async function verifiedPayload(
  keyFor: (kid: string) => Promise<SigningKey | undefined>,
  token: string,
  audience: string,
  nowMs?: number,
): Promise<JWTPayload | undefined> {
  try {
    const { kid } = decodeProtectedHeader(token);
    if (typeof kid !== 'string') return undefined;
    const key = await keyFor(kid);
    if (!key) return undefined;
    const { payload } = await jwtVerify(token, encoder.encode(key.key), {
      algorithms: ['HS256'],
      issuer: tokenIssuer,
      audience,
      requiredClaims: ['sub', 'exp', 'iat'],
      ...(nowMs !== undefined ? { currentDate: new Date(nowMs) } : {}),
    });
    return payload;
  } catch {
    // jose throws for every way a token can be wrong (format, alg, signature, claims, expiry).
    return undefined;
  }
}

/**
 * The token's subject, or undefined for any token that is malformed, forged, expired, signed with a key
 * the keyset no longer has, or not ours. `keyFor` finds the key a `kid` names.
 */
export async function verifyToken(
  keyFor: (kid: string) => Promise<SigningKey | undefined>,
  token: string,
): Promise<TokenSubject | undefined> {
  const payload = await verifiedPayload(keyFor, token, tokenAudience);
  if (!payload) return undefined;
  const { sub, username, role, storeId, exp, ver } = payload;
  if (typeof sub !== 'string' || typeof username !== 'string' || !isRole(role) || typeof exp !== 'number')
    return undefined;
  if (typeof ver !== 'number' || !Number.isInteger(ver) || ver < 0) return undefined;
  if (storeId !== undefined && typeof storeId !== 'string') return undefined;
  if ((role === 'cashier') !== (storeId !== undefined)) return undefined;
  return {
    userId: sub,
    username,
    role,
    ...(storeId !== undefined ? { storeId } : {}),
    tokenVersion: ver,
    exp,
  };
}

/** The token of an `Authorization: Bearer <token>` header value. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+([A-Za-z0-9_.~+/=-]+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
