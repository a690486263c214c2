import { verifyApproval } from '#functions/identity/approvals.ts';
import { RuleViolation } from '#domain/shared/errors.ts';
import { httpHandler } from '#functions/shared/http.ts';
import { fingerprintOf } from '#functions/shared/idempotency.ts';
import { DynamoRegisterRepository } from './adapters/register-repository.ts';
import { answer } from './answer.ts';
import { sellAtTill } from './register-service.ts';
import { placeOrder, type SaleRequest } from './sales-service.ts';
import { sellingDeps } from './selling-deps.ts';
import { salesApi } from './schemas.ts';

/**
 * POS sale at a store's till: priced once here, then the checkout saga on that store's stock. The
 * Idempotency-Key (required) is the order's identity: every retry answers from the same order. A sale
 * naming its till (`registerId`) belongs to the till's open register session (none open: 409
 * register-closed, nothing charged); one naming no till (API integrations) belongs to no session.
 *
 * A sale made offline (`offline`, docs/web.md) has the fingerprint of the same sale without it: a
 * till whose online attempt got no answer sells offline with that attempt's key, and if the attempt
 * did reach the server, the offline sale is answered with its order — one key, one order.
 */
const deps = {
  ...sellingDeps(),
  registers: new DynamoRegisterRepository(),
  // A manager's approval of a discount above the till's limit: the one check of identity's approval
  // tokens (the route reads the signing keys: `verifiesApprovals` in infra/spec/routes.ts).
  approvals: { verify: verifyApproval },
};

export const handler = httpHandler(
  salesApi['POST /locations/{storeId}/sales'],
  ({ params, body, caller, correlationId, idempotency: sent }) => {
    const { registerId, tenders } = body;
    if ((body.payment === undefined) === (tenders === undefined))
      throw new RuleViolation(
        'payment',
        'say how the sale is paid: `payment`, or `tenders` for a split tender',
      );
    const payment = tenders ? { method: 'card' as const, cardNumber: tenders[1].cardNumber } : body.payment!;
    const idempotency =
      body.offline && sent
        ? { ...sent, fingerprint: fingerprintOf({ params, body: { ...body, offline: undefined } }) }
        : sent;
    const request: SaleRequest = {
      channel: 'pos',
      locationId: params.storeId,
      lines: body.lines,
      basketDiscount: body.discount,
      approvalToken: body.approvalToken,
      payment,
      ...(payment.method === 'cash' && payment.tenderedCents !== undefined
        ? { tenderedCents: payment.tenderedCents }
        : {}),
      offline: body.offline,
      ...(tenders ? { cashPartCents: tenders[0].amountCents } : {}),
      caller,
      correlationId,
      idempotency: idempotency!,
    };
    return answer(() =>
      registerId ? sellAtTill(deps, { ...request, registerId }) : placeOrder(deps, request),
    );
  },
);
