import { httpHandler, json } from '#functions/shared/http.ts';
import { orderView, placeOrder } from './sales-service.ts';
import { sellingDeps } from './selling-deps.ts';
import { CreateSaleBody, SaleParams } from './schemas.ts';

/** POS sale at a store's till: runs the checkout saga on that store's stock; Idempotency-Key required. */
const deps = sellingDeps();

export const handler = httpHandler(
  {
    route: 'POST /locations/{storeId}/sales',
    params: SaleParams,
    body: CreateSaleBody,
    idempotency: { table: 'sales', required: true },
  },
  async ({ params, body, caller, correlationId }) => {
    const order = await placeOrder(deps, {
      channel: 'pos',
      locationId: params.storeId,
      lines: body.lines,
      payment: body.payment,
      caller,
      correlationId,
    });
    return json(201, orderView(order), { location: `/orders/${order.id}` });
  },
);
