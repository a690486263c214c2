import { describe, expect, it } from 'vitest';
import { formatCents } from '../../web/src/lib/money.ts';

/** Prices as a Québec customer reads them: comma decimals, space thousands, "$" after the amount. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('formatCents (fr-CA)', () => {
  it('writes cents as dollars with a decimal comma and the sign after', () => {
    expect(plain(formatCents(199))).toBe('1,99 $');
    expect(plain(formatCents(5))).toBe('0,05 $');
    expect(plain(formatCents(0))).toBe('0,00 $');
  });

  it('groups thousands with a space and keeps exact cents for large amounts', () => {
    expect(plain(formatCents(123_456_789))).toBe('1 234 567,89 $');
  });

  it('shows refunds and negative roundings with a minus sign', () => {
    expect(plain(formatCents(-2))).toBe('-0,02 $');
  });
});
