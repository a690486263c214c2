import * as z from 'zod/mini';
import { routes, type RouteSpec } from '#infra/spec/routes.ts';
import { Problem, type Schema } from '#functions/shared/schemas.ts';
import { apiDocs } from './api-docs.ts';

/** The OpenAPI 3.1 document, generated from the route table and the same zod schemas the handlers use. */
const jsonSchema = (schema: Schema): Record<string, unknown> => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest;
};

function parameters(route: RouteSpec, where: 'path' | 'query', schema: Schema | undefined): unknown[] {
  if (!schema) return [];
  const js = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (js.required ?? []).includes(name),
    schema: s,
  }));
}

const accessText = (route: RouteSpec): string =>
  route.access === 'public'
    ? 'anyone'
    : route.access === 'signed-in'
      ? 'any signed-in user'
      : route.access.join(', ');

export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const problem = { 'application/problem+json': { schema: jsonSchema(Problem) } };
  for (const route of routes) {
    const doc = apiDocs[`${route.method} ${route.path}`] ?? {};
    const headers = doc.idempotent
      ? [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            schema: { type: 'string', maxLength: 255 },
          },
        ]
      : [];
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = {
      operationId: route.handler.replace(/[/-](\w)/g, (_, c: string) => c.toUpperCase()),
      summary: route.summary,
      description: `Who: ${accessText(route)}.`,
      tags: [route.handler.split('/')[0]],
      parameters: [
        ...parameters(route, 'path', doc.params),
        ...parameters(route, 'query', doc.query),
        ...headers,
      ],
      ...(doc.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(doc.body) } },
            },
          }
        : {}),
      ...(route.access === 'public' ? {} : { security: [{ bearer: [] }] }),
      responses: {
        [String(doc.status ?? 200)]: {
          description: 'OK',
          ...(doc.response ? { content: { 'application/json': { schema: jsonSchema(doc.response) } } } : {}),
        },
        '4XX': { description: 'Problem with the request', content: problem },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Comptoir API',
      version,
      description:
        'Retail platform: catalog, stock, sales, reporting. Money in integer cents (CAD), times in ISO-8601 UTC.',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  };
}
