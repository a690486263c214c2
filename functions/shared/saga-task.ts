import type { Context } from 'aws-lambda';
import type { PaymentMethod } from '#domain/sales/money.ts';
import type { Channel, RequestedLine } from '#domain/sales/order.ts';
import type { TaxClass, TaxLine } from '#domain/sales/pricing.ts';
import {
  SagaError,
  type Actor,
  type SagaStep,
  type ShortLine,
  type StepName,
  type TaskFailure,
} from '#domain/sales/saga.ts';
import { log, withCorrelation } from './correlation.ts';

/**
 * The checkout saga's data as it flows through the state machine (state-machines/checkout.asl.json).
 * The handler that starts it (or the recovery) provides `correlationId`, `actor` and `order` — the
 * order as priced once by the request (domain/sales/pricing.ts), trusted by every task; each Task
 * state writes its result at its own ResultPath (below), and a Catch writes `error`. Money in cents
 * (CAD), times ISO-8601 UTC. No card number: the card is the provider's token.
 */
export interface SagaLine extends RequestedLine {
  readonly name: string;
  readonly unitPriceCents: number;
  /** After the line's discounts. */
  readonly lineTotalCents: number;
  readonly taxClass: TaxClass;
  readonly discountCents?: number;
  /** `false`: made to order — the inventory steps hold, commit and release no stock for it. */
  readonly stocked?: false;
}

export interface SagaOrder {
  readonly id: string;
  /** Attempt of the order this run is; holds and the payment key are keyed by `runId`. */
  readonly attempt: number;
  readonly runId: string;
  readonly channel: Channel;
  readonly locationId: string;
  readonly lines: readonly SagaLine[];
  readonly subtotalCents: number;
  readonly gstCents: number;
  readonly qstCents: number;
  readonly roundingCents: number;
  readonly totalCents: number;
  readonly taxLines: readonly TaxLine[];
  /** Every discount of the order (absent: none). */
  readonly discountCents?: number;
  /** The promo code whose use this attempt counted (given back when the order fails). */
  readonly promoCode?: string;
  readonly payment: {
    readonly method: PaymentMethod;
    readonly cardToken?: string;
    readonly cardLast4?: string;
    /** What this payment takes when the sale is split (the card part; the cash part is in the drawer). */
    readonly amountCents?: number;
  };
  readonly customerId?: string;
  readonly cartId?: string;
  readonly createdAt: string;
  /** When the request priced the order (its `price-order` step). */
  readonly pricedAt: string;
  /** When the lease of this run ends: holds expire then. */
  readonly leaseUntil: string;
  /** A sale a till made offline: it happened, so short stock does not fail it (docs/web.md). */
  readonly offline?: true;
}

export interface SagaState {
  readonly correlationId: string;
  /** `recover`: the recovery finishing an order whose run died (the state machine starts at AssessOrder). */
  readonly mode: 'run' | 'recover';
  readonly actor: Actor;
  readonly order: SagaOrder;
  /** $.reservation — inventory/saga/reserve-stock */
  readonly reservation?: { readonly step: SagaStep };
  /** $.payment — sales/saga/take-payment */
  readonly payment?: {
    readonly captureId: string;
    readonly amountCents: number;
    readonly step: SagaStep;
  };
  /** $.assessment — sales/saga/assess-order (recovery only) */
  readonly assessment?: {
    readonly captured: boolean;
    readonly captureId?: string;
    readonly amountCents?: number;
    readonly step: SagaStep;
  };
  /** $.commit — inventory/saga/commit-stock */
  readonly commit?: { readonly step: SagaStep };
  /** $.refund — sales/saga/refund-payment */
  readonly refund?: { readonly refundedCents: number; readonly step?: SagaStep };
  /** $.release — inventory/saga/release-stock */
  readonly release?: { readonly step?: SagaStep };
  /** $.error — written by the Catch that started the compensation */
  readonly error?: { readonly Error?: string; readonly Cause?: string };
}

/** What an execution ends with (the state machine's output): the order's final state, or `unsettled`. */
export type SagaResult =
  | { readonly status: 'confirmed' | 'failed'; readonly order: Record<string, unknown> }
  | { readonly status: 'unsettled'; readonly orderId: string; readonly error?: string };

export type SagaTaskHandler<R> = (event: SagaState, context?: Context) => Promise<R>;

export const stepRecord = (
  name: StepName,
  status: SagaStep['status'],
  at: string,
  actor: Actor = 'saga',
  detail?: string,
): SagaStep => ({ name, status, at, actor, ...(detail ? { detail } : {}) });

/**
 * Wraps a saga task: runs it under the saga's correlation id and turns any error into one the state
 * machine can route. A SagaError keeps its name (InsufficientStock, PaymentDeclined, …); anything else
 * (a throttled or unreachable dependency, a bug) becomes `TransientError`, retried with backoff, then
 * compensated. The error's message is a JSON TaskFailure (step, time, detail), the ASL `Cause`.
 */
export function sagaTask<R>(task: string, run: (state: SagaState) => Promise<R>): SagaTaskHandler<R> {
  return (state) =>
    withCorrelation(state.correlationId, async () => {
      const started = performance.now();
      try {
        const result = await run(state);
        log.info('saga step', {
          step: task,
          orderId: state.order.id,
          durationMs: Math.round(performance.now() - started),
        });
        return result;
      } catch (error) {
        const saga = error instanceof SagaError;
        const failure: Omit<TaskFailure, 'step'> & { step: string; shortLines?: readonly ShortLine[] } = {
          step: task,
          at: new Date().toISOString(),
          detail: error instanceof Error ? error.message : String(error),
          ...(saga && error.shortLines ? { shortLines: error.shortLines } : {}),
        };
        const out = new Error(JSON.stringify(failure));
        out.name = saga ? error.errorName : 'TransientError';
        (saga ? log.info : log.warn)('saga step failed', {
          step: task,
          orderId: state.order.id,
          error: out.name,
          detail: failure.detail,
        });
        throw out;
      }
    });
}
