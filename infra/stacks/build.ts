import { Aspects, type App, type Environment } from 'aws-cdk-lib';
import { S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY } from 'aws-cdk-lib/cx-api';
import { ApiStack } from './api-stack.ts';
import { StatefulStack } from './stateful-stack.ts';
import { EventsStack, PublishToBus } from './events-stack.ts';
import { ObservabilityStack } from './observability-stack.ts';
import { JobsStack } from './jobs-stack.ts';
import { WebStack } from './web-stack.ts';

/** Builds the stacks on an app; shared by infra/app.ts and the infra tests. */
export function buildStacks(app: App, options: { version: string; env?: Environment }) {
  // S3 server access logs are delivered under a bucket policy of the log bucket (ACLs stay disabled).
  app.node.setContext(S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
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
  api.addStackDependency(stateful);
  const events = new EventsStack(app, 'ComptoirEvents', {
    env: options.env,
    stateful,
    version: options.version,
    description: 'Comptoir event rules, their consumers and dead-letter queues',
  });
  events.addStackDependency(stateful);
  const jobs = new JobsStack(app, 'ComptoirJobs', {
    env: options.env,
    stateful,
    stateMachines: api.stateMachines,
    version: options.version,
    description: 'Comptoir scheduled jobs (EventBridge Scheduler) and their functions',
  });
  jobs.addStackDependency(stateful);
  jobs.addStackDependency(api);
  // Every function of every stack knows the bus and may publish there its declared events only (docs/events.md).
  Aspects.of(app).add(new PublishToBus(stateful.bus));
  const alarmEmail = app.node.tryGetContext('opsAlarmEmail') as string | undefined;
  const observability = new ObservabilityStack(app, 'ComptoirObservability', {
    env: options.env,
    api: api.api,
    checkout: api.stateMachines.get('checkout'),
    ...(alarmEmail ? { alarmEmail } : {}),
    description: 'Comptoir operations: CloudWatch dashboard and alarms',
  });
  observability.addStackDependency(api);
  // The browser clients: static site in S3 behind CloudFront, the API as a second origin (docs/web.md).
  const web = new WebStack(app, 'ComptoirWeb', {
    env: options.env,
    api: api.api,
    description: 'Comptoir web clients: S3 site behind CloudFront, API on the same origin',
  });
  return { stateful, api, observability, events, jobs, web };
}
