import { RuleViolation } from '../shared/errors.ts';
import type { PaymentMethod, Totals } from './money.ts';
import type { OfflineRecord } from './offline.ts';
import type { AppliedDiscount, TaxClass, TaxLine } from './pricing.ts';
import type { Actor, SagaStep } from './saga.ts';
import type { Delivery } from './delivery.ts';
import { m } from '../shared/message.ts';

/**
 * An order: a POS sale (channel `pos`, sold from a store's stock) or a web order (channel `web`,
 * sold from the warehouse, or from the store it is picked up at). Both go through the same checkout saga. Money is integer cents (CAD),
 * times are ISO-8601 UTC strings.
 *
 * Lifecycle: `pending` (saga running) → `confirmed` | `failed`; a confirmed order may then become
 * `partially-returned` and `returned`. A returned order never changes status again; a failed one
 * only when its failure is `retryable` (nothing was charged, nothing is held: the payment provider
 * was unavailable, or the sale was interrupted) and the client retries it with the same
 * Idempotency-Key, which runs it again as its next `attempt` — one key, one order, forever.
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
  /** What the line sold for, after its discounts (absent discounts: unit price × quantity). */
  readonly lineTotalCents: number;
  readonly taxClass?: TaxClass;
  /** Taken off the line: its own discount and its part of the basket's (absent: none). */
  readonly discountCents?: number;
  /** `false`: made to order, sold without stock (absent: stocked). */
  readonly stocked?: false;
  /** Units already returned (0 when none). */
  readonly returnedQuantity: number;
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
  /** The provider's token for the card (what the provider charges; no card number can be derived from it). */
  readonly token?: string;
  readonly captureId?: string;
}

/** One tender of a sale paid several ways (split tender at a till: part cash, part card). */
export interface Tender {
  readonly method: PaymentMethod;
  readonly amountCents: number;
}

export interface Failure {
  readonly code: string;
  readonly detail: string;
  /** Nothing was charged nor held and a retry with the same key runs the order again. */
  readonly retryable?: boolean;
  /** For `insufficient-stock`: each short line. */
  readonly lines?: readonly { productId: string; requested: number; available: number }[];
}

/** The reasons a cashier gives for a return at the till. */
export const tillReturnReasons = ['defective', 'unwanted', 'wrong-item', 'other', 'void'] as const;
export type ReturnReason = (typeof tillReturnReasons)[number] | 'cancelled' | 'not-collected';

export interface OrderReturn {
  readonly id: string;
  readonly lines: readonly RequestedLine[];
  readonly amountCents: number;
  /** The refunded amounts and taxes per class (absent on returns made before tax classes). */
  readonly taxLines?: readonly TaxLine[];
  readonly at: string;
  /**
   * Why the units came back: a till's reason (`tillReturnReasons`; `void` — the till's last sale taken
   * back whole before its drawer closes), a web order cancelled or not collected; absent: not said.
   */
  readonly reason?: ReturnReason;
  /**
   * What went back to each tender of a split-tender sale (the card first, up to what the card paid and
   * was not refunded yet, then cash from the drawer); absent: all to the sale's one `payment.method`.
   */
  readonly tenders?: readonly Tender[];
  /** The till the return was taken at and the register session that counts it (absent: no register). */
  readonly registerId?: string;
  readonly sessionId?: string;
  /**
   * `pending` from the moment the return is recorded (its units can no longer be returned twice)
   * until its refund and OrderReturned are done; then `completed`. Absent on returns made before
   * returns were resumable: completed.
   */
  readonly status?: 'pending' | 'completed';
}

/** A discount as the order keeps it: its terms, what it took off, and the manager who approved it. */
export type OrderDiscount = AppliedDiscount & {
  readonly approvedBy?: { readonly userId: string; readonly username: string };
};

/** Who is driving a pending order, until when: the saga execution or the recovery (docs/checkout-saga.md). */
export interface Lease {
  readonly by: Actor;
  /** ISO-8601 UTC; after it nothing of that attempt can still be running. */
  readonly until: string;
}

