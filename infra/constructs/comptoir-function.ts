import { Duration, Stack } from 'aws-cdk-lib';
import type { CfnBucket, IBucket } from 'aws-cdk-lib/aws-s3';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { tableByName, type TableName } from '../spec/tables.ts';
import { bucketByName, type BucketName } from '../spec/buckets.ts';
import { eventsBySource, type EventName } from '../spec/events.ts';
import { repoRoot } from '../paths.ts';
import { functionBundling } from './bundling.ts';
import { acknowledge, reasons } from './nag.ts';

/** What a function may do to a table or bucket it binds: read only, or read and write. */
export type Access = 'read' | 'write';

/** DynamoDB actions the functions use (no Scan: no request path scans, docs/architecture.md). */
export const tableReadActions = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] as const;
export const tableWriteActions = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;

/**
 * The house Lambda: Node 24 on arm64, bundled by the locally installed esbuild as ESM (never Docker),
 * JSON logs kept a month, X-Ray tracing, and least privilege: its own role may write its context's
 * log group only (no AWS managed policy), `bindTable` / `bindBucket` grant read unless asked for write,
 * and `allowPublishing` lets it put on the bus exactly the event types it declares.
 */
export interface ComptoirFunctionProps {
  /** Module under functions/, without extension, e.g. `catalog/search-products`. */
  readonly handler: string;
  readonly environment?: Record<string, string>;
  readonly timeout?: Duration;
  readonly memorySize?: number;
  /** Event types its code can publish (infra/spec/events.ts); none: no events:PutEvents at all. */
  readonly publishes?: readonly EventName[];
}

/**
 * One log group per bounded context and stack (`sales`, `inventory`, …), shared by that context's
 * functions: each writes its own streams (`<date>/<function name>[$LATEST]…`), kept a month. A group
 * per function was 81 resources in the API stack alone and took it past CloudFormation's 500
 * resources per stack (docs/operations.md, "Logs").
 */
const contextLogGroups = new WeakMap<Stack, Map<string, LogGroup>>();
function contextLogGroup(scope: Construct, handler: string): LogGroup {
  const stack = Stack.of(scope);
  let groups = contextLogGroups.get(stack);
  if (!groups) contextLogGroups.set(stack, (groups = new Map()));
  const context = handler.split('/')[0]!;
  let group = groups.get(context);
  if (!group) {
    const name = context.replace(/(^|[^a-zA-Z0-9])([a-zA-Z0-9])/g, (_m, _s, c: string) => c.toUpperCase());
    group = new LogGroup(stack, `${name}FunctionLogs`, { retention: RetentionDays.ONE_MONTH });
    groups.set(context, group);
  }
  return group;
}

export class ComptoirFunction extends NodejsFunction {
  /** Its module under functions/, e.g. `catalog/search-products` (the dashboard lists functions by it). */
  readonly module: string;
  /** The event types it may publish, as declared in its spec. */
  readonly publishes: readonly EventName[];
  /** Its execution role (made here, so that no managed policy is attached). */
  readonly executionRole: Role;

  constructor(scope: Construct, id: string, props: ComptoirFunctionProps) {
    const logGroup = contextLogGroup(scope, props.handler);
    const role = new Role(scope, `${id}ServiceRole`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Comptoir function ${props.handler}`,
    });
    super(scope, id, {
      entry: `${repoRoot}functions/${props.handler}.ts`,
      handler: 'handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      logGroup,
      role,
      depsLockFilePath: `${repoRoot}package-lock.json`,
      projectRoot: repoRoot,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'comptoir',
        COMPTOIR_HANDLER: props.handler,
        ...props.environment,
      },
      bundling: functionBundling,
    });
    this.module = props.handler;
    this.publishes = props.publishes ?? [];
    this.executionRole = role;
    // Instead of AWSLambdaBasicExecutionRole (logs:* on every group): its context's group only.
    logGroup.grantWrite(role);
    acknowledge(role, ['AwsSolutions-IAM5[Resource::*]'], reasons.xray);
  }

  /**
   * Sets the table's variable and grants it: GetItem, BatchGetItem and Query on the table and on
   * each of its indexes (infra/spec/tables.ts, named: no `index/*`), plus PutItem, UpdateItem,
   * DeleteItem and BatchWriteItem on the table for `write`.
   */
  bindTable(name: TableName, table: ITable, access: Access): void {
    const indexes = tableByName(name).indexes.map((i) => `${table.tableArn}/index/${i.name}`);
    this.addToRolePolicy(
      new PolicyStatement({ actions: [...tableReadActions], resources: [table.tableArn, ...indexes] }),
    );
    if (access === 'write')
      this.addToRolePolicy(
        new PolicyStatement({ actions: [...tableWriteActions], resources: [table.tableArn] }),
      );
    this.addEnvironment(tableByName(name).envVar, table.tableName);
  }

  /**
   * Sets the bucket's variable and grants s3:GetObject (and s3:PutObject for `write`) on the objects
   * under the bucket's key prefix (infra/spec/buckets.ts): no listing, no deletion, no bucket settings.
   */
  bindBucket(name: BucketName, bucket: IBucket, access: Access): void {
    const spec = bucketByName(name);
    const actions = access === 'write' ? ['s3:GetObject', 's3:PutObject'] : ['s3:GetObject'];
    // From another stack, the ARN is that stack's export (the one CDK makes for the reference anyway),
    // so that the policy, and cdk-nag's name for its finding, are the same before and after synthesis.
    const home = Stack.of(bucket);
    const crossStack = home !== Stack.of(this);
    const arn = crossStack ? home.exportValue(bucket.bucketArn) : bucket.bucketArn;
    this.addToRolePolicy(new PolicyStatement({ actions, resources: [`${arn}/${spec.keyPrefix}*`] }));
    this.addEnvironment(spec.envVar, bucket.bucketName);
    const named = crossStack
      ? (home.resolve(arn) as { 'Fn::ImportValue': string })['Fn::ImportValue']
      : `<${home.getLogicalId(bucket.node.defaultChild as CfnBucket)}.Arn>`;
    acknowledge(
      this.executionRole,
      [`AwsSolutions-IAM5[Resource::${named}/${spec.keyPrefix}*]`],
      reasons.bucketObjects,
    );
  }

  /**
   * Tells the function the bus (EVENT_BUS_NAME) and, if it declares event types, allows
   * events:PutEvents on that bus only, one statement per source, conditioned on `events:source`
   * and `events:detail-type`: an entry of another type is refused by EventBridge
   * (AccessDeniedException in the entry), so a function cannot announce what it does not own.
   */
  allowPublishing(bus: IEventBus): void {
    this.addEnvironment('EVENT_BUS_NAME', bus.eventBusName);
    for (const [source, names] of eventsBySource(this.publishes))
      this.addToRolePolicy(
        new PolicyStatement({
          actions: ['events:PutEvents'],
          resources: [bus.eventBusArn],
          conditions: { StringEquals: { 'events:source': source, 'events:detail-type': names } },
        }),
      );
  }
}
