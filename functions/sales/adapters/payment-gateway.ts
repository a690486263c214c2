import type { PaymentMethod } from '#domain/sales/money.ts';

/**
 * Port to a payment service provider (PSP). Every call carries an idempotency key that the saga
 * derives from the order (the same on every retry), so that a capture retried after a timeout or a
 * crash is never taken twice; refunds are keyed too.
 *
 * Errors are `SagaError`s from domain/sales/saga.ts, named for the state machine:
 * `PaymentDeclined` (final, not retried), `PaymentTransient` and `PaymentTimeout` (retried with the
 * same key; a timeout may hide a capture, which the compensating refund then finds by key).
 */
export interface CaptureRequest {
  readonly idempotencyKey: string;
  readonly orderId: string;
  readonly method: PaymentMethod;
  readonly amountCents: number;
  /** The provider's token for the card (from `tokenize`); never the card number. */
  readonly cardToken?: string | undefined;
}

/** What the provider gives back for a card: a token it charges later, and the last four digits. */
export interface CardToken {
  readonly token: string;
  readonly last4: string;
}

export interface Capture {
  readonly captureId: string;
  readonly idempotencyKey: string;
  readonly method: PaymentMethod;
  readonly amountCents: number;
  readonly refundedCents: number;
  readonly cardLast4?: string;
}

export interface RefundResult {
  /** Cents refunded by this refund key (on a retry: what the first call refunded). */
  readonly refundedCents: number;
  /** Whether a capture existed under the capture key. */
  readonly captureFound: boolean;
}

export interface PaymentGateway {
  /**
   * Exchanges a card number for the provider's token, at the edge (the selling route), so that no
   * card number goes further: not into the saga's input, not into any table or log.
   */
  tokenize(cardNumber: string): Promise<CardToken>;
  capture(request: CaptureRequest): Promise<Capture>;
  find(idempotencyKey: string): Promise<Capture | undefined>;
  /** Asks the provider whether a capture still stands before the sale is confirmed (risk review). */
  verify(idempotencyKey: string): Promise<'ok' | 'reversed'>;
  /**
   * Refunds `amountCents` (default: everything not yet refunded) of the capture under `captureKey`;
   * idempotent per `refundKey`. No capture under the key: nothing refunded, captureFound false, and
   * the key is voided — a capture that arrives later with it (a timed-out call still in flight) is
   * declined, so a compensated payment can never be taken afterwards.
   */
  refund(captureKey: string, refundKey: string, amountCents?: number): Promise<RefundResult>;
}
