import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { CfnOutput, DockerImage, Fn, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ViewerProtocolPolicy,
  type BehaviorOptions,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { repoRoot } from '../paths.ts';
import { routes, type RouteSpec } from '../spec/routes.ts';

export interface WebStackProps extends StackProps {
  readonly api: HttpApi;
}

/**
 * The browser clients in AWS: the static site (built by local/web-build.ts) in a private bucket,
 * served by CloudFront with origin access control, and the HTTP API as a second origin of the same
 * distribution, so pages call the API on their own origin exactly as they do locally.
 */
export class WebStack extends Stack {
  readonly distribution: Distribution;
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    this.bucket = new Bucket(this, 'SiteBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // Built files only: the site is rebuilt and redeployed from the repository at every deploy.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // `/web/pos/` → `/web/pos/index.html`, as the local gateway does for a folder.
    const folderIndex = new CloudFrontFunction(this, 'FolderIndex', {
      comment: 'Serve index.html for paths ending with a slash',
      code: FunctionCode.fromInline(
        'function handler(event) { var r = event.request; if (r.uri.endsWith("/")) r.uri += "index.html"; return r; }',
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
    };

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Comptoir web clients and API',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        functionAssociations: [{ function: folderIndex, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: Object.fromEntries(apiPathPatterns().map((p) => [p, apiBehavior])),
    });

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

    new CfnOutput(this, 'WebUrl', { value: `https://${this.distribution.distributionDomainName}/` });
    new CfnOutput(this, 'SiteBucketName', { value: this.bucket.bucketName });
  }
}

/**
 * CloudFront path patterns sending requests to the API: one per first path segment of the route
 * table (`/products*` covers `/products` and `/products/{id}`). The site lives under `/web/` and `/`.
 */
export function apiPathPatterns(list: readonly RouteSpec[] = routes): string[] {
  const segments = new Set(list.map((r) => r.path.split('/')[1]!).filter(Boolean));
  return [...segments].sort().map((s) => `/${s}*`);
}
