import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  CfnOutput,
  DockerImage,
  Duration,
  Fn,
  RemovalPolicy,
  Stack,
  Token,
  type StackProps,
} from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  SSLMethod,
  ViewerProtocolPolicy,
  type BehaviorOptions,
  type ResponseSecurityHeadersBehavior,
  type ResponseCustomHeader,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  ObjectOwnership,
  type CfnBucket,
} from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { acknowledge, reasons } from '../constructs/nag.ts';
import { repoRoot } from '../paths.ts';
import { routes, type RouteSpec } from '../spec/routes.ts';
import { securityHeaders, strictTransportSecurity } from '../spec/security-headers.ts';
import { webDomain } from './context.ts';
import { accessLogDays } from './stateful-stack.ts';

export interface WebStackProps extends StackProps {
  readonly api: HttpApi;
}

/**
 * The browser clients in AWS: the static site (built by local/web-build.ts) in a private bucket,
 * served by CloudFront with origin access control, and the HTTP API as a second origin of the same
 * distribution, so pages call the API on their own origin exactly as they do locally. Every answer
 * (pages and API) carries the security headers of infra/spec/security-headers.ts; viewers need TLS 1.2
 * when the site has its own domain (context `webDomainName`, infra/stacks/context.ts); CloudFront and
 * the bucket log every request.
 */
