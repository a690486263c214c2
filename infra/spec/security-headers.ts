/**
 * The security headers every page and API answer carries, in AWS (CloudFront response-headers policy,
 * API responses) and locally (the gateway sets the same values). One list so that both runtimes agree;
 * tests compare them.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  // The apps set element.style from code (charts, layout); no inline <style> or <script> blocks.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** HSTS: two years, subdomains included (AWS and a local HTTPS listener; not sent over plain HTTP). */
export const strictTransportSecurity = { maxAgeSeconds: 63_072_000, includeSubdomains: true } as const;

export const securityHeaders: Readonly<Record<string, string>> = {
  'content-security-policy': contentSecurityPolicy,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  'cross-origin-opener-policy': 'same-origin',
};

/** The value of `strict-transport-security`, for HTTPS answers only. */
export const hstsValue = `max-age=${strictTransportSecurity.maxAgeSeconds}${
  strictTransportSecurity.includeSubdomains ? '; includeSubDomains' : ''
}`;
