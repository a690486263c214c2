import { randomBytes } from 'node:crypto';
import { newKid, type SigningKey } from '#domain/identity/keyset.ts';

/**
 * A fresh token signing key: 64 URL-safe characters (384 bits of randomness, like the CDK-generated
 * first key's 64 letters and digits) and a key id saying when it was made. Used by the rotation
 * function (AWS) and by the local runtime's key file.
 */
export function newSigningKey(now: Date = new Date()): SigningKey {
  const createdAt = now.toISOString();
  return {
    kid: newKid(createdAt, randomBytes(3).toString('hex')),
    key: randomBytes(48).toString('base64url'),
    createdAt,
  };
}
