import { describe, expect, it } from 'vitest';
import { ConflictError, RuleViolation } from '#domain/shared/errors.ts';
import { newCart, setItem, type Cart } from '#domain/sales/cart.ts';

const at = '2026-01-05T13:00:00.000Z';

describe('cart', () => {
  it('keeps one line per product: a second put replaces the quantity, 0 removes', () => {
    let cart = newCart('c1', 'u1', at);
    cart = setItem(cart, 'a', 1, at);
    cart = setItem(cart, 'b', 2, at);
    cart = setItem(cart, 'a', 3, at);
    expect(cart.lines).toEqual([
      { productId: 'a', quantity: 3 },
      { productId: 'b', quantity: 2 },
    ]);
    cart = setItem(cart, 'b', 0, at);
    expect(cart.lines).toEqual([{ productId: 'a', quantity: 3 }]);
    expect(setItem(cart, 'zzz', 0, at).lines).toEqual(cart.lines);
  });

  it('rejects bad quantities and changes while checking out or after checkout', () => {
    const cart = newCart('c1', 'u1', at);
    expect(() => setItem(cart, 'a', -1, at)).toThrow(RuleViolation);
    expect(() => setItem(cart, 'a', 1.5, at)).toThrow(RuleViolation);
    const checkingOut: Cart = { ...setItem(cart, 'a', 1, at), status: 'checking-out', orderId: 'ord_1' };
    expect(() => setItem(checkingOut, 'a', 2, at)).toThrow(ConflictError);
    const closed: Cart = { ...checkingOut, status: 'checked-out' };
    expect(() => setItem(closed, 'a', 2, at)).toThrow(ConflictError);
  });
});
