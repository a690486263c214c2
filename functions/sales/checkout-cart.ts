import { callerOf } from '#functions/shared/access.ts';
import { httpHandler } from '#functions/shared/http.ts';
import { answer } from './answer.ts';
import { checkoutCart } from './sales-service.ts';
import { sellingDeps } from './selling-deps.ts';
import { CartParams, CheckoutBody } from './schemas.ts';

/** Web checkout: the cart's lines through the checkout saga, sold from the warehouse; Idempotency-Key required. */
const deps = sellingDeps();

export const handler = httpHandler(
  {
    route: 'POST /carts/{cartId}/checkout',
    params: CartParams,
    body: CheckoutBody,
    idempotency: { table: 'sales', required: true, mode: 'entity' },
  },
  (req) =>
    answer(() =>
      checkoutCart(deps, callerOf(req), req.params.cartId, {
        cardNumber: req.body.payment.cardNumber,
        shippingAddress: req.body.shippingAddress,
        correlationId: req.correlationId,
        idempotency: req.idempotency!,
      }),
    ),
);
