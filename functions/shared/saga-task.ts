import type { Context } from 'aws-lambda';
import type { PaymentMethod } from '#domain/sales/money.ts';
import type { Channel, RequestedLine } from '#domain/sales/order.ts';
import {
  SagaError,
  type SagaStep,
  type ShortLine,
  type StepName,
  type TaskFailure,
} from '#domain/sales/saga.ts';
import { log, withCorrelation } from './correlation.ts';

/**
 * The checkout saga's data as it flows through the state machine (state-machines/checkout.asl.json).
 * The handler that starts it provides `correlationId` and `order`; each Task state writes its result
 * at its own ResultPath (below), and a Catch writes `error`. Money in cents (CAD), times ISO-8601 UTC.
 */
export interface SagaOrder {
  readonly id: string;
  readonly channel: Channel;
  readonly locationId: string;
  readonly lines: readonly RequestedLine[];
  readonly payment: { readonly method: PaymentMethod; readonly cardNumber?: string };
  readonly customerId?: string;
  readonly createdAt: string;
}

export interface PricedLine {
  readonly productId: string;
  readonly name: string;
  readonly priceCents: number;
}

export interface SagaState {
  readonly correlationId: string;
  readonly order: SagaOrder;
  /** $.priced — catalog/saga/price-order */
  readonly priced?: { readonly prices: readonly PricedLine[]; readonly step: SagaStep };
  /** $.reservation — inventory/saga/reserve-stock */
  readonly reservation?: { readonly step: SagaStep };
  /** $.payment — sales/saga/take-payment */
  readonly payment?: {
    readonly captureId: string;
    readonly amountCents: number;
    readonly cardLast4?: string;
    readonly step: SagaStep;
  };
  /** $.confirmation — sales/saga/confirm-order */
  readonly confirmation?: { readonly step: SagaStep };
  /** $.commit — inventory/saga/commit-stock */
  readonly commit?: { readonly step: SagaStep };
  /** $.refund — sales/saga/refund-payment */
  readonly refund?: { readonly refundedCents: number; readonly step?: SagaStep };
  /** $.release — inventory/saga/release-stock */
  readonly release?: { readonly step?: SagaStep };
  /** $.error — written by the Catch that started the compensation */
  readonly error?: { readonly Error?: string; readonly Cause?: string };
}

export type SagaTaskHandler<R> = (event: SagaState, context?: Context) => Promise<R>;

export const stepRecord = (name: StepName, status: SagaStep['status'], at: string): SagaStep => ({
  name,
  status,
  at,
});

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
