import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { eventBusName } from '../spec/rules.ts';
import { tables, type TableName } from '../spec/tables.ts';
import { buckets, type BucketName } from '../spec/buckets.ts';
import { acknowledge, reasons } from '../constructs/nag.ts';

/** How long access logs are kept: API Gateway's, S3's and CloudFront's alike. */
export const accessLogDays = 90;

/**
 * Everything that holds data, apart from the code that uses it, so that redeploying or even
 * destroying the API stack never risks the data: one DynamoDB table per context (from the table spec).
 */
export class StatefulStack extends Stack {
  readonly tables: Readonly<Record<TableName, Table>>;
  /** The custom bus every event goes through (docs/events.md), with a 30-day archive for replays. */
  readonly bus: EventBus;
  /** The S3 buckets of infra/spec/buckets.ts: encrypted, private, SSL only, access-logged, old objects expired. */
  readonly buckets: Readonly<Record<BucketName, Bucket>>;
  /** Where the buckets' server access logs go (`<bucket>/` prefixes), kept `accessLogDays`. */
  readonly accessLogsBucket: Bucket;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const made: Partial<Record<TableName, Table>> = {};
    for (const spec of tables) {
      const table = new Table(this, `${spec.name[0]!.toUpperCase()}${spec.name.slice(1)}Table`, {
        partitionKey: { name: spec.partitionKey, type: AttributeType.STRING },
        sortKey: { name: spec.sortKey, type: AttributeType.STRING },
        billingMode: BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        ...(spec.ttlAttribute ? { timeToLiveAttribute: spec.ttlAttribute } : {}),
        removalPolicy: RemovalPolicy.RETAIN,
        deletionProtection: true,
      });
      for (const index of spec.indexes) {
        table.addGlobalSecondaryIndex({
          indexName: index.name,
          partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
          sortKey: { name: index.sortKey, type: AttributeType.STRING },
          projectionType: ProjectionType.ALL,
        });
      }
      made[spec.name] = table;
    }
    this.tables = made as Record<TableName, Table>;

    // Server access logs of the data buckets (who read or wrote which export, from where).
    this.accessLogsBucket = new Bucket(this, 'AccessLogsBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      lifecycleRules: [{ id: 'expire-old-access-logs', expiration: Duration.days(accessLogDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.accessLogsBucket, ['AwsSolutions-S1'], reasons.logBucket);

    const madeBuckets: Partial<Record<BucketName, Bucket>> = {};
    for (const spec of buckets) {
      madeBuckets[spec.name] = new Bucket(this, `${spec.name[0]!.toUpperCase()}${spec.name.slice(1)}Bucket`, {
        encryption: BucketEncryption.S3_MANAGED,
        blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
        objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
        enforceSSL: true,
        versioned: false,
        serverAccessLogsBucket: this.accessLogsBucket,
        serverAccessLogsPrefix: `${spec.name}/`,
        lifecycleRules: [
          {
            id: 'expire-old-exports',
            prefix: spec.expire.prefix,
            expiration: Duration.days(spec.expire.afterDays),
            abortIncompleteMultipartUploadAfter: Duration.days(1),
          },
        ],
        removalPolicy: RemovalPolicy.RETAIN,
      });
    }
    this.buckets = madeBuckets as Record<BucketName, Bucket>;

    this.bus = new EventBus(this, 'EventBus', { eventBusName });
    this.bus.archive('EventArchive', {
      archiveName: `${eventBusName}-all`,
      description: 'Every event of the comptoir bus, for replays after an incident',
      eventPattern: { account: [this.account] },
      retention: Duration.days(30),
    });
  }
}
