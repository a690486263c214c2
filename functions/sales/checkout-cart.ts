import { callerOf } from '#functions/shared/access.ts';
import { httpHandler } from '#functions/shared/http.ts';
import { answer } from './answer.ts';
import { checkoutCart } from './sales-service.ts';
import { sellingDeps } from './selling-deps.ts';
import { salesApi } from './schemas.ts';

/** Web checkout: the cart's lines through the checkout saga, sold from the warehouse; Idempotency-Key required. */
const deps = sellingDeps();

export const handler = httpHandler(salesApi['POST /carts/{cartId}/checkout'], (req) =>
  answer(() =>
    checkoutCart(deps, callerOf(req), req.params.cartId, {
      cardNumber: req.body.payment.cardNumber,
      shippingAddress: req.body.shippingAddress,
      promoCode: req.body.promoCode,
      correlationId: req.correlationId,
      idempotency: req.idempotency!,
    }),
  ),
);
