import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ean13CheckDigit, isValidEan13 } from '#domain/catalog/barcode.ts';

describe('ean13CheckDigit', () => {
  it.each([
    ['590123412345', 7],
    ['400638133393', 1],
    ['062891510000', 6],
    ['000000000000', 0],
    ['999999999999', 4],
  ])('of %s is %i', (first12, expected) => {
    expect(ean13CheckDigit(first12)).toBe(expected);
  });

  it.each(['', '12345678901', '1234567890123', '12345678901a', '١٢٣٤٥٦٧٨٩٠١٢'])(
    'refuses %j (not exactly 12 ASCII digits)',
    (input) => {
      expect(() => ean13CheckDigit(input)).toThrow(RangeError);
    },
  );
});

describe('isValidEan13', () => {
  it.each(['5901234123457', '4006381333931', '0628915100006', '7553082103150'])('accepts %s', (code) => {
    expect(isValidEan13(code)).toBe(true);
  });

  it.each([
    ['a wrong check digit', '5901234123458'],
    ['12 digits', '590123412345'],
    ['14 digits', '59012341234570'],
    ['a letter', '590123412345X'],
    ['spaces', ' 5901234123457'],
    ['non-ASCII digits', '٥٩٠١٢٣٤١٢٣٤٥٧'],
  ])('refuses %s', (_what, code) => {
    expect(isValidEan13(code)).toBe(false);
  });

  it('accepts every 12 digits followed by their check digit', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{12}$/), (first12) =>
        isValidEan13(`${first12}${ean13CheckDigit(first12)}`),
      ),
    );
  });

  it('catches every single mistyped digit', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]{12}$/),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 1, max: 9 }),
        (first12, position, shift) => {
          // Prepare: a valid code with one digit changed
          const digits = [...`${first12}${ean13CheckDigit(first12)}`].map(Number);
          digits[position] = (digits[position]! + shift) % 10;
          // Act / Assess
          return !isValidEan13(digits.join(''));
        },
      ),
    );
  });
});
