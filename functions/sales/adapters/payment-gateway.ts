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
  readonly cardNumber?: string | undefined;
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
  capture(request: CaptureRequest): Promise<Capture>;
  find(idempotencyKey: string): Promise<Capture | undefined>;
  /** Asks the provider whether a capture still stands before the sale is confirmed (risk review). */
  verify(idempotencyKey: string): Promise<'ok' | 'reversed'>;
  /**
   * Refunds `amountCents` (default: everything not yet refunded) of the capture under `captureKey`;
   * idempotent per `refundKey`. No capture under the key: nothing refunded, captureFound false.
   */
  refund(captureKey: string, refundKey: string, amountCents?: number): Promise<RefundResult>;
}
