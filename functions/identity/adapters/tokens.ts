import { jwtVerify, SignJWT } from 'jose';
import { isRole, type Role } from '#domain/identity/roles.ts';
import type { User } from '#domain/identity/user.ts';

/**
 * Bearer tokens: compact JWS, HS256 only, with `sub` (user id), `username`, `role`, `storeId` (cashiers),
 * `iss`/`aud` checked on every verification, and a short life (JWT_TTL_SECONDS, default one hour).
 */
export const tokenIssuer = 'comptoir';
export const tokenAudience = 'comptoir-api';
export const defaultTokenTtlSeconds = 3600;

export interface TokenSubject {
  readonly userId: string;
  readonly username: string;
  readonly role: Role;
  readonly storeId?: string;
  /** Expiry, epoch seconds. */
  readonly exp: number;
}

export function tokenTtlSeconds(env: Record<string, string | undefined> = process.env): number {
  const value = Number(env.JWT_TTL_SECONDS);
  return Number.isInteger(value) && value > 0 ? value : defaultTokenTtlSeconds;
}

export async function issueToken(
  key: Uint8Array,
  user: Pick<User, 'id' | 'username' | 'role' | 'storeId'>,
  nowMs: number,
  ttlSeconds: number,
): Promise<{ token: string; expiresAt: string }> {
  const iat = Math.floor(nowMs / 1000);
  const exp = iat + ttlSeconds;
  const token = await new SignJWT({
    username: user.username,
    role: user.role,
    ...(user.storeId !== undefined ? { storeId: user.storeId } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user.id)
    .setIssuer(tokenIssuer)
    .setAudience(tokenAudience)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(key);
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

/** The token's subject, or undefined for any token that is malformed, forged, expired or not ours. */
export async function verifyToken(key: Uint8Array, token: string): Promise<TokenSubject | undefined> {
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      issuer: tokenIssuer,
      audience: tokenAudience,
      requiredClaims: ['sub', 'exp', 'iat'],
    });
    const { sub, username, role, storeId, exp } = payload;
    if (typeof sub !== 'string' || typeof username !== 'string' || !isRole(role) || typeof exp !== 'number')
      return undefined;
    if (storeId !== undefined && typeof storeId !== 'string') return undefined;
    if ((role === 'cashier') !== (storeId !== undefined)) return undefined;
    return { userId: sub, username, role, ...(storeId !== undefined ? { storeId } : {}), exp };
  } catch {
    // jose throws for every way a token can be wrong (format, alg, signature, claims, expiry).
    return undefined;
  }
}

/** The token of an `Authorization: Bearer <token>` header value. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+([A-Za-z0-9_.~+/=-]+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
