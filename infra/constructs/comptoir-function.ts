import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { tableByName, type TableName } from '../spec/tables.ts';
import { bucketByName, type BucketName } from '../spec/buckets.ts';
import { repoRoot } from '../paths.ts';
import { functionBundling } from './bundling.ts';

/**
 * The house Lambda: Node 24 on arm64, bundled by the locally installed esbuild as ESM (never Docker),
 * JSON logs kept a month, X-Ray tracing, and `bindTable` to grant a table and set its variable.
 */
export interface ComptoirFunctionProps {
  /** Module under functions/, without extension, e.g. `catalog/search-products`. */
  readonly handler: string;
  readonly environment?: Record<string, string>;
  readonly timeout?: Duration;
  readonly memorySize?: number;
}

export class ComptoirFunction extends NodejsFunction {
  /** Its module under functions/, e.g. `catalog/search-products` (the dashboard lists functions by it). */
  readonly module: string;

  constructor(scope: Construct, id: string, props: ComptoirFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.ONE_MONTH });
    super(scope, id, {
      entry: `${repoRoot}functions/${props.handler}.ts`,
      handler: 'handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      logGroup,
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
  }

  bindTable(name: TableName, table: ITable, access: 'read' | 'write' = 'write'): void {
    if (access === 'read') table.grantReadData(this);
    else table.grantReadWriteData(this);
    this.addEnvironment(tableByName(name).envVar, table.tableName);
  }

  /** Grants read and write on a bucket's objects and sets the bucket's variable (infra/spec/buckets.ts). */
  bindBucket(name: BucketName, bucket: IBucket): void {
    bucket.grantReadWrite(this);
    this.addEnvironment(bucketByName(name).envVar, bucket.bucketName);
  }
}
