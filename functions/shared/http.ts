import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as z from 'zod/mini';
import { tableName } from '#functions/adapters/dynamo.ts';
import { IdempotencyStore } from '#functions/adapters/idempotency-store.ts';
import { roles, routeKey, routes, type Role, type RouteSpec } from '#infra/spec/routes.ts';
import { currentCorrelationId, log, newCorrelationId, withCorrelation } from './correlation.ts';
import { fingerprintOf, type Idempotency } from './idempotency.ts';
import { recordRequest } from './metrics.ts';
import { authorize } from './access.ts';
import type { Caller } from './caller.ts';
import type { IdempotencySpec, RouteContract } from './contract.ts';
import { localeOf, zodErrors, type ApiLocale } from './messages/index.ts';
import { badRequest, fromZodError, HttpProblem, toProblem } from './problem.ts';

/**
 * The one middy stack every HTTP handler uses: normalize headers → correlation id → who may call
 * (access.ts, from the route table: 401/403) → validate path,
 * query and body with zod → run the use case → shape the JSON response; any error becomes an
 * `application/problem+json` answer (never a stack trace, never a 500 for bad input), written in the
 * language of the request's `Accept-Language` (fr-CA or en-CA, English by default; messages/).
 */

export type { Caller } from './caller.ts';

export interface HttpRequest<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly caller: Caller | undefined;
  /** The client's address as API Gateway saw it (`requestContext.http.sourceIp`); '' when unknown. */
  readonly sourceIp: string;
  readonly correlationId: string;
  readonly route: RouteSpec;
  /** The request's Idempotency-Key, its scope and fingerprint, when it was sent. */
  readonly idempotency: Idempotency | undefined;
}

export interface HttpResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

type Out<S> = S extends z.ZodMiniType ? z.output<S> : Record<string, never>;
type Part<C, K extends 'params' | 'query' | 'body'> = C extends { readonly [P in K]: infer S }
  ? Out<S>
  : Record<string, never>;

export type HttpLambda = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

const correlationHeader = 'x-correlation-id';
const validCorrelationId = /^[A-Za-z0-9._:-]{1,128}$/;

export function json(status: number, body?: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, body, headers };
}

function lookupRoute(key: string): RouteSpec {
  const route = routes.find((r) => routeKey(r) === key);
  if (!route) throw new Error(`route ${key} is not in infra/spec/routes.ts`);
  return route;
}

function problemResult(problem: HttpProblem, locale: ApiLocale): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: problem.status,
    headers: {
      ...problem.headers,
      'content-type': 'application/problem+json',
      'content-language': locale,
      vary: 'accept-language',
    },
    body: JSON.stringify(problem.body(locale)),
  };
}

const requestLocale = (event: APIGatewayProxyEventV2): ApiLocale =>
  localeOf(event.headers?.['accept-language'] ?? event.headers?.['Accept-Language']);

function parseWith<S extends z.ZodMiniType>(
  schema: S,
  value: unknown,
  where: 'body' | 'query' | 'path',
  locale: ApiLocale,
): z.output<S> {
  const result = z.safeParse(schema, value, { error: zodErrors[locale] });
  if (!result.success) throw fromZodError(where, result.error);
  return result.data;
}

/** `application/json` or a `+json` type, with no charset or UTF-8. */
const jsonMediaType = /^application\/(?:[\w.-]+\+)?json\s*(?:;\s*charset="?utf-8"?\s*)?$/i;

function readBody(event: APIGatewayProxyEventV2): unknown {
  if (event.body === undefined || event.body === null || event.body === '') {
    throw badRequest('A JSON request body is required', [{ path: 'body', message: 'missing' }]);
  }
  // The body is read as UTF-8 JSON: another media type (a form, text/plain, UTF-16) is refused, not guessed at.
  const contentType = event.headers['content-type'] ?? '';
  if (!jsonMediaType.test(contentType))
    throw new HttpProblem(
      415,
      'unsupported-media-type',
      'Unsupported media type',
      'The request body must be JSON sent with content-type: application/json',
      {},
      [
        {
          path: 'headers.content-type',
          message: contentType === '' ? 'missing' : 'must be application/json',
        },
      ],
    );
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('The request body is not valid JSON', [{ path: 'body', message: 'malformed JSON' }]);
  }
}

