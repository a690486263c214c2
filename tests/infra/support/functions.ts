import type { BucketName } from '#infra/spec/buckets.ts';
import type { EventName } from '#infra/spec/events.ts';
import { routeKey, routes } from '#infra/spec/routes.ts';
import { rules } from '#infra/spec/rules.ts';
import { schedules } from '#infra/spec/schedules.ts';
import { stateMachines } from '#infra/spec/state-machines.ts';
import type { TableName } from '#infra/spec/tables.ts';

/**
 * Every Lambda function of the app with what its spec lets it touch, whatever the spec it comes
 * from (route, rule, schedule, saga task, the authorizer): the infra tests compare the deployed
 * grants, and the code, with these declarations.
 */
export interface FunctionSpec {
  /** Module under functions/ (COMPTOIR_HANDLER). */
  readonly handler: string;
  readonly kind: 'route' | 'authorizer' | 'rotation' | 'consumer' | 'job' | 'saga task';
  /** e.g. `GET /products`, `rule audit-trail`. */
  readonly label: string;
  /** For routes: the HTTP method (GET routes are the read routes). */
  readonly method?: string;
  readonly tables: readonly TableName[];
  readonly buckets: readonly BucketName[];
  readonly writes: readonly (TableName | BucketName)[];
  readonly publishes: readonly EventName[];
}

export const functionSpecs: readonly FunctionSpec[] = [
  ...routes.map((r): FunctionSpec => ({
    handler: r.handler,
    kind: 'route',
    label: routeKey(r),
    method: r.method,
    tables: r.tables,
    buckets: r.buckets ?? [],
    writes: r.writes ?? [],
    publishes: r.publishes ?? [],
  })),
  {
    handler: 'identity/authorizer',
    kind: 'authorizer',
    label: 'authorizer',
    // The token's user: active, and still at the token's version.
    tables: ['identity'],
    buckets: [],
    writes: [],
    publishes: [],
  },
  {
    // The signing secret's rotation (infra/stacks/api-stack.ts): the secret is its only resource.
    handler: 'identity/rotate-signing-key',
    kind: 'rotation',
    label: 'signing key rotation',
    tables: [],
    buckets: [],
    writes: [],
    publishes: [],
  },
  ...rules.map((r): FunctionSpec => ({
    handler: r.target,
    kind: 'consumer',
    label: `rule ${r.name}`,
    tables: r.tables,
    buckets: [],
    writes: r.writes ?? [],
    publishes: r.publishes ?? [],
  })),
  ...schedules.map((s): FunctionSpec => ({
    handler: s.target,
    kind: 'job',
    label: `schedule ${s.name}`,
    tables: s.tables,
    buckets: s.buckets,
    writes: s.writes,
    publishes: s.publishes ?? [],
  })),
  ...stateMachines.flatMap((sm) =>
    Object.entries(sm.tasks).map(([substitution, t]): FunctionSpec => ({
      handler: t.handler,
      kind: 'saga task',
      label: `${sm.name} ${substitution}`,
      tables: t.tables,
      buckets: [],
      writes: t.writes,
      publishes: t.publishes,
    })),
  ),
];

export function functionSpec(handler: string): FunctionSpec {
  const spec = functionSpecs.find((f) => f.handler === handler);
  if (!spec) throw new Error(`no spec declares a function for ${handler}`);
  return spec;
}
