import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * The one way this app suppresses a cdk-nag finding: next to the resource, with its reason.
 * cdk-nag 3 reads CDK's own acknowledgements (`Validations.of(scope).acknowledge`), on the resource
 * or any construct above it; a rule that reports several findings (IAM5) is acknowledged per finding,
 * `AwsSolutions-IAM5[Resource::*]`. Every acknowledgement is listed and reviewed in
 * docs/operations.md (tests/infra/nag.test.ts fails when the table and the app disagree).
 */
export function acknowledge(scope: IConstruct, ids: readonly string[], reason: string): void {
  for (const id of ids) Validations.of(scope).acknowledge({ id, reason });
}

/** The reasons given more than once, so that the review table can name each once. */
export const reasons = {
  xray: 'X-Ray tracing (Tracing.ACTIVE): xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions, so they are granted on *; nothing else is (tests/infra/least-privilege.test.ts).',
  bucketObjects:
    'Objects under the bucket key prefix only (exports/<day>/<exportId>/<file>: one key per export, unknown in advance); the action list is exact (s3:GetObject, plus s3:PutObject for writers).',
  syncInvoked:
    'Invoked synchronously (API Gateway route or authorizer, Step Functions task): a failure is answered to the caller, who retries; a dead-letter queue only serves asynchronous invocations.',
  consumerDestination:
    "Asynchronous failures go to the rule's SQS queue through the function's on-failure destination (EventInvokeConfig), which records the error as well as the event; a Lambda DLQ would hold the event a second time without the error.",
  rotationInvoked:
    'Invoked synchronously by Secrets Manager, once per rotation step: a failed step fails the rotation, which Secrets Manager retries whole (each step checks what is already done); a dead-letter queue only serves asynchronous invocations.',
  stateMachineRole:
    'The state machine role: CloudWatch Logs vended log delivery (logs:CreateLogDelivery, GetLogDelivery, UpdateLogDelivery, DeleteLogDelivery, ListLogDeliveries, PutResourcePolicy, DescribeResourcePolicies, DescribeLogGroups) and X-Ray (xray:PutTraceSegments, PutTelemetryRecords, GetSamplingRules, GetSamplingTargets) support no resource-level permissions; its lambda:InvokeFunction names each task function.',
  sagaLogLevel:
    'The Express checkout saga logs ERROR level, without execution data (the input carries a card number): ALL would write some 30 log events per sale (5 per task state) on the POS path; every task function already logs its step with the order id and correlation id, and the order keeps its saga steps (GET /orders/{orderId}).',
  scheduledJob:
    "Invoked asynchronously by EventBridge Scheduler with a relative input ({ period: 'yesterday' }): the schedule retries it (3 times within an hour) and a failed run raises the ScheduledJobFailed alarm; it is re-run with POST /reports/exports for that period, whereas an event redriven later from a DLQ would export another 'yesterday'.",
  deadLetterQueue:
    'This queue is itself the dead-letter queue of its rule (EventBridge target DLQ and the consumer on-failure destination); messages are redriven by putting the events back on the bus (docs/operations.md#dead-letters), so it has no DLQ of its own.',
  logBucket:
    'This bucket receives the access logs; logging its own accesses into itself would loop, and another bucket would need one in turn.',
  defaultCertificate:
    "Without the site's own domain (context webDomainName + webCertificateArn, docs/web.md), CloudFront serves its *.cloudfront.net certificate and then fixes the security policy at TLSv1 whatever the template says; browsers negotiate TLS 1.2 or 1.3 with it. With a domain, the distribution requires TLSv1.2_2021 and this acknowledgement is not made.",
  geoRestriction:
    'No geographic restriction: web-shop customers and travelling staff may connect from anywhere; the API is protected by its authorizer, per-route throttling and login throttling, not by country.',
  waf: 'No AWS WAF web ACL (a CloudFront one lives in us-east-1 and costs a monthly fee per rule): the API throttles every route at the stage (stricter on /auth/*), identity throttles failed logins per username, and bad input is refused by the handlers. A web ACL can be attached later through the distribution webAclId.',
  cdkAsset:
    "CDK's own BucketDeployment handler (a singleton Lambda CDK generates to copy the built site from the CDK asset bucket): its runtime, role and policies are CDK's; it runs only during a deploy.",
} as const;
