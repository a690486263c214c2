/**
 * Québec sales taxes and Canadian cash rounding, in integer cents (CAD).
 *
 * Rounding rule (written down once, used everywhere):
 * - GST is 5 % and QST is 9.975 %, each computed on the pre-tax subtotal of the whole order (QST is not
 *   charged on GST since 2013); each tax is rounded on its own to the nearest cent, half a cent up
 *   (e.g. 9.975 % of 10 ¢ = 0.9975 ¢ → 1 ¢; 5 % of 10 ¢ = 0.5 ¢ → 1 ¢).
 * - Card totals are subtotal + GST + QST, exactly.
 * - Cash totals are then rounded to the nearest 5 ¢ (the penny left circulation in 2013):
 *   totals ending in 1, 2, 6 or 7 ¢ round down, those ending in 3, 4, 8 or 9 ¢ round up.
 *   The difference is shown as `roundingCents` (between −2 and +2); taxes are not changed by it.
 * Computations go through BigInt so that no intermediate product loses precision.
 */
export type PaymentMethod = 'cash' | 'card';
export const paymentMethods: readonly PaymentMethod[] = ['cash', 'card'];

/** Rates as exact fractions: numerator / denominator. */
export const gstRate = { numerator: 5n, denominator: 100n } as const;
export const qstRate = { numerator: 9975n, denominator: 100_000n } as const;

export interface Totals {
  readonly subtotalCents: number;
  readonly gstCents: number;
  readonly qstCents: number;
  /** Cash rounding to the nearest 5 ¢ (0 for card). */
  readonly roundingCents: number;
  /** What the customer pays: subtotal + taxes + rounding. */
  readonly totalCents: number;
}

/** `amount × rate`, rounded to the nearest cent, half up; amount ≥ 0. */
export function taxOn(amountCents: number, rate: { numerator: bigint; denominator: bigint }): number {
  return shareOf(amountCents, rate.numerator, rate.denominator);
}

/**
 * `amount × numerator / denominator`, rounded to the nearest cent, half up (BigInt, exact); used for
 * taxes, percentage discounts and a line's share of its units. amount ≥ 0, denominator > 0.
 */
export function shareOf(
  amountCents: number,
  numerator: bigint | number,
  denominator: bigint | number,
): number {
  if (!Number.isSafeInteger(amountCents) || amountCents < 0)
    throw new RangeError('amount must be a whole, non-negative number of cents');
  const d = BigInt(denominator);
  const scaled = BigInt(amountCents) * BigInt(numerator);
  return Number((scaled * 2n + d) / (d * 2n));
}

/**
 * Splits `total` cents in proportion to `weights` (whole, non-negative) so that the parts add up to
 * it exactly: each part is rounded down, then the largest remainders get the cents left (ties: the
 * first). With no weight at all, everything goes to the first part.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  if (weights.length === 0) return [];
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map((_, i) => (i === 0 ? total : 0));
  const parts = weights.map((w) => Number((BigInt(total) * BigInt(w)) / BigInt(sum)));
  let rest = total - parts.reduce((a, b) => a + b, 0);
  const byRemainder = weights
    .map((w, i) => ({ i, r: (BigInt(total) * BigInt(w)) % BigInt(sum) }))
    .sort((a, b) => (b.r > a.r ? 1 : b.r < a.r ? -1 : a.i - b.i));
  for (let k = 0; rest > 0; k = (k + 1) % byRemainder.length, rest--) parts[byRemainder[k]!.i]! += 1;
  return parts;
}

/** Rounds a cash amount to the nearest 5 ¢ (1–2 ¢ down, 3–4 ¢ up). */
export function roundCash(cents: number): number {
  const remainder = ((cents % 5) + 5) % 5;
  return remainder >= 3 ? cents - remainder + 5 : cents - remainder;
}

export function totalsOf(subtotalCents: number, method: PaymentMethod): Totals {
  const gstCents = taxOn(subtotalCents, gstRate);
  const qstCents = taxOn(subtotalCents, qstRate);
  const exact = subtotalCents + gstCents + qstCents;
  const totalCents = method === 'cash' ? roundCash(exact) : exact;
  return { subtotalCents, gstCents, qstCents, roundingCents: totalCents - exact, totalCents };
}
