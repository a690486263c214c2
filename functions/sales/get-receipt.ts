import { httpHandler, json } from '#functions/shared/http.ts';
import { salesDeps } from './deps.ts';
import { orderView } from './order-view.ts';
import { orderByReceipt } from './sales-service.ts';
import { salesApi } from './schemas.ts';

/**
 * The sale a receipt number names, at the store that printed it (a return at the till scans the
 * receipt's barcode): the order, as GET /orders/{orderId} answers it. Another store's receipt: 404.
 */
const deps = salesDeps();

export const handler = httpHandler(
  salesApi['GET /locations/{storeId}/receipts/{receiptNumber}'],
  async ({ params, caller }) =>
    json(200, orderView(await orderByReceipt(deps, caller, params.storeId, params.receiptNumber))),
);
