import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildStacks } from '#infra/stacks/build.ts';
import { apiPathPatterns } from '#infra/stacks/web-stack.ts';
import { routes } from '#infra/spec/routes.ts';

/** CloudFormation JSON, read loosely. */
type Json = any;

let template: Template;
beforeAll(() => {
  const { web } = buildStacks(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), { version: 'test' });
  template = Template.fromStack(web);
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

  it('deploys the built site to the bucket and invalidates the distribution', () => {
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DistributionPaths: ['/*'],
    });
  });
});
