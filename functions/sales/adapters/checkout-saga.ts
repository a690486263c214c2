import { SFNClient, StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import { randomUUID } from 'node:crypto';
import { checkoutBudget, stateMachineByName } from '#infra/spec/state-machines.ts';
import { log } from '#functions/shared/correlation.ts';
import type { SagaResult, SagaState } from '#functions/shared/saga-task.ts';

/**
 * Starts the checkout saga (an Express state machine) and waits for its end: StartSyncExecution,
 * because a till cannot poll. The ARN comes from CHECKOUT_STATE_MACHINE_ARN.
 *
 * Endpoint: the SDK sends StartSyncExecution to `sync-states.<region>.amazonaws.com` by prefixing the
 * host with `sync-`. With an endpoint override (AWS_ENDPOINT_URL_SFN or AWS_ENDPOINT_URL: the local
 * runtime, LocalStack) the prefix would turn `127.0.0.1` into the unresolvable `sync-127.0.0.1`, so
 * host prefixing is disabled exactly when an endpoint is configured: the override names the host to
 * use. On AWS (no override) the SDK's own `sync-` endpoint is used. Same code in all three places.
 */
export interface CheckoutSaga {
  /**
   * Runs the saga for one attempt of an order and answers with how it ended: the order as the run
   * left it (confirmed or failed), or `unsettled` — the run could not finish within its budget, or
   * its answer was lost — in which case the order is pending and the recovery (or a retry) finishes it.
   */
  run(input: SagaState): Promise<SagaResult>;
}

const endpointOverridden = Boolean(process.env.AWS_ENDPOINT_URL_SFN ?? process.env.AWS_ENDPOINT_URL);
const client = new SFNClient({
  disableHostPrefix: endpointOverridden,
  // The execution ends within its budget; waiting longer would only outlive the Lambda.
  requestHandler: { requestTimeout: (checkoutBudget.executionTimeoutSeconds + 1) * 1000 },
  maxAttempts: 1,
});

export class StepFunctionsCheckout implements CheckoutSaga {
  async run(input: SagaState): Promise<SagaResult> {
    const envVar = stateMachineByName('checkout').envVar;
    const arn = process.env[envVar];
    if (!arn) throw new Error(`${envVar} is not set`);
    try {
      const out = await client.send(
        new StartSyncExecutionCommand({
          stateMachineArn: arn,
          // Express executions do not dedupe names; every task is idempotent by the run id instead.
          name: `${input.order.runId.replace(/[^A-Za-z0-9_-]/g, '-')}-${randomUUID().slice(0, 8)}`.slice(
            0,
            80,
          ),
          input: JSON.stringify(input),
        }),
      );
      if (out.status === 'SUCCEEDED' && out.output) {
        const result = JSON.parse(out.output) as SagaResult;
        if (result.status === 'unsettled')
          log.warn('checkout execution left the order to the recovery', { ...result });
        return result;
      }
      log.error('checkout execution ended without an outcome', {
        orderId: input.order.id,
        status: out.status,
        error: out.error,
      });
      return { status: 'unsettled', orderId: input.order.id, ...(out.error ? { error: out.error } : {}) };
    } catch (error) {
      // The start itself failed or its answer was lost: the order's lease decides who finishes it.
      log.error('checkout execution could not be awaited', { orderId: input.order.id, error });
      return { status: 'unsettled', orderId: input.order.id, error: String(error) };
    }
  }
}
