import { NotFoundError, RuleViolation } from '../shared/errors.ts';
import { totalsOf, type PaymentMethod, type Totals } from './money.ts';
import type { SagaStep } from './saga.ts';
import { m } from '../shared/message.ts';

/**
 * An order: a POS sale (channel `pos`, sold from a store's stock) or a web order (channel `web`,
 * sold from the warehouse). Both go through the same checkout saga. Money is integer cents (CAD),
 * times are ISO-8601 UTC strings.
 *
 * Lifecycle: `pending` (saga running) → `confirmed` | `failed`; a confirmed order may then become
 * `partially-returned` and `returned`. A failed or returned order never changes status again.
 */
export type Channel = 'pos' | 'web';
export type OrderStatus = 'pending' | 'confirmed' | 'failed' | 'returned' | 'partially-returned';
export const orderStatuses: readonly OrderStatus[] = [
  'pending',
  'confirmed',
  'failed',
  'returned',
  'partially-returned',
];

export const maxLines = 50;
export const maxQuantity = 999;

export interface RequestedLine {
  readonly productId: string;
  readonly quantity: number;
}

export interface OrderLine extends RequestedLine {
  readonly name: string;
  readonly unitPriceCents: number;
  readonly lineTotalCents: number;
  /** Units already returned (0 when none). */
  readonly returnedQuantity: number;
}

export interface CatalogPrice {
  readonly productId: string;
  readonly name: string;
  readonly priceCents: number;
}

export type PaymentStatus =
  'pending' | 'captured' | 'declined' | 'failed' | 'not-taken' | 'refunded' | 'partially-refunded';

export interface Payment {
  readonly method: PaymentMethod;
  readonly status: PaymentStatus;
  readonly amountCents: number;
  readonly refundedCents: number;
  /** Last four digits of the card, never the number. */
  readonly cardLast4?: string;
  readonly captureId?: string;
}

export interface Failure {
  readonly code: string;
  readonly detail: string;
  /** For `insufficient-stock`: each short line. */
  readonly lines?: readonly { productId: string; requested: number; available: number }[];
}

export interface OrderReturn {
  readonly id: string;
  readonly lines: readonly RequestedLine[];
  readonly amountCents: number;
  readonly at: string;
}

export interface Order extends Totals {
  readonly id: string;
  readonly channel: Channel;
  readonly locationId: string;
  readonly status: OrderStatus;
  readonly lines: readonly OrderLine[];
  readonly payment: Payment;
  readonly failure?: Failure;
  readonly steps: readonly SagaStep[];
  readonly returns: readonly OrderReturn[];
  /** The web customer who placed the order (web channel). */
  readonly customerId?: string;
  /** The user who rang the sale up (POS) or placed it (web). */
  readonly createdBy?: string;
  readonly shippingAddress?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Optimistic-lock counter, incremented by every write after creation. */
  readonly version: number;
}

/** Merges lines naming the same product (quantities add up) and checks the basket's limits. */
export function mergeLines(lines: readonly RequestedLine[]): RequestedLine[] {
  if (lines.length === 0) throw new RuleViolation('lines', 'an order needs at least one line');
  const merged = new Map<string, number>();
  for (const l of lines) {
    if (!Number.isInteger(l.quantity) || l.quantity < 1)
      throw new RuleViolation('lines', 'each quantity is a whole number of at least 1');
    merged.set(l.productId, (merged.get(l.productId) ?? 0) + l.quantity);
  }
  if (merged.size > maxLines) throw new RuleViolation('lines', m`an order has at most ${maxLines} products`);
  const out = [...merged].map(([productId, quantity]) => ({ productId, quantity }));
  if (out.some((l) => l.quantity > maxQuantity))
    throw new RuleViolation('lines', m`at most ${maxQuantity} units of one product per order`);
  return out;
}

/**
 * Prices requested lines with the catalog's current prices: whatever price a client sent is never
 * used. Throws NotFoundError naming the first product the catalog does not have.
 */
export function priceLines(lines: readonly RequestedLine[], prices: readonly CatalogPrice[]): OrderLine[] {
  const byId = new Map(prices.map((p) => [p.productId, p]));
  return mergeLines(lines).map((l) => {
    const p = byId.get(l.productId);
    if (!p) throw new NotFoundError('Product', l.productId);
    return {
      productId: l.productId,
      name: p.name,
      quantity: l.quantity,
      unitPriceCents: p.priceCents,
      lineTotalCents: p.priceCents * l.quantity,
      returnedQuantity: 0,
    };
  });
}

export function totalsOfLines(
  lines: readonly Pick<OrderLine, 'lineTotalCents'>[],
  method: PaymentMethod,
): Totals {
  return totalsOf(
    lines.reduce((sum, l) => sum + l.lineTotalCents, 0),
    method,
  );
}

/** Last four digits of a card number, or undefined for cash. */
export const last4 = (cardNumber: string | undefined): string | undefined =>
  cardNumber === undefined ? undefined : cardNumber.slice(-4);

/** Statuses that count as a sale (reports, the orders list by default). */
export const isSale = (status: OrderStatus): boolean =>
  status === 'confirmed' || status === 'partially-returned' || status === 'returned';
