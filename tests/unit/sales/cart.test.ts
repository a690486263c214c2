import { describe, expect, it } from 'vitest';
import { ConflictError, RuleViolation } from '#domain/shared/errors.ts';
import { beginCheckout, checkoutLines, closeCart, newCart, reopenCart, setItem } from '#domain/sales/cart.ts';

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

  it('rejects bad quantities, empty checkouts and changes after checkout', () => {
    const cart = newCart('c1', 'u1', at);
    expect(() => setItem(cart, 'a', -1, at)).toThrow(RuleViolation);
    expect(() => setItem(cart, 'a', 1.5, at)).toThrow(RuleViolation);
    expect(() => checkoutLines(cart)).toThrow(RuleViolation);
    const closed = closeCart(setItem(cart, 'a', 1, at), 'ord_1', at);
    expect(() => setItem(closed, 'a', 2, at)).toThrow(ConflictError);
    expect(() => checkoutLines(closed)).toThrow(ConflictError);
  });

  it('lets one checkout at a time claim the cart, and a crashed one be taken over later', () => {
    const cart = setItem(newCart('c1', 'u1', at), 'a', 1, at);
    const claimed = beginCheckout(cart, at, Date.parse(at));
    expect(claimed.status).toBe('checking-out');
    expect(() => beginCheckout(claimed, at, Date.parse(at) + 1000)).toThrow(ConflictError);
    expect(() => setItem(claimed, 'a', 2, at)).toThrow(ConflictError);
    expect(beginCheckout(claimed, at, Date.parse(at) + 10 * 60_000).status).toBe('checking-out');
    expect(setItem(reopenCart(claimed, at), 'a', 2, at).lines).toEqual([{ productId: 'a', quantity: 2 }]);
  });
});
