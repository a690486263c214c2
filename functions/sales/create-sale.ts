import { httpHandler } from '#functions/shared/http.ts';
import { answer } from './answer.ts';
import { placeOrder } from './sales-service.ts';
import { sellingDeps } from './selling-deps.ts';
import { salesApi } from './schemas.ts';

/**
 * POS sale at a store's till: priced once here, then the checkout saga on that store's stock. The
 * Idempotency-Key (required) is the order's identity: every retry answers from the same order.
 */
const deps = sellingDeps();

export const handler = httpHandler(
  salesApi['POST /locations/{storeId}/sales'],
  ({ params, body, caller, correlationId, idempotency }) =>
    answer(() =>
      placeOrder(deps, {
        channel: 'pos',
        locationId: params.storeId,
        lines: body.lines,
        basketDiscount: body.discount,
        approvalToken: body.approvalToken,
        payment: body.payment,
        caller,
        correlationId,
        idempotency: idempotency!,
      }),
    ),
);
