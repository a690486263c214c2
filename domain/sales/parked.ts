import { RuleViolation } from '../shared/errors.ts';
import { m } from '../shared/message.ts';

/**
 * A basket parked at a till (issue 12): the cashier serves the next customer and resumes it later, at
 * any till of the same store. It keeps what the till had — lines with their discounts, the basket's
 * discount, a label to tell it apart ("Client au manteau rouge") — and nothing priced: the sale prices
 * it again when it is resumed and paid. Resuming takes it away: a parked basket is resumed once.
 */
export interface ParkedDiscount {
  readonly kind: 'percent' | 'amount';
  readonly percent?: number;
  readonly amountCents?: number;
  readonly reason: string;
}

export interface ParkedLine {
  readonly productId: string;
  readonly quantity: number;
  readonly discount?: ParkedDiscount;
}

export interface ParkedBasket {
  readonly id: string;
  readonly storeId: string;
  readonly label: string;
  readonly lines: readonly ParkedLine[];
  readonly discount?: ParkedDiscount;
  readonly registerId?: string;
  readonly parkedAt: string;
  readonly parkedBy: string;
}

export const maxLabelLength = 60;

/** The basket as parked: the label trimmed (empty: refused). */
export function parkBasket(input: Omit<ParkedBasket, 'label'> & { readonly label: string }): ParkedBasket {
  const label = input.label.trim();
  if (label.length === 0 || label.length > maxLabelLength)
    throw new RuleViolation('label', m`a parked basket needs a label of 1 to ${maxLabelLength} characters`);
  return { ...input, label };
}
