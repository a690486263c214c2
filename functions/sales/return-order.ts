import { httpHandler } from '#functions/shared/http.ts';
import { answer } from './answer.ts';
import { salesDeps } from './deps.ts';
import { returnOrder } from './sales-service.ts';
import { salesApi } from './schemas.ts';

/**
 * Return of some or all units of a confirmed order: recorded, refunded, announced (stock back through
 * OrderReturned), completed — resumable after any crash. Idempotency-Key required: it is the return's id.
 */
const deps = salesDeps();

export const handler = httpHandler(
  salesApi['POST /orders/{orderId}/returns'],
  ({ params, body, caller, correlationId, idempotency }) =>
    answer(() => returnOrder(deps, caller, params.orderId, body.lines, correlationId, idempotency!)),
);
