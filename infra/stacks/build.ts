import type { App, Environment } from 'aws-cdk-lib';
import { ApiStack } from './api-stack.ts';
import { StatefulStack } from './stateful-stack.ts';
import { ObservabilityStack } from './observability-stack.ts';

/** Builds the stacks on an app; shared by infra/app.ts and the infra tests. */
export function buildStacks(app: App, options: { version: string; env?: Environment }) {
  const stateful = new StatefulStack(app, 'ComptoirStateful', {
    env: options.env,
    description: 'Comptoir data: tables, bus, bucket',
  });
  const api = new ApiStack(app, 'ComptoirApi', {
    env: options.env,
    stateful,
    version: options.version,
    description: 'Comptoir API and functions',
  });
  api.addDependency(stateful);
  const alarmEmail = app.node.tryGetContext('opsAlarmEmail') as string | undefined;
  const observability = new ObservabilityStack(app, 'ComptoirObservability', {
    env: options.env,
    api: api.api,
    functions: api.functions,
    ...(alarmEmail ? { alarmEmail } : {}),
    description: 'Comptoir operations: CloudWatch dashboard and alarms',
  });
  observability.addDependency(api);
  return { stateful, api, observability };
}
