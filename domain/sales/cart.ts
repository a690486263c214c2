import { ConflictError, RuleViolation } from '../shared/errors.ts';
import { maxLines, maxQuantity, type RequestedLine } from './order.ts';
import { m } from '../shared/message.ts';

/**
 * A web-shop cart: one line per product. `PUT /carts/{id}/items/{productId}` sets that product's
 * quantity (a PUT, so repeating it changes nothing; a product put twice stays one line), 0 removes
 * it. Prices are never stored: they are the catalog's, read when the cart is shown and again by the
 * checkout saga. A checkout first claims the cart for its order (`checking-out` with the order's id, a
 * conditional write; functions/sales/sales-service.ts), so two checkouts of one cart cannot both place an
 * order; the saga's last step then closes it (`checked-out`) or, if the order failed, opens it again.
 */
export type CartStatus = 'open' | 'checking-out' | 'checked-out';

export interface Cart {
  readonly id: string;
  readonly customerId: string;
  readonly status: CartStatus;
  readonly lines: readonly RequestedLine[];
  readonly orderId?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export function newCart(id: string, customerId: string, at: string): Cart {
  return { id, customerId, status: 'open', lines: [], createdAt: at, updatedAt: at, version: 0 };
}

function assertOpen(cart: Cart): void {
  if (cart.status === 'checking-out')
    throw new ConflictError(
      'checkout-in-progress',
      m`Cart ${cart.id} is being checked out; retry in a moment`,
    );
  if (cart.status !== 'open')
    throw new ConflictError(
      'cart-closed',
      m`Cart ${cart.id} was already checked out (order ${cart.orderId ?? '?'})`,
      {
        orderId: cart.orderId,
      },
    );
}

export function setItem(cart: Cart, productId: string, quantity: number, at: string): Cart {
  assertOpen(cart);
  if (!Number.isInteger(quantity) || quantity < 0 || quantity > maxQuantity)
    throw new RuleViolation('quantity', m`quantity is a whole number from 0 to ${maxQuantity}`);
  const others = cart.lines.filter((l) => l.productId !== productId);
  const existing = cart.lines.find((l) => l.productId === productId);
  if (quantity > 0 && !existing && others.length >= maxLines)
    throw new RuleViolation('productId', m`a cart holds at most ${maxLines} products`);
  const lines =
    quantity === 0
      ? others
      : existing
        ? cart.lines.map((l) => (l.productId === productId ? { productId, quantity } : l))
        : [...cart.lines, { productId, quantity }];
  return { ...cart, lines, updatedAt: at };
}