function readCaller(event: APIGatewayProxyEventV2): Caller | undefined {
  const ctx = (event.requestContext as { authorizer?: { lambda?: Record<string, unknown> } }).authorizer
    ?.lambda;
  if (!ctx || typeof ctx.userId !== 'string' || !roles.includes(ctx.role as Role)) return undefined;
  // API Gateway caches the authorizer's answer per token for minutes: a token that expired since is refused here.
  if (typeof ctx.exp === 'number' && ctx.exp * 1000 <= Date.now()) return undefined;
  return {
    userId: ctx.userId,
    username: typeof ctx.username === 'string' ? ctx.username : ctx.userId,
    role: ctx.role as Role,
    ...(typeof ctx.storeId === 'string' && ctx.storeId !== '' ? { storeId: ctx.storeId } : {}),
  };
}

/**
 * Final answers are kept under the key and replayed; an answer that says "try again" is not: a 5xx,
 * a 429, or any answer with `retry-after` (409 request-in-progress, 503 payment-unavailable…).
 */
export const isFinalAnswer = (result: APIGatewayProxyStructuredResultV2): boolean => {
  const status = result.statusCode ?? 200;
  const headers = (result.headers ?? {}) as Record<string, unknown>;
  return status < 500 && status !== 429 && headers['retry-after'] === undefined;
};

export const inProgress = (detail: string, retryAfterSeconds: number, ext: Record<string, unknown> = {}) =>
  new HttpProblem(409, 'request-in-progress', 'Request in progress', detail, ext).withHeaders({
    'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))),
  });

async function runOnce(
  table: IdempotencySpec['table'],
  idempotency: Idempotency,
  locale: ApiLocale,
  run: () => Promise<APIGatewayProxyStructuredResultV2>,
): Promise<APIGatewayProxyStructuredResultV2> {
  const store = new IdempotencyStore(tableName(table));
  const { scope, key: idemKey, fingerprint } = idempotency;
  const begun = await store.begin(scope, idemKey, fingerprint);
  if (begun.state === 'mismatch')
    throw new HttpProblem(
      422,
      'idempotency-key-reused',
      'Idempotency key reused',
      'This Idempotency-Key was already used for a different request; use a new key for a new request',
    );
  if (begun.state === 'in-progress')
    throw inProgress('A request with this Idempotency-Key is still running; retry in a moment', 2);
  if (begun.state === 'replay')
    return { ...begun.response, headers: { ...begun.response.headers, 'idempotent-replayed': 'true' } };
  let result: APIGatewayProxyStructuredResultV2;
  try {
    result = await run();
  } catch (error) {
    const problem = toProblem(error);
    if (problem.status >= 500) {
      await store.abandon(scope, idemKey);
      throw error;
    }
    // Stored as answered: a retry gets the same document, in the language of the first request.
    result = problemResult(problem, locale);
  }
  if (!isFinalAnswer(result)) {
    await store.abandon(scope, idemKey);
    return result;
  }
  await store.complete(scope, idemKey, {
    statusCode: result.statusCode ?? 200,
    headers: (result.headers ?? {}) as Record<string, string>,
    body: typeof result.body === 'string' ? result.body : '',
  });
  return result;
}

/** A handler built from its route's contract (contract.ts); the contract stays readable on it. */
export type ContractHandler = HttpLambda & { readonly contract: RouteContract };

