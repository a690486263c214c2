import { returnLimitFrom } from '#domain/sales/returns.ts';
import { RuleViolation } from '#domain/shared/errors.ts';
import { verifyApproval } from '#functions/identity/approvals.ts';
import { httpHandler } from '#functions/shared/http.ts';
import { answer } from './answer.ts';
import { registerDeps } from './register-deps.ts';
import { returnAtTill } from './register-service.ts';
import { returnOrder } from './sales-service.ts';
import { salesApi } from './schemas.ts';

/**
 * Return of some or all units of a confirmed order: recorded, refunded to the original tender,
 * announced (stock back through OrderReturned), completed — resumable after any crash. Idempotency-Key
 * required: it is the return's id. A return naming its till (`registerId`) belongs to the till's open
 * register session and is counted in its Z-report (none open: 409 register-closed, nothing refunded);
 * `reason: void` takes the session's last sale back whole. A refund above the till's limit
 * (COMPTOIR_RETURN_LIMIT_CENTS, 50 $ by default) needs a manager's approval (`approvalToken`, action
 * `return`; the route reads the signing keys: `verifiesApprovals`).
 */
const deps = registerDeps();
const limitCents = returnLimitFrom(process.env.COMPTOIR_RETURN_LIMIT_CENTS);

export const handler = httpHandler(
  salesApi['POST /orders/{orderId}/returns'],
  ({ params, body, caller, correlationId, idempotency }) => {
    const approval = { limitCents, token: body.approvalToken, check: verifyApproval };
    const { registerId, reason } = body;
    if (reason === 'void' && !registerId)
      throw new RuleViolation('registerId', 'a void is taken at a till: say which (registerId)');
    return answer(() =>
      registerId
        ? returnAtTill(deps, caller, {
            orderId: params.orderId,
            registerId,
            lines: body.lines,
            reason,
            correlationId,
            idempotency: idempotency!,
            approval,
          })
        : returnOrder(deps, caller, params.orderId, body.lines, correlationId, idempotency!, approval, {
            reason,
          }),
    );
  },
);
