import { describe, expect, it } from 'vitest';
import {
  defaultSessionPolicy as policy,
  newSession,
  refreshDecision,
  rotateSession,
  type Session,
} from '#domain/identity/session.ts';

const t0 = Date.UTC(2026, 10, 26, 11, 0, 0);
const hour = 3600_000;
const active = { status: 'active' as const, tokenVersion: 2 };
const start = (): Session => newSession('s1', { id: 'usr_1', tokenVersion: 2 }, 'h1', t0, policy);

describe('refresh sessions', () => {
  it('last 12 hours from sign-in', () => {
    expect(start()).toEqual({
      id: 's1',
      userId: 'usr_1',
      tokenVersion: 2,
      createdAt: t0,
      expiresAt: t0 + 12 * hour,
      current: 'h1',
    });
  });

  it('rotate on the current token, however often, until the session ends', () => {
    let s = start();
    for (let i = 1; i <= 40; i++) {
      const at = t0 + i * 15 * 60_000;
      if (at >= s.expiresAt) {
        expect(refreshDecision(s, 'current', active, at, policy)).toEqual({
          kind: 'ended',
          reason: 'expired',
        });
        break;
      }
      expect(refreshDecision(s, 'current', active, at, policy)).toEqual({ kind: 'rotate' });
      s = rotateSession(s, 'current', `h${i + 1}`, at);
      expect(s).toMatchObject({
        current: `h${i + 1}`,
        previous: `h${i}`,
        rotatedAt: at,
        expiresAt: t0 + 12 * hour,
      });
    }
  });

  it('end when the user is disabled, deleted or their token version moved on', () => {
    const s = start();
    for (const user of [
      { status: 'disabled' as const, tokenVersion: 2 },
      undefined,
      { ...active, tokenVersion: 3 },
    ])
      expect(refreshDecision(s, 'current', user, t0 + 1000, policy)).toEqual({
        kind: 'ended',
        reason: 'user-changed',
      });
  });

  it('are revoked when a replaced token comes back after the grace, or an unknown one', () => {
    const rotated = rotateSession(start(), 'current', 'h2', t0 + hour);
    expect(refreshDecision(rotated, 'previous', active, t0 + hour + policy.reuseGraceMs + 1, policy)).toEqual(
      {
        kind: 'reused',
      },
    );
    expect(refreshDecision(rotated, 'none', active, t0 + hour + 1, policy)).toEqual({ kind: 'reused' });
    expect(refreshDecision(start(), 'previous', active, t0 + 1, policy)).toEqual({ kind: 'reused' });
  });

  it('let a retried refresh (the token just replaced, within the grace) through, without extending the grace', () => {
    const rotated = rotateSession(start(), 'current', 'h2', t0 + hour);
    expect(refreshDecision(rotated, 'previous', active, t0 + hour + 5_000, policy)).toEqual({
      kind: 'rotate',
    });
    const again = rotateSession(rotated, 'previous', 'h3', t0 + hour + 5_000);
    // h2 (the answer that was lost) is dead; h1 stays the previous one, its grace counted from the first rotation.
    expect(again).toMatchObject({ current: 'h3', previous: 'h1', rotatedAt: t0 + hour });
    expect(refreshDecision(again, 'previous', active, t0 + hour + policy.reuseGraceMs + 1, policy).kind).toBe(
      'reused',
    );
  });
});
