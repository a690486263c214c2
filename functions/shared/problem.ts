import type * as z from 'zod/mini';
import { DomainError, NotFoundError, RuleViolation } from '#domain/shared/errors.ts';

/** One error shape for every 4xx/5xx: RFC 9457 problem details, plus `code` and field `errors`. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const problemType = (code: string): string => `https://comptoir.dev/problems/${code}`;

export class HttpProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly extensions: Record<string, unknown>;
  readonly errors: FieldError[] | undefined;
  /** Response headers that belong to this answer (`www-authenticate` on 401, `retry-after` on 429). */
  headers: Record<string, string> = {};
  constructor(
    status: number,
    code: string,
    title: string,
    detail: string,
    extensions: Record<string, unknown> = {},
    errors?: FieldError[],
  ) {
    super(detail);
    this.status = status;
    this.code = code;
    this.title = title;
    this.extensions = extensions;
    this.errors = errors;
  }

  withHeaders(headers: Record<string, string>): this {
    this.headers = { ...this.headers, ...headers };
    return this;
  }

  body(): ProblemBody {
    return {
      ...this.extensions,
      type: problemType(this.code),
      title: this.title,
      status: this.status,
      detail: this.message,
      code: this.code,
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

export const badRequest = (detail: string, errors?: FieldError[]): HttpProblem =>
  new HttpProblem(400, 'validation-error', 'Your request is not valid', detail, {}, errors);

export const notFound = (detail: string): HttpProblem =>
  new HttpProblem(404, 'not-found', 'Not found', detail);

export function fromZodError(
  where: 'body' | 'query' | 'path' | 'headers',
  error: z.core.$ZodError,
): HttpProblem {
  const errors = error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((k) => ({ path: [where, ...i.path.map(String), k].join('.'), message: 'unknown field' }))
      : [{ path: [where, ...i.path.map(String)].join('.'), message: i.message }],
  );
  return badRequest(
    `The ${where === 'body' ? 'request body' : where === 'query' ? 'query string' : where === 'path' ? 'path' : 'headers'} has ${errors.length} error(s)`,
    errors,
  );
}

/** Maps domain errors to problems; anything else is a 500 whose detail never leaks internals. */
export function toProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error instanceof NotFoundError) return notFound(error.message);
  if (error instanceof RuleViolation)
    return badRequest(error.message, [{ path: fieldPath(error.field), message: error.message }]);
  if (error instanceof DomainError) {
    const status = error.name === 'ConflictError' ? 409 : 422;
    return new HttpProblem(status, error.code, titleOf(error.code), error.message, { ...error.details });
  }
  return new HttpProblem(
    500,
    'internal-error',
    'Internal error',
    'Something went wrong on our side; the request was not applied. Retry later.',
  );
}

/** A rule names a body field (`quantity`), or where else the input was (`query.cursor`). */
const fieldPath = (field: string): string =>
  /^(body|query|path|headers)\./.test(field) ? field : `body.${field}`;

const titleOf = (code: string): string => code.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
