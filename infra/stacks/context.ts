import type { IConstruct } from 'constructs';

/**
 * Deployment settings read from the CDK context (`cdk deploy -c key=value`, or `cdk.json`). Every one
 * is optional: without them the app deploys on CloudFront's own `*.cloudfront.net` name.
 *
 * - `webDomainName` + `webCertificateArn`: the site's own domain (e.g. `caisse.example.com`) and its
 *   ACM certificate in us-east-1. CloudFront then serves that name with TLS 1.2 at least
 *   (TLSv1.2_2021), and it is the origin the API allows for CORS.
 * - `corsAllowOrigins`: further origins the API answers CORS for, comma-separated `https://…`
 *   (e.g. the `WebUrl` CloudFront printed at the first deploy, if pages are served elsewhere).
 */
export interface WebDomain {
  readonly domainName: string;
  readonly certificateArn: string;
}

const text = (scope: IConstruct, key: string): string | undefined => {
  const value: unknown = scope.node.tryGetContext(key);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

export function webDomain(scope: IConstruct): WebDomain | undefined {
  const domainName = text(scope, 'webDomainName');
  const certificateArn = text(scope, 'webCertificateArn');
  if (!domainName && !certificateArn) return undefined;
  if (!domainName || !certificateArn)
    throw new Error('webDomainName and webCertificateArn go together (the certificate must cover the name)');
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(domainName))
    throw new Error(`webDomainName ${domainName} is not a domain name`);
  if (!/^arn:aws[\w-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/.test(certificateArn))
    throw new Error(
      'webCertificateArn must be an ACM certificate in us-east-1 (CloudFront reads them there)',
    );
  return { domainName, certificateArn };
}

/**
 * The origins the API answers CORS for: the site's own domain when it has one, plus
 * `corsAllowOrigins`. Never `*`. Empty (the default) means no CORS at all: the pages reach the API
 * through their own CloudFront origin, so browsers never need it, and no other site may call it.
 */
export function corsOrigins(scope: IConstruct): string[] {
  const origins = new Set<string>();
  const domain = webDomain(scope);
  if (domain) origins.add(`https://${domain.domainName}`);
  for (const origin of (text(scope, 'corsAllowOrigins') ?? '').split(',').map((o) => o.trim())) {
    if (origin === '') continue;
    if (!/^https:\/\/[a-z0-9.-]+(:\d{1,5})?$/.test(origin))
      throw new Error(`corsAllowOrigins: ${origin} is not an https origin (scheme and host, no path, no *)`);
    origins.add(origin);
  }
  return [...origins];
}
