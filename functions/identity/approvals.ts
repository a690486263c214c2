import {
  approvalCovers,
  type ApprovalAction,
  type ApprovalMismatch,
  type ApprovalNeed,
} from '#domain/identity/approval.ts';
import type { SigningKey } from '#domain/identity/keyset.ts';
import { m, type Message } from '#domain/shared/message.ts';
import { log } from '#functions/shared/correlation.ts';
import { HttpProblem } from '#functions/shared/problem.ts';
import { readApprovalToken } from './adapters/approval-tokens.ts';
import { verificationKey } from './adapters/signing-key.ts';

/**
 * The one check of a manager's approval (docs/identity.md, "Manager approval"), for every route that
 * needs one (a discount above the till's limit, a return above the limit, a void). Such a route takes
 * `approvalToken` in its body and declares `verifiesApprovals: true` in infra/spec/routes.ts (read
 * access to the signing keys). No approval where one is needed: `approvalRequired(…)` (403
 * `approval-required`, with what to ask for); an approval that does not cover the action: 403
 * `approval-invalid`.
 */
export interface Approved {
  readonly approvedBy: { readonly userId: string; readonly username: string };
  readonly action: ApprovalAction;
  /** The amount the manager approved at most (absent: any). */
  readonly amountCents?: number;
}

const why: Record<ApprovalMismatch | 'unreadable', Message | string> = {
  unreadable: 'The approval is not valid (unreadable, forged or expired): ask a manager again',
  expired: 'The approval has expired: ask a manager again',
  action: 'The approval is for another kind of action',
  store: 'The approval is for another store',
  amount: 'The approval is for a smaller amount',
};

const invalid = (reason: ApprovalMismatch | 'unreadable') =>
  new HttpProblem(403, 'approval-invalid', 'Approval not valid', why[reason], { reason });

/**
 * Checks that `token` is a manager's approval of `need` (same action, same store, an amount no larger
 * than approved, not expired); answers who approved. Throws 403 `approval-invalid` otherwise.
 */
export async function verifyApproval(
  token: string,
  need: ApprovalNeed,
  options: {
    readonly keyFor?: (kid: string) => Promise<SigningKey | undefined>;
    readonly nowMs?: number;
  } = {},
): Promise<Approved> {
  const nowMs = options.nowMs ?? Date.now();
  const claims = await readApprovalToken(options.keyFor ?? verificationKey, token, nowMs);
  if (!claims) throw invalid('unreadable');
  const covered = approvalCovers(claims, need, Math.floor(nowMs / 1000));
  if (!covered.ok) throw invalid(covered.reason);
  log.info('approval used', {
    action: need.action,
    storeId: need.storeId,
    amountCents: need.amountCents,
    approverId: claims.approverId,
  });
  return {
    approvedBy: { userId: claims.approverId, username: claims.approverUsername },
    action: claims.action,
    ...(claims.amountCents !== undefined ? { amountCents: claims.amountCents } : {}),
  };
}

/**
 * The answer of a route that needs an approval and got none: 403 `approval-required`, saying which
 * action, for how much and above which limit — what the till asks the manager for
 * (`POST /auth/approvals`), before sending the same request again with `approvalToken`.
 */
export const approvalRequired = (need: ApprovalNeed, limitCents: number): HttpProblem =>
  new HttpProblem(
    403,
    'approval-required',
    'Manager approval required',
    requiredText[need.action](limitCents),
    {
      action: need.action,
      storeId: need.storeId,
      ...(need.amountCents !== undefined ? { amountCents: need.amountCents } : {}),
      limitCents,
    },
  );

const requiredText: Record<ApprovalAction, (limitCents: number) => Message> = {
  discount: (limit) => m`A discount of more than ${limit} cents needs a manager's approval`,
  return: (limit) => m`A refund of more than ${limit} cents needs a manager's approval`,
  void: (limit) => m`Voiding a sale of more than ${limit} cents needs a manager's approval`,
};
