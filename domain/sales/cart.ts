import { ConflictError, RuleViolation } from '../shared/errors.ts';
import { maxLines, maxQuantity, type RequestedLine } from './order.ts';
import { m } from '../shared/message.ts';

/**
 * A web-shop cart: one line per product. `PUT /carts/{id}/items/{productId}` sets that product's
 * quantity (a PUT, so repeating it changes nothing; a product put twice stays one line), 0 removes
 * it. Prices are never stored: they are the catalog's, read when the cart is shown and again by the
 * checkout saga. A checkout first marks the cart `checking-out` (a conditional write), so two
 * concurrent checkouts of one cart cannot both place an order; it is then closed (`checked-out`) or,
 * if the order failed, open again.
 */
export type CartStatus = 'open' | 'checking-out' | 'checked-out';

/** A checkout that crashed leaves its cart `checking-out`; after this long another may take over. */
export const staleCheckoutMs = 120_000;

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

export function checkoutLines(cart: Cart): readonly RequestedLine[] {
  assertOpen(cart);
  if (cart.lines.length === 0) throw new RuleViolation('cart', 'the cart is empty');
  return cart.lines;
}

/** Marks the cart as being checked out; a checkout older than `staleCheckoutMs` may be taken over. */
export function beginCheckout(cart: Cart, at: string, nowMs: number): Cart {
  const stale = cart.status === 'checking-out' && Date.parse(cart.updatedAt) < nowMs - staleCheckoutMs;
  if (!stale) checkoutLines(cart);
  if (cart.lines.length === 0) throw new RuleViolation('cart', 'the cart is empty');
  return { ...cart, status: 'checking-out', updatedAt: at };
}

export function reopenCart(cart: Cart, at: string): Cart {
  return { ...cart, status: 'open', updatedAt: at };
}

export function closeCart(cart: Cart, orderId: string, at: string): Cart {
  return { ...cart, status: 'checked-out', orderId, updatedAt: at };
}
