/**
 * EAN-13 (GTIN-13) barcode helpers. Pure functions, no I/O.
 *
 * GS1 check digit: weight the first 12 digits alternately 1 and 3 (starting
 * with 1 on the leftmost digit), sum them, and the check digit is the amount
 * needed to reach the next multiple of 10.
 */

const TWELVE_DIGITS = /^[0-9]{12}$/;
const THIRTEEN_DIGITS = /^[0-9]{13}$/;

/**
 * Computes the GS1 check digit (0–9) for the first 12 digits of an EAN-13.
 * Throws a RangeError if `first12` is not exactly 12 ASCII digits.
 */
export function ean13CheckDigit(first12: string): number {
  if (typeof first12 !== 'string' || !TWELVE_DIGITS.test(first12)) {
    throw new RangeError(`ean13CheckDigit expects exactly 12 digits, got ${JSON.stringify(first12)}`);
  }
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const digit = first12.charCodeAt(i) - 48;
    sum += i % 2 === 0 ? digit : digit * 3;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when `code` is exactly 13 ASCII digits with a correct GS1 check digit. */
export function isValidEan13(code: string): boolean {
  if (typeof code !== 'string' || !THIRTEEN_DIGITS.test(code)) return false;
  return ean13CheckDigit(code.slice(0, 12)) === code.charCodeAt(12) - 48;
}
