import { describe, expect, it } from 'vitest';
import { approvalCovers, mayApprove, type ApprovalClaims } from '#domain/identity/approval.ts';
import { issueApprovalToken, readApprovalToken } from '#functions/identity/adapters/approval-tokens.ts';
import { issueToken, verifyToken } from '#functions/identity/adapters/tokens.ts';
import { approvalRequired, verifyApproval } from '#functions/identity/approvals.ts';
import { HttpProblem } from '#functions/shared/problem.ts';

const key = { kid: 'k-test', key: 'k'.repeat(64) };
const otherKey = { kid: 'k-test', key: 'o'.repeat(64) };
const keyFor = async (kid: string) => (kid === key.kid ? key : undefined);
const now = Date.parse('2026-12-01T15:00:00Z');
const manager = { approverId: 'usr_manager', approverUsername: 'manager' };

const claims = (over: Partial<ApprovalClaims> = {}): ApprovalClaims => ({
  ...manager,
  action: 'return',
  storeId: 'store-1',
  amountCents: 5000,
  expiresAt: now / 1000 + 300,
  ...over,
});

describe('what an approval covers (domain/identity/approval.ts)', () => {
  const at = now / 1000;
  it('the same action at the same store, up to the approved amount, before it expires', () => {
    expect(approvalCovers(claims(), { action: 'return', storeId: 'store-1', amountCents: 5000 }, at)).toEqual(
      {
        ok: true,
      },
    );
    expect(approvalCovers(claims(), { action: 'return', storeId: 'store-1', amountCents: 1 }, at).ok).toBe(
      true,
    );
  });

  it.each([
    ['another action', { action: 'discount' as const, storeId: 'store-1', amountCents: 10 }, 'action'],
    ['another store', { action: 'return' as const, storeId: 'store-2', amountCents: 10 }, 'store'],
    ['a larger amount', { action: 'return' as const, storeId: 'store-1', amountCents: 5001 }, 'amount'],
  ])('not %s', (_, need, reason) => {
    expect(approvalCovers(claims(), need, at)).toEqual({ ok: false, reason });
  });

  it('not once expired', () => {
    expect(approvalCovers(claims({ expiresAt: at }), { action: 'return', storeId: 'store-1' }, at)).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('any amount when the manager approved without one', () => {
    const { amountCents: _none, ...open } = claims();
    expect(approvalCovers(open, { action: 'return', storeId: 'store-1', amountCents: 999_999 }, at).ok).toBe(
      true,
    );
  });

  it('only an active manager approves', () => {
    expect(mayApprove({ role: 'manager', status: 'active' })).toBe(true);
    expect(mayApprove({ role: 'manager', status: 'disabled' })).toBe(false);
    expect(mayApprove({ role: 'cashier', status: 'active' })).toBe(false);
    expect(mayApprove({ role: 'ops', status: 'active' })).toBe(false);
  });
});

describe('approval tokens and verifyApproval', () => {
  const issue = (over: { action?: 'discount' | 'return' | 'void'; amountCents?: number } = {}) =>
    issueApprovalToken(
      key,
      { ...manager, action: over.action ?? 'return', storeId: 'store-1', amountCents: over.amountCents },
      now,
    );

  it('read back what they say, and last 5 minutes', async () => {
    const { token, expiresAt } = await issue({ amountCents: 2500 });
    expect(expiresAt).toBe('2026-12-01T15:05:00.000Z');
    expect(await readApprovalToken(keyFor, token, now)).toEqual(claims({ amountCents: 2500 }));
    const approved = await verifyApproval(
      token,
      { action: 'return', storeId: 'store-1', amountCents: 2500 },
      { keyFor, nowMs: now + 60_000 },
    );
    expect(approved).toEqual({
      approvedBy: { userId: 'usr_manager', username: 'manager' },
      action: 'return',
      amountCents: 2500,
    });
  });

  const refusal = async (run: Promise<unknown>) => {
    const error = await run.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HttpProblem);
    const problem = error as HttpProblem;
    expect(problem.status).toBe(403);
    expect(problem.code).toBe('approval-invalid');
    return problem.extensions.reason;
  };

  it('refuse an approval that does not cover the action, the store or the amount', async () => {
    const { token } = await issue({ amountCents: 2500 });
    const opts = { keyFor, nowMs: now };
    expect(await refusal(verifyApproval(token, { action: 'void', storeId: 'store-1' }, opts))).toBe('action');
    expect(await refusal(verifyApproval(token, { action: 'return', storeId: 'store-2' }, opts))).toBe(
      'store',
    );
    expect(
      await refusal(verifyApproval(token, { action: 'return', storeId: 'store-1', amountCents: 2501 }, opts)),
    ).toBe('amount');
  });

  it('refuse an expired, forged or foreign token', async () => {
    const { token } = await issue();
    const need = { action: 'return' as const, storeId: 'store-1' };
    expect(await refusal(verifyApproval(token, need, { keyFor, nowMs: now + 301_000 }))).toBe('unreadable');
    const forged = (await issueApprovalToken(otherKey, { ...manager, ...need }, now)).token;
    expect(await refusal(verifyApproval(forged, need, { keyFor, nowMs: now }))).toBe('unreadable');
    expect(await refusal(verifyApproval(`${token}x`, need, { keyFor, nowMs: now }))).toBe('unreadable');
    // A cashier's own access token is not an approval…
    const access = await issueToken(
      key,
      { id: 'usr_c', username: 'cashier1', role: 'cashier', storeId: 'store-1', tokenVersion: 0 },
      now,
      900,
    );
    expect(await refusal(verifyApproval(access.token, need, { keyFor, nowMs: now }))).toBe('unreadable');
    // …and an approval is not an access token.
    expect(await verifyToken(keyFor, token)).toBeUndefined();
  });

  it('say what to ask for when a route needs one', () => {
    const problem = approvalRequired({ action: 'return', storeId: 'store-1', amountCents: 7500 }, 5000);
    expect(problem.status).toBe(403);
    expect(problem.body('fr-CA')).toMatchObject({
      code: 'approval-required',
      action: 'return',
      storeId: 'store-1',
      amountCents: 7500,
      limitCents: 5000,
      title: 'Approbation d’un gestionnaire requise',
    });
  });
});
