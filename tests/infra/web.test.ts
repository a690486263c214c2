import type { Template } from 'aws-cdk-lib/assertions';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiPathPatterns } from '#infra/stacks/web-stack.ts';
import { routes } from '#infra/spec/routes.ts';
import { hstsValue, securityHeaders } from '#infra/spec/security-headers.ts';
import { appStacks, templateOf } from './support/stacks.ts';

/** CloudFormation JSON, read loosely. */
type Json = any;

let template: Template;
beforeAll(() => {
  template = templateOf(appStacks().web);
});

const distribution = (): Json =>
  Object.values(template.findResources('AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig;

describe('web hosting stack', () => {
  it('keeps the site bucket private, encrypted and reachable only through CloudFront', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: Match.objectLike({}),
    });
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    const config = distribution();
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
  });

  it('sends every route of the route table to the API origin, uncached, and nothing else', () => {
    const config = distribution();
    const behaviors: Json[] = config.CacheBehaviors;
    const apiOriginId = behaviors[0].TargetOriginId;
    expect(apiOriginId).not.toBe(config.DefaultCacheBehavior.TargetOriginId);
    for (const b of behaviors) {
      expect(b.TargetOriginId).toBe(apiOriginId);
      expect(b.AllowedMethods).toContain('POST');
      expect(b.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad'); // managed CachingDisabled
    }
    const patterns: string[] = behaviors.map((b) => b.PathPattern);
    for (const r of routes) {
      const glob = (p: string) => new RegExp(`^${p.replace(/[.]/g, '\\.').replace(/\*/g, '.*')}$`);
      expect(
        patterns.some((p) => glob(p).test(r.path)),
        `${r.method} ${r.path}`,
      ).toBe(true);
    }
    // The pages keep their own paths: no API pattern catches /web/… or the landing page.
    expect(patterns.some((p) => p.startsWith('/web') || p === '/*' || p === '/')).toBe(false);
    expect(patterns).toEqual(apiPathPatterns());
    expect(patterns.length).toBeLessThanOrEqual(25); // CloudFront's default quota of behaviours
  });

  it('serves folder paths such as /web/pos/ from their index.html', () => {
    const fn = Object.values(template.findResources('AWS::CloudFront::Function'))[0]!.Properties;
    expect(fn.FunctionCode).toContain('index.html');
    expect(distribution().DefaultCacheBehavior.FunctionAssociations[0].EventType).toBe('viewer-request');
  });

  it("serves an app's service worker from the app's folder (/web/pos/sw.js), as the local gateway does", () => {
    const code = Object.values(template.findResources('AWS::CloudFront::Function'))[0]!.Properties
      .FunctionCode as string;
    const handler = new Function(`${code}; return handler;`)() as (e: { request: { uri: string } }) => {
      uri: string;
    };
    const uriOf = (uri: string) => handler({ request: { uri } }).uri;
    expect(uriOf('/web/pos/sw.js')).toBe('/web/dist/pos-sw.js');
    expect(uriOf('/web/pos/')).toBe('/web/pos/index.html');
    expect(uriOf('/web/dist/pos.js')).toBe('/web/dist/pos.js');
  });

  it('sends the security headers of infra/spec/security-headers.ts with every page and API answer', () => {
    const policies = Object.entries(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
    expect(policies).toHaveLength(1);
    const [policyId, policy] = policies[0]!;
    const config: Json = policy.Properties.ResponseHeadersPolicyConfig;
    const security = config.SecurityHeadersConfig;
    // The header values CloudFront will send, as a browser reads them.
    const sent: Record<string, string> = {
      'content-security-policy': security.ContentSecurityPolicy.ContentSecurityPolicy,
      'x-content-type-options': security.ContentTypeOptions ? 'nosniff' : '',
      'x-frame-options': security.FrameOptions.FrameOption,
      'referrer-policy': security.ReferrerPolicy.ReferrerPolicy,
      ...Object.fromEntries(
        (config.CustomHeadersConfig.Items as Json[]).map((h) => [h.Header.toLowerCase(), h.Value]),
      ),
    };
    expect(sent).toEqual(securityHeaders);
    const hsts = security.StrictTransportSecurity;
    expect(
      `max-age=${hsts.AccessControlMaxAgeSec}${hsts.IncludeSubdomains ? '; includeSubDomains' : ''}`,
    ).toBe(hstsValue);
    expect(sent['content-security-policy']).toContain("frame-ancestors 'none'");
    // Every value overrides the origin's, on every behaviour (pages and API).
    for (const h of [
      security.ContentSecurityPolicy,
      security.ContentTypeOptions,
      security.FrameOptions,
      security.ReferrerPolicy,
      hsts,
      ...config.CustomHeadersConfig.Items,
    ])
      expect(h.Override).toBe(true);
    const config_ = distribution();
    for (const b of [config_.DefaultCacheBehavior, ...config_.CacheBehaviors])
      expect(b.ResponseHeadersPolicyId, b.PathPattern ?? 'default').toEqual({ Ref: policyId });
  });

  it('logs every request (CloudFront standard logs) and the site bucket accesses to the logs bucket', () => {
    const config = distribution();
    const logsBucket = Object.entries(template.findResources('AWS::S3::Bucket')).find(([id]) =>
      id.startsWith('LogsBucket'),
    )!;
    expect(config.Logging).toMatchObject({ Prefix: 'cloudfront/' });
    expect(JSON.stringify(config.Logging.Bucket)).toContain(logsBucket[0]);
    // CloudFront writes its logs with an ACL grant; the bucket stays private otherwise.
    expect(logsBucket[1].Properties.OwnershipControls.Rules[0].ObjectOwnership).toBe('BucketOwnerPreferred');
    expect(logsBucket[1].Properties.PublicAccessBlockConfiguration.BlockPublicAcls).toBe(true);
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { DestinationBucketName: { Ref: logsBucket[0] }, LogFilePrefix: 'site/' },
    });
  });

  it("serves CloudFront's own name without a custom certificate by default (TLS 1.2 needs a domain)", () => {
    const config = distribution();
    expect(config.Aliases).toBeUndefined();
    expect(config.ViewerCertificate).toBeUndefined();
  });

  it('deploys the built site to the bucket and invalidates the distribution', () => {
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DistributionPaths: ['/*'],
    });
  });
});
