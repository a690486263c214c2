import { createHash } from 'node:crypto';

/**
 * Idempotency-Keys, the one rule: the same key can never produce a second effect, however late the
 * retry (docs/checkout-saga.md, "One key, one order").
 *
 * - `idFromKey` derives the id of what a keyed request creates from (scope, key): a retry — seconds
 *   or days later, after any crash — lands on the same entity, and every conditional write keyed by
 *   that id dedupes it. Scope = the route and the caller, so two users' keys never collide.
 * - `fingerprintOf` identifies the request sent with a key, so that the key reused for another request
 *   is refused (422). It never sees a card number: card numbers are reduced to their last four digits
 *   first, so a stored fingerprint cannot be brute-forced back into a card number.
 */
export interface Idempotency {
  /** The client's Idempotency-Key. */
  readonly key: string;
  /** Route and caller the key belongs to. */
  readonly scope: string;
  /** Of the request's path parameters and body, card numbers excluded. */
  readonly fingerprint: string;
}

export function idFromKey(prefix: string, scope: string, key: string): string {
  const digest = createHash('sha256').update(`${scope}\n${key}`).digest('base64url');
  return `${prefix}_${digest.replace(/[-_]/g, '').slice(0, 22)}`;
}

/** Replaces every `cardNumber` field by its last four digits, recursively. */
export function withoutCardNumbers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutCardNumbers);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [
      k,
      k === 'cardNumber' && typeof v === 'string' ? `…${v.slice(-4)}` : withoutCardNumbers(v),
    ]),
  );
}

/** JSON with object keys sorted, so that the same request always gives the same text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

export function fingerprintOf(request: unknown): string {
  return createHash('sha256')
    .update(canonical(withoutCardNumbers(request)))
    .digest('base64url');
}
