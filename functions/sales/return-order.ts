import { returnLimitFrom } from '#domain/sales/returns.ts';
import { verifyApproval } from '#functions/identity/approvals.ts';
import { httpHandler } from '#functions/shared/http.ts';
import { answer } from './answer.ts';
import { salesDeps } from './deps.ts';
import { returnOrder } from './sales-service.ts';
import { salesApi } from './schemas.ts';

/**
 * Return of some or all units of a confirmed order: recorded, refunded, announced (stock back through
 * OrderReturned), completed — resumable after any crash. Idempotency-Key required: it is the return's id.
 * A refund above the till's limit (COMPTOIR_RETURN_LIMIT_CENTS, 50 $ by default) needs a manager's
 * approval (`approvalToken`, action `return`; the route reads the signing keys: `verifiesApprovals`).
 */
const deps = salesDeps();
const limitCents = returnLimitFrom(process.env.COMPTOIR_RETURN_LIMIT_CENTS);

export const handler = httpHandler(
  salesApi['POST /orders/{orderId}/returns'],
  ({ params, body, caller, correlationId, idempotency }) =>
    answer(() =>
      returnOrder(deps, caller, params.orderId, body.lines, correlationId, idempotency!, {
        limitCents,
        token: body.approvalToken,
        check: verifyApproval,
      }),
    ),
);
