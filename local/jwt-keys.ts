import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseKeyset,
  rotateKeyset,
  rotationDue,
  serializeKeyset,
  type Keyset,
} from '#domain/identity/keyset.ts';
import { newSigningKey } from '#functions/identity/adapters/new-signing-key.ts';

/**
 * The local runtime's token signing keys (domain/identity/keyset.ts), served as the JWT secret by
 * local/secrets-manager.ts. Kept in `<dataDir>/jwt-secret` (mode 600) so tokens survive a restart;
 * without a data folder (tests) a fresh keyset lives in memory.
 *
 * Rotation, kept simple: at start, when the current key is older than JWT_KEY_ROTATION_DAYS (30), a new
 * key becomes current and the old one previous — tokens signed before the restart stay valid until
 * they expire. (On AWS, Secrets Manager rotates the secret on a schedule with
 * functions/identity/rotate-signing-key.ts.) A file from before key ids (a bare key) is rotated at once.
 */
export const defaultRotationDays = 30;

function rotationDays(env: Record<string, string | undefined>): number {
  const days = Number(env.JWT_KEY_ROTATION_DAYS);
  return Number.isFinite(days) && days > 0 ? days : defaultRotationDays;
}

/** The keyset of the data folder, created or rotated as needed; what the local secret holds. */
export function loadOrCreateJwtKeyset(
  dataDir: string | undefined,
  options: { now?: Date; env?: Record<string, string | undefined> } = {},
): Keyset {
  const now = options.now ?? new Date();
  if (!dataDir) return { current: newSigningKey(now) };
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'jwt-secret');
  const kept = existsSync(file) ? parseKeyset(readFileSync(file, 'utf8')) : undefined;
  let keyset: Keyset;
  if (!kept) keyset = { current: newSigningKey(now) };
  else if (rotationDue(kept, now.getTime(), rotationDays(options.env ?? process.env)))
    keyset = rotateKeyset(kept, newSigningKey(now));
  else return kept;
  // Written whole and renamed, so a crash never leaves half a key file.
  const temp = `${file}.tmp`;
  writeFileSync(temp, `${serializeKeyset(keyset)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
  return keyset;
}