export interface Order extends Totals {
  readonly id: string;
  readonly channel: Channel;
  readonly locationId: string;
  readonly status: OrderStatus;
  readonly lines: readonly OrderLine[];
  /** Tax per class (absent on orders priced before tax classes). */
  readonly taxLines?: readonly TaxLine[];
  /** Every discount of the order, lines' and basket's (absent: none); `subtotalCents` is before it. */
  readonly discountCents?: number;
  /** The discounts applied, with their reasons, promo code and approval. */
  readonly discounts?: readonly OrderDiscount[];
  /**
   * Split tender (absent: the whole total by `payment.method`): the cash part and the card part, which
   * add up to the total; `payment` is then the card's, for the card part only.
   */
  readonly tenders?: readonly Tender[];
  readonly payment: Payment;
  readonly failure?: Failure;
  readonly steps: readonly SagaStep[];
  readonly returns: readonly OrderReturn[];
  /** The web customer who placed the order (web channel). */
  readonly customerId?: string;
  /** The user who rang the sale up (POS) or placed it (web). */
  readonly createdBy?: string;
  /** The shipping address on one line (web orders shipped; `delivery.address` is the structured one). */
  readonly shippingAddress?: string;
  /** How a web order reaches its customer: shipped from the warehouse, or picked up at `locationId`. */
  readonly delivery?: Delivery;
  /** Delivery charged, before taxes (its taxes are in the tax lines; 0 or absent when none). */
  readonly shippingCents?: number;
  /** The cart this web order checks out. */
  readonly cartId?: string;
  /** The till (POS) the sale was made at and the register session it belongs to (absent: no register). */
  readonly registerId?: string;
  readonly sessionId?: string;
  /**
   * The till's receipt number (`<storeId>-<registerId>-<n>`, domain/sales/receipt.ts), given once the
   * sale is confirmed at a till (absent: not at a till, or not confirmed).
   */
  readonly receiptNumber?: string;
  /** Cash handed over by the customer and the change given back (cash sales at a till that say so). */
  readonly tenderedCents?: number;
  readonly changeCents?: number;
  /** A sale the till made offline and synced later: when, its receipt, the price differences since. */
  readonly offline?: OfflineRecord;
  /** 1 for the first run; a retry of a retryable failure runs the order again as the next attempt. */
  readonly attempt: number;
  /** While pending: who drives the order and until when (storage, not shown to clients). */
  readonly lease?: Lease;
  /** Fingerprint of the request that created the order: a key reused for another request is refused. */
  readonly fingerprint?: string;
  /**
   * `false` from the moment the order is final until its OrderConfirmed / OrderFailed is published
   * (the outbox of the order's outcome: the recovery publishes it if the run died in between).
   */
  readonly announced?: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Optimistic-lock counter, incremented by every write after creation. */
  readonly version: number;
}

/**
 * The id of an attempt's effects: stock holds and the payment provider's idempotency key are keyed
 * by it, so a later attempt never finds (or undoes) an earlier attempt's holds or capture.
 */
export const runIdOf = (orderId: string, attempt: number): string =>
  attempt <= 1 ? orderId : `${orderId}.${attempt}`;

/** An order no process will change any more unless a client retries a retryable failure. */
export const isFinal = (o: Pick<Order, 'status'>): boolean => o.status !== 'pending';

/** Returns that were recorded but whose refund or OrderReturned is not done yet. */
export const pendingReturns = (o: Pick<Order, 'returns'>): readonly OrderReturn[] =>
  o.returns.filter((r) => r.status === 'pending');

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

/** Last four digits of a card number, or undefined for cash. */
export const last4 = (cardNumber: string | undefined): string | undefined =>
  cardNumber === undefined ? undefined : cardNumber.slice(-4);

/** Statuses that count as a sale (reports, the orders list by default). */
export const isSale = (status: OrderStatus): boolean =>
  status === 'confirmed' || status === 'partially-returned' || status === 'returned';
