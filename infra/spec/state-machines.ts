import { stockLedgerEvents, type EventName } from './events.ts';
import type { TableName } from './tables.ts';

/**
 * The one list of state machines, read by the CDK stack (an Express state machine from the ASL file,
 * one Lambda per task, `definitionSubstitutions` for their ARNs) and by the local Step Functions
 * endpoint (the same file, each substituted ARN mapped to the same handler module).
 * In the ASL file a Task's Resource is `${<substitution>}`, a key of `tasks`.
 */
export type StateMachineName = 'checkout';

export interface TaskSpec {
  /** Handler module under functions/, exporting `handler`, e.g. `inventory/saga/reserve-stock`. */
  readonly handler: string;
  /** Tables it uses: read only unless also in `writes` (as for routes). */
  readonly tables: readonly TableName[];
  readonly writes: readonly TableName[];
  /** Event types it can publish: its events:PutEvents is conditioned on them (none: no PutEvents). */
  readonly publishes: readonly EventName[];
}

export interface StateMachineSpec {
  readonly name: StateMachineName;
  /** ASL file (JSONPath only), relative to the repository root. */
  readonly file: string;
  readonly type: 'EXPRESS';
  /** Environment variable through which a starting function finds the state machine's ARN. */
  readonly envVar: string;
  /** Definition substitution name → the Lambda task it stands for. */
  readonly tasks: Readonly<Record<string, TaskSpec>>;
}

export const stateMachines: readonly StateMachineSpec[] = [
  {
    name: 'checkout',
    file: 'state-machines/checkout.asl.json',
    type: 'EXPRESS',
    envVar: 'CHECKOUT_STATE_MACHINE_ARN',
    tasks: {
      ReserveStockFunctionArn: {
        handler: 'inventory/saga/reserve-stock',
        tables: ['inventory'],
        writes: ['inventory'],
        publishes: ['StockReserved', ...stockLedgerEvents],
      },
      TakePaymentFunctionArn: {
        handler: 'sales/saga/take-payment',
        tables: ['sales'],
        writes: ['sales'],
        publishes: ['PaymentCaptured'],
      },
      CommitStockFunctionArn: {
        handler: 'inventory/saga/commit-stock',
        tables: ['inventory'],
        writes: ['inventory'],
        publishes: ['StockCommitted', ...stockLedgerEvents],
      },
      ConfirmOrderFunctionArn: {
        handler: 'sales/saga/confirm-order',
        tables: ['sales'],
        writes: ['sales'],
        publishes: ['OrderConfirmed', 'OrderFailed'],
      },
      AssessOrderFunctionArn: {
        handler: 'sales/saga/assess-order',
        tables: ['sales'],
        writes: ['sales'],
        publishes: [],
      },
      RefundPaymentFunctionArn: {
        handler: 'sales/saga/refund-payment',
        tables: ['sales'],
        writes: ['sales'],
        publishes: ['PaymentRefunded'],
      },
      ReleaseStockFunctionArn: {
        handler: 'inventory/saga/release-stock',
        tables: ['inventory'],
        writes: ['inventory'],
        publishes: ['StockReleased', ...stockLedgerEvents],
      },
      FailOrderFunctionArn: {
        handler: 'sales/saga/fail-order',
        tables: ['sales'],
        writes: ['sales'],
        publishes: ['OrderConfirmed', 'OrderFailed'],
      },
    },
  },
];

/**
 * The checkout's timeout budget, one set of numbers that nest (docs/checkout-saga.md, "Timeouts"):
 * a task's Lambda times out with its Task state; the execution, with every retry on any path, ends
 * within `executionTimeoutSeconds` (checked against the ASL by tests/unit/sales/saga-budget.test.ts);
 * the selling Lambda outlives the execution and API Gateway's 30 s outlive the Lambda. An order's
 * lease covers the execution and a task still running at its end: after it, nothing of that run can
 * still write, so the recovery (or a retry) may take the order over. What does not fit in the budget
 * ends in the `Unsettled` state and goes to the recovery, never to a longer timeout.
 */
export const checkoutBudget = {
  taskTimeoutSeconds: 2,
  executionTimeoutSeconds: 26,
  sellingLambdaTimeoutSeconds: 28,
  apiGatewayTimeoutSeconds: 30,
  leaseSeconds: 30,
  /** How long a retry waits for the run in flight before answering 409 request-in-progress. */
  retryWaitSeconds: 10,
} as const;

export function stateMachineByName(name: StateMachineName): StateMachineSpec {
  const spec = stateMachines.find((s) => s.name === name);
  if (!spec) throw new Error(`unknown state machine ${name}`);
  return spec;
}

/** The `${Name}` substitutions a definition uses, in order of appearance. */
export function substitutionsIn(definition: string): string[] {
  return [...new Set([...definition.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]!))];
}
