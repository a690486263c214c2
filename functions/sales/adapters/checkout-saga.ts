import { SFNClient, StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import { stateMachineByName } from '#infra/spec/state-machines.ts';
import type { SagaOrder } from '#functions/shared/saga-task.ts';

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
export interface SagaOutcome {
  readonly status: string;
  readonly error?: string;
  readonly cause?: string;
}

export interface CheckoutSaga {
  run(input: { correlationId: string; order: SagaOrder }): Promise<SagaOutcome>;
}

const endpointOverridden = Boolean(process.env.AWS_ENDPOINT_URL_SFN ?? process.env.AWS_ENDPOINT_URL);
const client = new SFNClient({ disableHostPrefix: endpointOverridden });

export class StepFunctionsCheckout implements CheckoutSaga {
  async run(input: { correlationId: string; order: SagaOrder }): Promise<SagaOutcome> {
    const envVar = stateMachineByName('checkout').envVar;
    const arn = process.env[envVar];
    if (!arn) throw new Error(`${envVar} is not set`);
    const out = await client.send(
      new StartSyncExecutionCommand({
        stateMachineArn: arn,
        name: input.order.id,
        input: JSON.stringify(input),
      }),
    );
    return {
      status: out.status ?? 'FAILED',
      ...(out.error ? { error: out.error } : {}),
      ...(out.cause ? { cause: out.cause } : {}),
    };
  }
}
