import type * as z from 'zod/mini';
import type { DeliveryChoice } from '#domain/sales/delivery.ts';
import { callerOf } from '#functions/shared/access.ts';
import { httpHandler } from '#functions/shared/http.ts';
import { answer } from './answer.ts';
import { checkoutCart } from './sales-service.ts';
import { sellingDeps } from './selling-deps.ts';
import type { CheckoutBody } from './schemas.ts';
import { salesApi } from './schemas.ts';

/**
 * Web checkout: the cart's lines through the checkout saga, shipped from the warehouse or picked up at
 * a store (sold from that store's stock); Idempotency-Key required.
 */
const deps = sellingDeps();

function deliveryChoice(body: z.output<typeof CheckoutBody>): DeliveryChoice | undefined {
  const d = body.delivery;
  if (!d) return undefined;
  if (d.method === 'pickup') return d;
  const { street2, phone, ...a } = d.address;
  return {
    method: 'ship',
    optionId: d.optionId ?? 'standard',
    address: { ...a, country: 'CA', ...(street2 ? { street2 } : {}), ...(phone ? { phone } : {}) },
  };
}

export const handler = httpHandler(salesApi['POST /carts/{cartId}/checkout'], (req) =>
  answer(() =>
    checkoutCart(deps, callerOf(req), req.params.cartId, {
      cardNumber: req.body.payment.cardNumber,
      delivery: deliveryChoice(req.body),
      shippingAddress: req.body.shippingAddress,
      promoCode: req.body.promoCode,
      correlationId: req.correlationId,
      idempotency: req.idempotency!,
    }),
  ),
);