export function httpHandler<C extends RouteContract>(
  options: C,
  useCase: (
    request: HttpRequest<Part<C, 'params'>, Part<C, 'query'>, Part<C, 'body'>>,
  ) => Promise<HttpResponse>,
): ContractHandler {
  const route = lookupRoute(options.route);

  const core = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(httpHeaderNormalizer())
    .use({
      onError: async (request) => {
        const problem = toProblem(request.error);
        if (problem.status >= 500)
          log.error('request failed', { route: options.route, error: request.error });
        request.response = problemResult(problem, requestLocale(request.event));
      },
    })
    .handler(async (event) => {
      const locale = requestLocale(event);
      const caller = readCaller(event);
      // Who may call is decided before any input is read: see access.ts and the route table.
      authorize(route, caller, event.pathParameters ?? {});
      const rawQuery = event.queryStringParameters ?? {};
      const query = options.query
        ? parseWith(options.query, rawQuery, 'query', locale)
        : Object.keys(rawQuery).length > 0
          ? (() => {
              throw badRequest(
                'This route takes no query parameters',
                Object.keys(rawQuery).map((k) => ({ path: `query.${k}`, message: 'unknown parameter' })),
              );
            })()
          : {};
      const params = options.params
        ? parseWith(options.params, event.pathParameters ?? {}, 'path', locale)
        : {};
      const body = options.body ? parseWith(options.body, readBody(event), 'body', locale) : {};
      let idempotency: Idempotency | undefined;
      if (options.idempotency) {
        const idemKey = event.headers['idempotency-key'];
        if (idemKey === undefined || idemKey === '') {
          if (options.idempotency.required)
            throw badRequest(
              'This request needs an Idempotency-Key header (any unique string, reused only to retry it)',
              [{ path: 'headers.idempotency-key', message: 'missing' }],
            );
        } else {
          if (!/^[\x21-\x7e]{1,255}$/.test(idemKey))
            throw badRequest('The Idempotency-Key header must be 1–255 printable ASCII characters', [
              { path: 'headers.idempotency-key', message: 'invalid' },
            ]);
          idempotency = {
            key: idemKey,
            scope: `${options.route}|${caller?.userId ?? 'anonymous'}`,
            fingerprint: fingerprintOf({ params, body }),
          };
        }
      }
      const run = async (): Promise<APIGatewayProxyStructuredResultV2> => {
        const response = await useCase({
          params: params as Part<C, 'params'>,
          query: query as Part<C, 'query'>,
          body: body as Part<C, 'body'>,
          headers: event.headers,
          caller,
          sourceIp: event.requestContext?.http?.sourceIp ?? '',
          correlationId: currentCorrelationId() ?? '',
          route,
          idempotency,
        });
        return {
          statusCode: response.status,
          headers: {
            ...(response.body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
            ...response.headers,
          },
          body: response.body === undefined ? '' : JSON.stringify(response.body),
        };
      };
      if (!options.idempotency || !idempotency || options.idempotency.mode === 'entity') return run();
      return runOnce(options.idempotency.table, idempotency, locale, run);
    });

  const lambda: HttpLambda = async (event, context) => {
    const incoming = event.headers?.[correlationHeader] ?? event.headers?.['X-Correlation-Id'];
    const correlationId = incoming && validCorrelationId.test(incoming) ? incoming : newCorrelationId();
    return withCorrelation(correlationId, async () => {
      const started = performance.now();
      const result = await core(event, context);
      const headers = { ...result.headers, [correlationHeader]: correlationId };
      const durationMs = Math.round((performance.now() - started) * 100) / 100;
      // requestId is API Gateway's: its access log line has it too (and not the correlation id).
      const requestId = event.requestContext?.requestId;
      log.info('request', { route: options.route, status: result.statusCode, durationMs, requestId });
      recordRequest(options.route, result.statusCode ?? 200, durationMs);
      return { ...result, headers };
    });
  };
  return Object.assign(lambda, { contract: options as RouteContract });
}
