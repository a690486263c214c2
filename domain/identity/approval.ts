import type { Role } from './roles.ts';
import type { UserStatus } from './user.ts';

/**
 * A manager's approval at the till (docs/identity.md, "Manager approval"): a manager types their own
 * credentials at a cashier's till to allow one kind of action — a discount above the till's limit, a
 * return above the limit, a void — at one store, up to an amount, for a few minutes. The approval is a
 * short-lived signed token the till hands to the route that needs it; that route checks the token
 * covers what it is about to do (`approvalCovers`). Pure rules: no clock, no keys.
 */
export const approvalActions = ['discount', 'return', 'void'] as const;
export type ApprovalAction = (typeof approvalActions)[number];
export const isApprovalAction = (v: unknown): v is ApprovalAction =>
  approvalActions.includes(v as ApprovalAction);

/** How long an approval can be used: long enough to finish the basket, too short to keep. */
export const approvalTtlSeconds = 300;

/** What an approval says (the token's claims, read back). */
export interface ApprovalClaims {
  /** The manager who approved (`sub`) and their username. */
  readonly approverId: string;
  readonly approverUsername: string;
  readonly action: ApprovalAction;
  readonly storeId: string;
  /** The most it approves, in cents; absent: any amount of that action. */
  readonly amountCents?: number;
  /** Epoch seconds. */
  readonly expiresAt: number;
}

/** What a route is about to do and asks an approval for. */
export interface ApprovalNeed {
  readonly action: ApprovalAction;
  readonly storeId: string;
  readonly amountCents?: number | undefined;
}

export type ApprovalMismatch = 'expired' | 'action' | 'store' | 'amount';

/**
 * Whether `claims` allow `need` at `nowSeconds`: the same action, the same store, an amount no
 * larger than the approved one (when the approval names one), before it expires.
 */
export function approvalCovers(
  claims: ApprovalClaims,
  need: ApprovalNeed,
  nowSeconds: number,
): { readonly ok: true } | { readonly ok: false; readonly reason: ApprovalMismatch } {
  if (claims.expiresAt <= nowSeconds) return { ok: false, reason: 'expired' };
  if (claims.action !== need.action) return { ok: false, reason: 'action' };
  if (claims.storeId !== need.storeId) return { ok: false, reason: 'store' };
  if (claims.amountCents !== undefined && (need.amountCents ?? 0) > claims.amountCents)
    return { ok: false, reason: 'amount' };
  return { ok: true };
}

/** Only an active manager approves (head office: every store). */
export const mayApprove = (user: { readonly role: Role; readonly status: UserStatus }): boolean =>
  user.role === 'manager' && user.status === 'active';
