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
      PriceOrderFunctionArn: {
        handler: 'catalog/saga/price-order',
        tables: ['catalog'],
        writes: [],
        publishes: [],
      },
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
      ConfirmOrderFunctionArn: {
        handler: 'sales/saga/confirm-order',
        tables: ['sales'],
        writes: ['sales'],
        publishes: [],
      },
      CommitStockFunctionArn: {
        handler: 'inventory/saga/commit-stock',
        tables: ['inventory'],
        writes: ['inventory'],
        publishes: [...stockLedgerEvents],
      },
      PublishOrderConfirmedFunctionArn: {
        handler: 'sales/saga/publish-order-confirmed',
        tables: ['sales'],
        writes: ['sales'],
        publishes: ['OrderConfirmed'],
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
        publishes: [],
      },
      PublishOrderFailedFunctionArn: {
        handler: 'sales/saga/publish-order-failed',
        tables: ['sales'],
        writes: [],
        publishes: ['OrderFailed'],
      },
    },
  },
];

export function stateMachineByName(name: StateMachineName): StateMachineSpec {
  const spec = stateMachines.find((s) => s.name === name);
  if (!spec) throw new Error(`unknown state machine ${name}`);
  return spec;
}

/** The `${Name}` substitutions a definition uses, in order of appearance. */
export function substitutionsIn(definition: string): string[] {
  return [...new Set([...definition.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]!))];
}
