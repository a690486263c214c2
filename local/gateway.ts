import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { extname, join, normalize, resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { routeKey, routes, type RouteSpec } from '#infra/spec/routes.ts';
import { unauthorized } from '#functions/shared/access.ts';
import { localeOf } from '#functions/shared/messages/index.ts';
import type { HttpProblem } from '#functions/shared/problem.ts';
import { hstsValue, securityHeaders } from '#infra/spec/security-headers.ts';
import { closeAfter, readBody } from './listen.ts';

/**
 * The local API Gateway: matches a request against the route table (literal segments before
 * parameters, as HTTP APIs do), turns it into an HTTP API payload v2 event, runs the optional
 * authorizer and then the route's handler module, and writes the handler's answer back.
 * It also serves the browser clients from web/. Every answer carries the security headers of
 * infra/spec/security-headers.ts (as CloudFront adds them in AWS; HSTS only over HTTPS), and a
 * refused body (too large) closes its connection, so a keep-alive client never waits on it.
 */
export type Handler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

export interface AuthorizerResult {
  readonly isAuthorized: boolean;
  readonly context?: Record<string, unknown>;
}
export type Authorizer = (event: APIGatewayProxyEventV2) => Promise<AuthorizerResult>;

export interface RequestRecord {
  readonly route: string;
  readonly status: number;
  readonly durationMs: number;
  readonly at: number;
}

export interface GatewayOptions {
  readonly loadHandler: (route: RouteSpec) => Promise<Handler>;
  readonly authorizer?: Authorizer;
  readonly webDir?: string;
  readonly onRequest?: (record: RequestRecord) => void;
  /**
   * Local-only read endpoints under `/_local/` (absent in AWS, not in the route table), e.g.
   * `/_local/metrics`, the local stand-in for the CloudWatch console. With an authorizer, the caller
   * needs a token of an `ops` or `manager` user. Their requests are labelled `local`.
   */
  readonly localEndpoints?: Readonly<Record<string, () => unknown>>;
  /** Serve HTTPS with this certificate and key (`npm start` on the shop's network: local/tls.ts). */
  readonly tls?: { readonly cert: string; readonly key: string };
  /** The local CA's certificate, offered for download at `/comptoir-ca.pem` (tablets install it). */
  readonly caCertificate?: string;
}

/** Where the local CA's certificate is downloaded (over HTTPS, and over the HTTP redirect port). */
export const caCertificatePath = '/comptoir-ca.pem';

/** Answers the CA certificate as a download (a tablet opens it to install it). */
export function serveCaCertificate(res: ServerResponse, pem: string): void {
  res.writeHead(200, {
    'content-type': 'application/x-pem-file',
    'content-disposition': 'attachment; filename="comptoir-ca.pem"',
    'cache-control': 'no-cache',
  });
  res.end(pem);
}

const maxBodyBytes = 1024 * 1024;
const securityHeaderList = Object.entries(securityHeaders);

interface Matcher {
  readonly route: RouteSpec;
  readonly regex: RegExp;
  readonly names: string[];
  readonly literals: number;
}

export function buildMatchers(list: readonly RouteSpec[] = routes): Matcher[] {
  return list
    .map((route) => {
      const names: string[] = [];
      const segments = route.path.split('/').filter(Boolean);
      const pattern = segments
        .map((s) => {
          const m = /^\{(\w+)\}$/.exec(s);
          if (m) {
            names.push(m[1]!);
            return '([^/]+)';
          }
          return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        })
        .join('/');
      return { route, names, regex: new RegExp(`^/${pattern}/?$`), literals: segments.length - names.length };
    })
    .sort((a, b) => b.literals - a.literals);
}

/** `malformed` names a path parameter whose percent-encoding is not UTF-8 (`%zz`, `%C0%AF`): a 400. */
export function matchRoute(matchers: Matcher[], method: string, path: string) {
  let pathMatched = false;
  for (const m of matchers) {
    const found = m.regex.exec(path);
    if (!found) continue;
    pathMatched = true;
    if (m.route.method !== method) continue;
    const params: Record<string, string> = {};
    for (const [i, n] of m.names.entries()) {
      try {
        params[n] = decodeURIComponent(found[i + 1]!);
      } catch {
        return { route: m.route, params, malformed: n };
      }
    }
    return { route: m.route, params };
  }
  return pathMatched ? 'method-not-allowed' : undefined;
}

/**
 * The authorizer's refusal, as the handlers' stack writes problems: in the request's language
 * (on AWS, API Gateway answers this one itself, `{"message":"Unauthorized"}`; see docs/api.md).
 */
function refuse(res: ServerResponse, req: IncomingMessage, p: HttpProblem): void {
  const header = req.headers['accept-language'];
  const locale = localeOf(Array.isArray(header) ? header.join(',') : header);
  res.writeHead(p.status, {
    'content-type': 'application/problem+json',
    'content-language': locale,
    ...p.headers,
  });
  res.end(JSON.stringify(p.body(locale)));
}

function problem(
  res: ServerResponse,
  status: number,
  code: string,
  title: string,
  detail: string,
  headers: Record<string, string> = {},
  errors?: { path: string; message: string }[],
) {
  res.writeHead(status, { 'content-type': 'application/problem+json', ...headers });
  res.end(
    JSON.stringify({
      type: `https://comptoir.dev/problems/${code}`,
      title,
      status,
      detail,
      code,
      ...(errors ? { errors } : {}),
    }),
  );
}

export function toEvent(
  req: IncomingMessage,
  url: URL,
  route: RouteSpec,
  params: Record<string, string>,
  body: Buffer,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const now = new Date();
  const text = body.toString('utf8');
  const binary = body.length > 0 && Buffer.from(text, 'utf8').length !== body.length;
  return {
    version: '2.0',
    routeKey: routeKey(route),
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(Object.keys(params).length > 0 ? { pathParameters: params } : {}),
    ...(body.length > 0 ? { body: binary ? body.toString('base64') : text } : {}),
    isBase64Encoded: binary,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: route.method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: routeKey(route),
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
  };
}

export function lambdaContext(functionName: string): Context {
  const deadline = Date.now() + 30_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
};

/**
 * An app's service worker is served from the app's folder (`/web/<app>/sw.js`, built as
 * `dist/<app>-sw.js`), so that it controls the app's pages; CloudFront rewrites the same way.
 */
const serviceWorkerFile = (pathname: string): string | undefined => {
  const app = /^\/web\/([a-z]+)\/sw\.js$/.exec(pathname)?.[1];
  return app ? `dist/${app}-sw.js` : undefined;
};

async function serveStatic(webDir: string, pathname: string, res: ServerResponse): Promise<boolean> {
  const rel =
    pathname === '/' ? 'index.html' : (serviceWorkerFile(pathname) ?? pathname.replace(/^\/web\//, ''));
  if (pathname !== '/' && !pathname.startsWith('/web/')) return false;
  const root = resolve(webDir);
  let file = normalize(join(root, rel));
  if (!file.startsWith(root)) return false;
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    const data = await readFile(file);
    res.writeHead(200, {
      'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
    });
    res.end(data);
    return true;
  } catch {
    return false;
  }
}

const localRoles: readonly string[] = ['ops', 'manager'];

async function serveLocal(
  options: GatewayOptions,
  endpoints: Readonly<Record<string, () => unknown>>,
  req: IncomingMessage,
  url: URL,
  method: string,
  res: ServerResponse,
): Promise<void> {
  const endpoint = Object.hasOwn(endpoints, url.pathname) ? endpoints[url.pathname] : undefined;
  if (!endpoint) return problem(res, 404, 'not-found', 'Not found', `No local endpoint ${url.pathname}`);
  if (method !== 'GET')
    return problem(res, 405, 'method-not-allowed', 'Method not allowed', `${method} is not allowed here`);
  if (options.authorizer) {
    const route: RouteSpec = {
      method: 'GET',
      path: url.pathname,
      handler: 'local',
      access: localRoles as RouteSpec['access'],
      tables: [],
      summary: 'local-only endpoint',
    };
    const verdict = await options.authorizer(toEvent(req, url, route, {}, Buffer.alloc(0)));
    if (!verdict.isAuthorized) return refuse(res, req, unauthorized());
    if (!localRoles.includes(String(verdict.context?.role)))
      return problem(res, 403, 'forbidden', 'Forbidden', 'This endpoint is for the ops and manager roles');
  }
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(endpoint()));
}

/**
 * A request Node's HTTP parser refuses before any handler runs (headers or URL over 16 KiB, broken
 * HTTP): answered with a problem document too, instead of Node's bare status line.
 */
function refuseUnparsable(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const headers = securityHeaderList.map(([name, value]) => `${name}: ${value}\r\n`).join('');
  const status = tooLarge ? 431 : 400;
  const body = JSON.stringify({
    type: `https://comptoir.dev/problems/${tooLarge ? 'request-too-large' : 'validation-error'}`,
    title: tooLarge ? 'Request header fields too large' : 'Your request is not valid',
    status,
    detail: tooLarge
      ? 'The URL and headers together must stay under 16 KiB'
      : 'The request is not well-formed HTTP',
    code: tooLarge ? 'request-too-large' : 'validation-error',
    errors: [{ path: 'request', message: tooLarge ? 'too large' : 'malformed HTTP' }],
  });
  socket.end(
    `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      `content-type: application/problem+json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      `${headers}connection: close\r\n\r\n${body}`,
  );
}

export function createGateway(options: GatewayOptions): Server {
  const matchers = buildMatchers();
  const listener: RequestListener = async (req, res) => {
    const started = performance.now();
    for (const [name, value] of securityHeaderList) res.setHeader(name, value);
    if ((req.socket as { encrypted?: boolean }).encrypted)
      res.setHeader('strict-transport-security', hstsValue);
    const url = new URL(req.url ?? '/', 'http://localhost');
    let label = 'unmatched';
    res.on('finish', () =>
      options.onRequest?.({
        route: label,
        status: res.statusCode,
        durationMs: performance.now() - started,
        at: Date.now(),
      }),
    );
    try {
      const method = (req.method ?? 'GET').toUpperCase();
      if (options.localEndpoints && url.pathname.startsWith('/_local/')) {
        label = 'local';
        return await serveLocal(options, options.localEndpoints, req, url, method, res);
      }
      if (options.caCertificate && url.pathname === caCertificatePath && method === 'GET') {
        label = 'static';
        return serveCaCertificate(res, options.caCertificate);
      }
      const match = matchRoute(matchers, method, url.pathname);
      if (match === undefined) {
        if (
          options.webDir &&
          (method === 'GET' || method === 'HEAD') &&
          (await serveStatic(options.webDir, url.pathname, res))
        ) {
          label = 'static';
          return;
        }
        return problem(res, 404, 'not-found', 'Not found', `No route for ${method} ${url.pathname}`);
      }
      if (match === 'method-not-allowed')
        return problem(
          res,
          405,
          'method-not-allowed',
          'Method not allowed',
          `${method} is not allowed on ${url.pathname}`,
        );
      label = routeKey(match.route);
      if ('malformed' in match)
        return problem(
          res,
          400,
          'validation-error',
          'Your request is not valid',
          'The path is not valid percent-encoded UTF-8',
          {},
          [{ path: `path.${match.malformed}`, message: 'malformed percent-encoding' }],
        );
      const body = await readBody(req, maxBodyBytes);
      if (body === 'too-large') {
        closeAfter(res);
        return problem(
          res,
          413,
          'payload-too-large',
          'Payload too large',
          'The request body is larger than 1 MiB',
        );
      }
      const event = toEvent(req, url, match.route, match.params, body);
      if (match.route.access !== 'public' && options.authorizer) {
        const verdict = await options.authorizer(event);
        if (!verdict.isAuthorized) return refuse(res, req, unauthorized());
        (event.requestContext as unknown as Record<string, unknown>).authorizer = {
          lambda: verdict.context ?? {},
        };
      }
      const handler = await options.loadHandler(match.route);
      const result = await handler(event, lambdaContext(match.route.handler.replace('/', '-')));
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(result.headers ?? {})) headers[k] = String(v);
      if (result.cookies?.length) res.setHeader('set-cookie', result.cookies);
      res.writeHead(result.statusCode ?? 200, headers);
      res.end(
        result.body === undefined
          ? undefined
          : result.isBase64Encoded
            ? Buffer.from(result.body, 'base64')
            : result.body,
      );
    } catch (error) {
      console.error(
        JSON.stringify({ level: 'ERROR', message: 'gateway failure', route: label, error: String(error) }),
      );
      if (!res.headersSent)
        problem(
          res,
          500,
          'internal-error',
          'Internal error',
          'Something went wrong on our side; the request was not applied.',
        );
      else res.end();
    }
  };
  const server: Server = options.tls
    ? (createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, listener) as unknown as Server)
    : createServer(listener);
  server.on('clientError', refuseUnparsable);
  return server;
}
