import { httpHandler, json } from '#functions/shared/http.ts';
import { idFromKey } from '#functions/shared/idempotency.ts';
import { withUnblock } from './purchasing-deps.ts';
import { receivePurchaseOrder } from './purchasing-service.ts';
import { purchasingApi } from './purchasing-schemas.ts';
import { replenishmentDeps } from './replenishment-deps.ts';

const deps = withUnblock(replenishmentDeps());

/** A receipt at the warehouse (Idempotency-Key required): each line a `receipt` movement. */
export const handler = httpHandler(
  purchasingApi['POST /purchase-orders/{purchaseOrderId}/receipts'],
  async ({ params, body, caller, idempotency }) =>
    json(
      201,
      await receivePurchaseOrder(deps, {
        purchaseOrderId: params.purchaseOrderId,
        receiptId: idFromKey('rcpt', `${params.purchaseOrderId}|${idempotency!.scope}`, idempotency!.key),
        lines: body.lines,
        by: caller?.userId ?? 'anonymous',
      }),
    ),
);
