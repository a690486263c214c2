/**
 * The keys that sign the access tokens. Each carries a key id (`kid`, written in every token's header);
 * a rotation makes a new key `current` and keeps the one it replaces as `previous`, so tokens signed
 * before the rotation stay valid until they expire (they live minutes; a key stays `previous` until the
 * next rotation, weeks later). Signing always uses `current`; verifying accepts either, by `kid`.
 *
 * The keyset is the value of one secret (Secrets Manager on AWS, the local runtime's key file):
 * `{"current":{"kid","key","createdAt"},"previous":{…}}`. Two older shapes are read too: the flat
 * `{"kid","key"}` CloudFormation generates for the first key, and a bare key (before key ids existed),
 * read as kid `legacy`.
 *
 * Pure: keys and times are passed in.
 */
export interface SigningKey {
  readonly kid: string;
  /** The HMAC secret: at least 32 characters. */
  readonly key: string;
  /** When it was made (ISO-8601); unknown for keys from the older shapes. */
  readonly createdAt?: string;
}

export interface Keyset {
  readonly current: SigningKey;
  readonly previous?: SigningKey;
}

export const minKeyLength = 32;
const kidRule = /^[A-Za-z0-9._-]{1,64}$/;
export const legacyKid = 'legacy';

function keyOf(value: unknown): SigningKey | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { kid, key, createdAt } = value as Record<string, unknown>;
  if (typeof kid !== 'string' || !kidRule.test(kid)) return undefined;
  if (typeof key !== 'string' || key.length < minKeyLength) return undefined;
  return { kid, key, ...(typeof createdAt === 'string' ? { createdAt } : {}) };
}

/** The keyset a secret holds, or undefined when it holds nothing usable. */
export function parseKeyset(text: string): Keyset | undefined {
  const trimmed = text.trim();
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    // A bare key, from before key ids.
    return trimmed.length >= minKeyLength && !/\s/.test(trimmed)
      ? { current: { kid: legacyKid, key: trimmed } }
      : undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if ('current' in record) {
    const current = keyOf(record.current);
    if (!current) return undefined;
    const previous = record.previous === undefined ? undefined : keyOf(record.previous);
    if (record.previous !== undefined && (!previous || previous.kid === current.kid)) return undefined;
    return previous ? { current, previous } : { current };
  }
  const flat = keyOf(record);
  return flat ? { current: flat } : undefined;
}

export const serializeKeyset = (keyset: Keyset): string => JSON.stringify(keyset);

/** The keyset after a rotation to `fresh`: the current key becomes the previous one, the older one goes. */
export function rotateKeyset(keyset: Keyset, fresh: SigningKey): Keyset {
  if (fresh.kid === keyset.current.kid) throw new Error(`key id ${fresh.kid} is already in use`);
  return { current: fresh, previous: keyset.current };
}

/** A key id that says when the key was made: `k-20261126-3fa9c1` (`random`: a few hex digits). */
export const newKid = (nowIso: string, random: string): string =>
  `k-${nowIso.slice(0, 10).replace(/-/g, '')}-${random}`;

/** The key a token's `kid` names, if the keyset still has it. */
export function keyById(keyset: Keyset, kid: string): SigningKey | undefined {
  if (keyset.current.kid === kid) return keyset.current;
  return keyset.previous?.kid === kid ? keyset.previous : undefined;
}

/** True when the current key is older than `maxAgeDays` (or its age is unknown): time to rotate. */
export function rotationDue(keyset: Keyset, nowMs: number, maxAgeDays: number): boolean {
  const made = Date.parse(keyset.current.createdAt ?? '');
  return !Number.isFinite(made) || nowMs - made >= maxAgeDays * 86_400_000;
}
