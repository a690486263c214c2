/**
 * The checkout saga's vocabulary: its steps, the record each step leaves on the order, the errors a
 * step may end with (their `name` is what the state machine's Retry/Catch match on) and the failure
 * an order is given for each.
 *
 * Step records: a forward step is `completed` or `failed`; when a later step fails, each completed
 * step that has an effect is undone in reverse order and appears a second time as `compensated`
 * (take-payment by a refund, then reserve-stock by a release).
 */
export type StepName =
  'price-order' | 'reserve-stock' | 'take-payment' | 'commit-stock' | 'confirm-order' | 'assess-order';
export const forwardSteps: readonly StepName[] = [
  'price-order',
  'reserve-stock',
  'take-payment',
  'commit-stock',
  'confirm-order',
  'assess-order',
];

/** Who took a step: the checkout saga run by the request, or the recovery finishing an interrupted order. */
export type Actor = 'saga' | 'recovery';

export type StepStatus = 'completed' | 'failed' | 'compensated';

export interface SagaStep {
  readonly name: StepName;
  readonly status: StepStatus;
  /** ISO-8601 UTC */
  readonly at: string;
  readonly detail?: string;
  /** Absent on orders from before the recovery existed: `saga`. */
  readonly actor?: Actor;
}

/** Error names of the saga, as thrown by task handlers and matched by the ASL file. */
export type SagaErrorName =
  | 'ProductNotFound'
  | 'InsufficientStock'
  | 'PaymentDeclined'
  | 'PaymentTransient'
  | 'PaymentTimeout'
  | 'PaymentReversed'
  /** The payment key was voided by a compensation before this capture arrived: nothing is charged. */
  | 'PaymentVoided'
  /** Commit found the order's hold released: a compensation got there first; the order fails. */
  | 'ReservationReleased'
  /** The recovery found an interrupted order that took no payment: it is released and failed. */
  | 'Interrupted'
  | 'TransientError';

export interface ShortLine {
  readonly productId: string;
  readonly requested: number;
  readonly available: number;
}

/** What a failed task tells the saga (serialized as the error's message, i.e. the ASL `Cause`). */
export interface TaskFailure {
  readonly step: StepName;
  readonly at: string;
  readonly detail: string;
  readonly shortLines?: readonly ShortLine[];
}

/** An error a task ends with on purpose; its name routes the state machine. */
export class SagaError extends Error {
  readonly errorName: SagaErrorName;
  readonly shortLines: readonly ShortLine[] | undefined;
  constructor(name: SagaErrorName, message: string, shortLines?: readonly ShortLine[]) {
    super(message);
    this.name = name;
    this.errorName = name;
    this.shortLines = shortLines;
  }
}

/** The failure recorded on an order, by the error that stopped its saga. */
export const failureCodes: Readonly<Record<string, string>> = {
  ProductNotFound: 'unknown-product',
  InsufficientStock: 'insufficient-stock',
  PaymentDeclined: 'payment-declined',
  PaymentTransient: 'payment-unavailable',
  PaymentTimeout: 'payment-unavailable',
  PaymentReversed: 'payment-reversed',
  ReservationReleased: 'interrupted',
  PaymentVoided: 'interrupted',
  Interrupted: 'interrupted',
  PromoExhausted: 'promo-exhausted',
};
export const failureCodeOf = (errorName: string): string => failureCodes[errorName] ?? 'internal-error';

/**
 * Failures that are the answer for good: the same request would fail the same way. Any other failure
 * (the provider unavailable, an interruption, an internal error) left nothing charged and nothing
 * held, so a retry with the same Idempotency-Key runs the order again.
 */
const finalErrors = new Set([
  'ProductNotFound',
  'InsufficientStock',
  'PaymentDeclined',
  'PaymentReversed',
  'PromoExhausted',
]);
export const isRetryableFailure = (errorName: string): boolean => !finalErrors.has(errorName);

/**
 * Reads a Catch output `{Error, Cause}`. Locally the Cause is the error's message (our JSON); on AWS a
 * Lambda error's Cause is `{"errorType","errorMessage","trace"}` whose errorMessage is our JSON; a
 * Step Functions error (States.Timeout, …) has free text. Unknown shapes become a generic failure.
 */
export function parseTaskFailure(
  error: { Error?: string; Cause?: string } | undefined,
  fallbackAt: string,
): { errorName: string } & TaskFailure {
  const errorName = error?.Error ?? 'States.Unknown';
  const tryJson = (text: unknown): Record<string, unknown> | undefined => {
    if (typeof text !== 'string') return undefined;
    try {
      const v: unknown = JSON.parse(text);
      return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  };
  let cause = tryJson(error?.Cause);
  if (cause && typeof cause.errorMessage === 'string') cause = tryJson(cause.errorMessage) ?? cause;
  const step = forwardSteps.includes(cause?.step as StepName) ? (cause?.step as StepName) : undefined;
  return {
    errorName,
    step: step ?? 'assess-order',
    at: typeof cause?.at === 'string' ? cause.at : fallbackAt,
    detail:
      typeof cause?.detail === 'string'
        ? cause.detail
        : typeof cause?.errorMessage === 'string'
          ? cause.errorMessage
          : (error?.Cause ?? errorName),
    ...(Array.isArray(cause?.shortLines) ? { shortLines: cause.shortLines as ShortLine[] } : {}),
  };
}

/** What the state machine has gathered by the time the order is confirmed or failed. */
export interface SagaProgress {
  readonly forward: readonly (SagaStep | undefined)[];
  readonly failed?: SagaStep;
  readonly compensations: readonly (SagaStep | undefined)[];
}

/** The order's step list: forward steps in order, then the failed one, then compensations in the order run. */
export function stepList(progress: SagaProgress): SagaStep[] {
  const present = (s: SagaStep | undefined): s is SagaStep => s !== undefined;
  return [
    ...progress.forward.filter(present),
    ...(progress.failed ? [progress.failed] : []),
    ...progress.compensations.filter(present),
  ];
}
