import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { RuleViolation } from '#domain/shared/errors.ts';
import { httpHandler, json } from '#functions/shared/http.ts';
import { toProblem } from '#functions/shared/problem.ts';

/** The shared middy stack, called with API Gateway events as AWS would (no runtime, no table). */
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
const echo = httpHandler(
  { route: 'GET /health', body: z.strictObject({ n: z.int() }), responses: { 200: null } },
  async ({ body }) => json(200, body),
);

const event = (body: string | undefined, headers: Record<string, string>): APIGatewayProxyEventV2 =>
  ({
    version: '2.0',
    routeKey: 'GET /health',
    rawPath: '/health',
    rawQueryString: '',
    headers,
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded: false,
    requestContext: { http: { method: 'GET', path: '/health' } },
  }) as unknown as APIGatewayProxyEventV2;

const call = async (body: string | undefined, headers: Record<string, string>) => {
  const res = await echo(event(body, headers), {} as Context);
  return { status: res.statusCode, type: res.headers?.['content-type'], body: JSON.parse(res.body ?? '') };
};

describe('httpHandler: the request body', () => {
  it.each([
    ['application/json'],
    ['application/json; charset=utf-8'],
    ['Application/JSON;charset="UTF-8"'],
    ['application/merge-patch+json'],
  ])('reads JSON sent as %s', async (contentType) => {
    expect(await call('{"n":1}', { 'content-type': contentType })).toMatchObject({
      status: 200,
      body: { n: 1 },
    });
  });

  it.each([
    ['text/plain', 'must be application/json'],
    ['application/x-www-form-urlencoded', 'must be application/json'],
    ['application/json; charset=utf-16', 'must be application/json'],
    ['application/jsonp', 'must be application/json'],
  ])('refuses a body sent as %s with a 415 problem naming the header', async (contentType, message) => {
    const res = await call('{"n":1}', { 'content-type': contentType });
    expect(res.status).toBe(415);
    expect(res.type).toBe('application/problem+json');
    expect(res.body).toMatchObject({
      status: 415,
      code: 'unsupported-media-type',
      errors: [{ path: 'headers.content-type', message }],
    });
  });

  it('refuses a body without a content type with a 415 problem', async () => {
    const res = await call('{"n":1}', {});
    expect(res.status).toBe(415);
    expect(res.body.errors).toEqual([{ path: 'headers.content-type', message: 'missing' }]);
  });

  it('still answers a missing body with a 400 naming the body, whatever the content type', async () => {
    const res = await call(undefined, {});
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'body', message: 'missing' }]);
  });
});

describe('toProblem: a rule violation names where the input was', () => {
  it('a bare field is a body field; a qualified one keeps its place', () => {
    expect(toProblem(new RuleViolation('quantity', 'too many')).body().errors).toEqual([
      { path: 'body.quantity', message: 'too many' },
    ]);
    expect(toProblem(new RuleViolation('query.cursor', 'not ours')).body().errors).toEqual([
      { path: 'query.cursor', message: 'not ours' },
    ]);
  });
});
