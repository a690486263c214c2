import * as z from 'zod/mini';
import { routeKey, routes, type RouteSpec } from '#infra/spec/routes.ts';
import { successStatuses, type RouteContract } from '#functions/shared/contract.ts';
import { Problem, type Schema } from '#functions/shared/schemas.ts';
import { apiContracts } from './api-docs.ts';

/**
 * The OpenAPI 3.1 document, generated from the route table (who may call) and the routes' contracts
 * (functions/shared/contract.ts: the same zod schemas the handlers validate with). Linted by Redocly's
 * recommended rules in `npm run lint` (scripts/openapi-lint.ts, redocly.yaml).
 */
const jsonSchema = (schema: Schema, io: 'input' | 'output'): Record<string, unknown> => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
};

function parameters(where: 'path' | 'query', schema: Schema | undefined): unknown[] {
  if (!schema) return [];
  const js = jsonSchema(schema, 'input') as {
    properties?: Record<string, { description?: string }>;
    required?: string[];
  };
  return Object.entries(js.properties ?? {}).map(([name, { description, ...s }]) => ({
    name,
    in: where,
    required: where === 'path' || (js.required ?? []).includes(name),
    ...(description === undefined ? {} : { description }),
    schema: s,
  }));
}

const accessText = (route: RouteSpec): string =>
  route.access === 'public'
    ? 'anyone'
    : route.access === 'signed-in'
      ? 'any signed-in user'
      : route.access.join(', ');

/** The problem answers, one shared description each (components.responses). */
const problemResponses = {
  '400': 'Bad request: invalid path, query, headers or body (`validation-error`, field `errors`)',
  '401':
    'No valid bearer token (`unauthorized`); on AWS a request with no token at all gets API Gateway\'s `{"message":"Unauthorized"}`',
  '402': 'Payment refused (`payment-declined`…): nothing was charged',
  '403': 'Not allowed to this role, store or customer (`forbidden`)',
  '404': 'Not found (`not-found`)',
  '409':
    'Conflict: the resource changed or the same request is still running (`request-in-progress`, with `retry-after`)',
  '413': 'Request body too large',
  '415': 'The body is not JSON sent as `application/json` (`unsupported-media-type`)',
  '422':
    'A business rule refuses it, or the Idempotency-Key was used for another request (`idempotency-key-reused`)',
  '429': 'Too many requests (throttled; `retry-after`)',
  '500': 'Internal error: the request was not applied',
  '503': 'Unavailable for now (`retry-after`): the same request with the same key can be sent again',
} as const;
type ProblemCode = keyof typeof problemResponses;

/** Every problem status a route can answer: its contract's, its input's, its access's and every route's. */
function problemsOf(route: RouteSpec, contract: RouteContract): ProblemCode[] {
  const codes = new Set<string>(['400', '429', '500']);
  if (route.access !== 'public') codes.add('401');
  if (route.access !== 'public' && route.access !== 'signed-in') codes.add('403');
  if (route.path.includes('{')) codes.add('404');
  if (contract.body) ['413', '415'].forEach((c) => codes.add(c));
  if (contract.idempotency) ['409', '422'].forEach((c) => codes.add(c));
  for (const status of contract.problems ?? []) codes.add(String(status));
  return [...codes].sort() as ProblemCode[];
}

const tags: Record<string, string> = {
  ops: 'Health, this document and the audit trail of the event bus',
  catalog: 'Products: search, read, create, change',
  inventory: 'Stock per location, movements, thresholds, replenishments and adjustments',
  identity: 'Sign-in, sessions, users and roles',
  reporting: 'Dashboard, sales reports, exports and stock alerts',
  sales: 'POS sales, web carts and checkout, orders and returns',
};

function operation(route: RouteSpec, contract: RouteContract): Record<string, unknown> {
  const idempotencyHeader = contract.idempotency
    ? [
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: contract.idempotency.required,
          description: contract.idempotency.required
            ? 'Required: any unique string, reused only to retry this request (the retry gets the first answer)'
            : 'Optional: sent, a retry with the same key gets the first answer and creates nothing more',
          schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
        },
      ]
    : [];
  const responses: Record<string, unknown> = {};
  for (const status of successStatuses(contract)) {
    const schema = contract.responses[status];
    responses[String(status)] = {
      description:
        status === 201 ? 'Created' : status === 202 ? 'Accepted' : status === 204 ? 'No content' : 'OK',
      ...(schema ? { content: { 'application/json': { schema: jsonSchema(schema, 'output') } } } : {}),
    };
  }
  for (const code of problemsOf(route, contract))
    responses[code] = { $ref: `#/components/responses/Problem${code}` };
  return {
    operationId: route.handler.replace(/[/-](\w)/g, (_, c: string) => c.toUpperCase()),
    summary: route.summary,
    description: `Who: ${accessText(route)}.`,
    tags: [route.handler.split('/')[0]],
    parameters: [
      ...parameters('path', contract.params),
      ...parameters('query', contract.query),
      ...idempotencyHeader,
    ],
    ...(contract.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(contract.body, 'input') } },
          },
        }
      : {}),
    security: route.access === 'public' ? [] : [{ bearer: [] }],
    responses,
  };
}

export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const contract = apiContracts[routeKey(route)];
    if (!contract) throw new Error(`no contract for ${routeKey(route)}`);
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = operation(route, contract);
  }
  const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Comptoir API',
      version,
      description:
        'Retail platform: catalog, stock, sales, reporting. Money in integer cents (CAD), times in ISO-8601 UTC.',
    },
    servers: [
      { url: '/', description: 'The API that serves this document (local runtime or API Gateway stage)' },
    ],
    security: [{ bearer: [] }],
    tags: Object.entries(tags).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Problem: jsonSchema(Problem, 'output') },
      responses: Object.fromEntries(
        Object.entries(problemResponses).map(([code, description]) => [
          `Problem${code}`,
          { description, content: problem },
        ]),
      ),
    },
  };
}