export class WebStack extends Stack {
  readonly distribution: Distribution;
  readonly bucket: Bucket;
  /** CloudFront's standard logs (`cloudfront/`) and the site bucket's access logs (`site/`). */
  readonly logsBucket: Bucket;
  readonly responseHeadersPolicy: ResponseHeadersPolicy;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    // CloudFront's standard logs are written with an ACL grant: this bucket keeps ACLs enabled
    // (bucket owner preferred), and nothing else in it is public.
    this.logsBucket = new Bucket(this, 'LogsBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      enforceSSL: true,
      lifecycleRules: [{ id: 'expire-old-logs', expiration: Duration.days(accessLogDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.logsBucket, ['AwsSolutions-S1'], reasons.logBucket);
    this.bucket = new Bucket(this, 'SiteBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: this.logsBucket,
      serverAccessLogsPrefix: 'site/',
      // Built files only: the site is rebuilt and redeployed from the repository at every deploy.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.responseHeadersPolicy = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Comptoir security headers (infra/spec/security-headers.ts), on pages and API answers',
      ...securityHeadersBehaviors(),
    });

    // `/web/pos/` → `/web/pos/index.html`, as the local gateway does for a folder; and an app's service
    // worker `/web/<app>/sw.js` → its bundle `/web/dist/<app>-sw.js` (served from the app's folder, it
    // controls the app's pages: docs/web.md, "Offline till").
    const folderIndex = new CloudFrontFunction(this, 'FolderIndex', {
      comment: 'Serve index.html for paths ending with a slash, and apps service workers',
      code: FunctionCode.fromInline(
        'function handler(event) { var r = event.request; if (r.uri.endsWith("/")) r.uri += "index.html"; ' +
          'else { var m = r.uri.match(/^\\/web\\/([a-z]+)\\/sw\\.js$/); if (m) r.uri = "/web/dist/" + m[1] + "-sw.js"; } return r; }',
      ),
    });

    const apiOrigin = new HttpOrigin(Fn.select(2, Fn.split('/', props.api.apiEndpoint)), {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
    });
    const apiBehavior: BehaviorOptions = {
      origin: apiOrigin,
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: this.responseHeadersPolicy,
    };

    const domain = webDomain(this);
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Comptoir web clients and API',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      // With the site's own domain: its certificate, SNI, and TLS 1.2 at least.
      ...(domain
        ? {
            domainNames: [domain.domainName],
            certificate: Certificate.fromCertificateArn(this, 'SiteCertificate', domain.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
            sslSupportMethod: SSLMethod.SNI,
          }
        : {}),
      enableLogging: true,
      logBucket: this.logsBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.responseHeadersPolicy,
        functionAssociations: [{ function: folderIndex, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: Object.fromEntries(apiPathPatterns().map((p) => [p, apiBehavior])),
    });
    if (!domain) acknowledge(this.distribution, ['AwsSolutions-CFR4'], reasons.defaultCertificate);
    acknowledge(this.distribution, ['AwsSolutions-CFR1'], reasons.geoRestriction);
    acknowledge(this.distribution, ['AwsSolutions-CFR2'], reasons.waf);

    new BucketDeployment(this, 'Site', {
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      // Bundles are not content-hashed yet: every file is revalidated (cheap with ETags).
      cacheControl: [CacheControl.noCache()],
      sources: [
        Source.asset(join(repoRoot, 'web'), {
          bundling: {
            image: DockerImage.fromRegistry('node:24-slim'),
            command: ['false'],
            local: {
              tryBundle(outputDir: string) {
                execFileSync(process.execPath, [join(repoRoot, 'local/web-build.ts'), outputDir], {
                  stdio: 'inherit',
                });
                return true;
              },
            },
          },
        }),
      ],
      memoryLimit: 256,
    });
    this.acknowledgeDeploymentHandler();

    new CfnOutput(this, 'WebUrl', {
      value: `https://${domain?.domainName ?? this.distribution.distributionDomainName}/`,
    });
    new CfnOutput(this, 'SiteBucketName', { value: this.bucket.bucketName });
  }

  /** CDK's BucketDeployment handler (a singleton function at the stack's root) is CDK's, not ours. */
  private acknowledgeDeploymentHandler(): void {
    const handler = this.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (!handler) throw new Error('the BucketDeployment handler was not found');
    const siteBucket = this.getLogicalId(this.bucket.node.defaultChild as CfnBucket);
    acknowledge(
      handler,
      [
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map(
          (a) => `AwsSolutions-IAM5[Action::${a}]`,
        ),
        `AwsSolutions-IAM5[Resource::arn:${shown(this.partition, 'AWS::Partition')}:s3:::cdk-hnb659fds-assets-${shown(this.account, 'AWS::AccountId')}-${shown(this.region, 'AWS::Region')}/*]`,
        `AwsSolutions-IAM5[Resource::<${siteBucket}.Arn>/*]`,
        'AwsSolutions-IAM5[Resource::*]',
        'AwsSolutions-L1',
        'Serverless-LambdaLatestVersion',
        'Serverless-LambdaTracing',
        'Serverless-LambdaDLQ',
      ],
      reasons.cdkAsset,
    );
  }
}

/** A stack attribute as cdk-nag writes it in a finding: the value when known, else `<AWS::Pseudo>`. */
const shown = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<${pseudo}>` : value);

/**
 * The CloudFront form of infra/spec/security-headers.ts (the one list for AWS and the local gateway):
 * CloudFront's security headers where it has one, the others as custom headers; every value
 * overrides what an origin sent. A header CloudFront cannot express fails the synth.
 */
export function securityHeadersBehaviors(headers: Readonly<Record<string, string>> = securityHeaders): {
  securityHeadersBehavior: ResponseSecurityHeadersBehavior;
  customHeadersBehavior: { customHeaders: ResponseCustomHeader[] };
} {
  const behavior: {
    -readonly [K in keyof ResponseSecurityHeadersBehavior]: ResponseSecurityHeadersBehavior[K];
  } = {
    strictTransportSecurity: {
      accessControlMaxAge: Duration.seconds(strictTransportSecurity.maxAgeSeconds),
      includeSubdomains: strictTransportSecurity.includeSubdomains,
      override: true,
    },
  };
  const customHeaders: ResponseCustomHeader[] = [];
  for (const [name, value] of Object.entries(headers)) {
    switch (name) {
      case 'content-security-policy':
        behavior.contentSecurityPolicy = { contentSecurityPolicy: value, override: true };
        break;
      case 'x-content-type-options':
        if (value !== 'nosniff') throw new Error(`x-content-type-options: CloudFront only sends nosniff`);
        behavior.contentTypeOptions = { override: true };
        break;
      case 'x-frame-options': {
        const frameOption = Object.values(HeadersFrameOption).find((o) => o === value);
        if (!frameOption) throw new Error(`x-frame-options ${value}: CloudFront sends DENY or SAMEORIGIN`);
        behavior.frameOptions = { frameOption, override: true };
        break;
      }
      case 'referrer-policy': {
        const referrerPolicy = Object.values(HeadersReferrerPolicy).find((p) => p === value);
        if (!referrerPolicy) throw new Error(`referrer-policy ${value} is not one CloudFront knows`);
        behavior.referrerPolicy = { referrerPolicy, override: true };
        break;
      }
      default:
        customHeaders.push({ header: name, value, override: true });
    }
  }
  return { securityHeadersBehavior: behavior, customHeadersBehavior: { customHeaders } };
}

/**
 * CloudFront path patterns sending requests to the API: one per first path segment of the route
 * table (`/products*` covers `/products` and `/products/{id}`). The site lives under `/web/` and `/`.
 */
export function apiPathPatterns(list: readonly RouteSpec[] = routes): string[] {
  const segments = new Set(list.map((r) => r.path.split('/')[1]!).filter(Boolean));
  return [...segments].sort().map((s) => `/${s}*`);
}
