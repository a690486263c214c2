import type * as z from 'zod/mini';
import {
  DomainError,
  NeedsApproval,
  NotAllowed,
  NotAuthenticated,
  NotFoundError,
  PaymentRefused,
  RuleViolation,
  TooManyAttempts,
  TryLater,
} from '#domain/shared/errors.ts';
import { asMessage, m, type Message } from '#domain/shared/message.ts';
import { defaultApiLocale, say, titleIn, type ApiLocale } from './messages/index.ts';

/**
 * One error shape for every 4xx/5xx: RFC 9457 problem details, plus `code` and field `errors`.
 * `title`, `detail` and the field messages are written in the caller's language (`body(locale)`,
 * functions/shared/messages/); `type` and `code` never change with it.
 */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

/** A field error as the code raises it: its message kept translatable. */
export interface FieldProblem {
  readonly path: string;
  readonly message: string | Message;
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
  readonly said: Message;
  readonly extensions: Record<string, unknown>;
  readonly errors: FieldProblem[] | undefined;
  /** Response headers that belong to this answer (`www-authenticate` on 401, `retry-after` on 429). */
  headers: Record<string, string> = {};
  constructor(
    status: number,
    code: string,
    title: string,
    detail: string | Message,
    extensions: Record<string, unknown> = {},
    errors?: FieldProblem[],
  ) {
    const said = asMessage(detail);
    super(said.text);
    this.status = status;
    this.code = code;
    this.title = title;
    this.said = said;
    this.extensions = extensions;
    this.errors = errors;
  }

  withHeaders(headers: Record<string, string>): this {
    this.headers = { ...this.headers, ...headers };
    return this;
  }

  /** The problem document in `locale` (English by default). */
  body(locale: ApiLocale = defaultApiLocale): ProblemBody {
    return {
      ...this.extensions,
      type: problemType(this.code),
      title: titleIn(locale, this.code, this.status, this.title),
      status: this.status,
      detail: say(this.said, locale, this.code),
      code: this.code,
      ...(this.errors
        ? { errors: this.errors.map((e) => ({ path: e.path, message: say(e.message, locale) })) }
        : {}),
    };
  }
}

export const badRequest = (detail: string | Message, errors?: FieldProblem[]): HttpProblem =>
  new HttpProblem(400, 'validation-error', 'Your request is not valid', detail, {}, errors);

export const notFound = (detail: string | Message): HttpProblem =>
  new HttpProblem(404, 'not-found', 'Not found', detail);

const inputWhere = {
  body: (n: number) => m`The request body has ${n} error(s)`,
  query: (n: number) => m`The query string has ${n} error(s)`,
  path: (n: number) => m`The path has ${n} error(s)`,
  headers: (n: number) => m`The headers have ${n} error(s)`,
} as const;

/** A refinement may carry its translatable message as `params.said` (its `message` is the English text). */
function saidOf(issue: z.core.$ZodIssue): string | Message {
  const said = issue.code === 'custom' ? (issue.params as { said?: unknown } | undefined)?.said : undefined;
  return isMessage(said) ? said : issue.message;
}

const isMessage = (v: unknown): v is Message =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as Message).template === 'string' &&
  Array.isArray((v as Message).values);

export function fromZodError(
  where: 'body' | 'query' | 'path' | 'headers',
  error: z.core.$ZodError,
): HttpProblem {
  const errors = error.issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((k) => ({ path: [where, ...i.path.map(String), k].join('.'), message: 'unknown field' }))
      : [{ path: [where, ...i.path.map(String)].join('.'), message: saidOf(i) }],
  );
  return badRequest(inputWhere[where](errors.length), errors);
}

/**
 * The one mapper: domain errors (domain/shared/errors.ts) to problems; anything else is a 500 whose
 * detail never leaks internals. Services throw domain errors only; `HttpProblem`s are the HTTP
 * layer's own (input validation, access, idempotency).
 */
export function toProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error instanceof NotFoundError) return notFound(error.said);
  if (error instanceof RuleViolation)
    return badRequest(error.said, [
      { path: fieldPath(error.field), message: error.fieldMessage ?? error.said },
    ]);
  if (error instanceof NotAuthenticated)
    return new HttpProblem(401, error.code, titleOf(error.code), error.said, {
      ...error.details,
    }).withHeaders({
      'www-authenticate': 'Bearer',
    });
  if (error instanceof NotAllowed)
    return new HttpProblem(403, error.code, titleOf(error.code), error.said, { ...error.details });
  if (error instanceof TooManyAttempts)
    return new HttpProblem(429, error.code, titleOf(error.code), error.said, {
      ...error.details,
    }).withHeaders({ 'retry-after': String(Math.max(1, Math.ceil(error.retryAfterSeconds))) });
  if (error instanceof TryLater)
    return new HttpProblem(error.conflict ? 409 : 503, error.code, titleOf(error.code), error.said, {
      ...error.details,
    }).withHeaders({ 'retry-after': String(Math.max(1, Math.ceil(error.retryAfterSeconds))) });
  if (error instanceof NeedsApproval)
    return new HttpProblem(403, error.code, 'Manager approval required', error.said, { ...error.details });
  if (error instanceof PaymentRefused)
    return new HttpProblem(402, error.code, titleOf(error.code), error.said, { ...error.details });
  if (error instanceof DomainError) {
    const status = error.name === 'ConflictError' ? 409 : 422;
    return new HttpProblem(status, error.code, titleOf(error.code), error.said, { ...error.details });
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

/** English titles that are not their code's words (the French ones are in messages/fr-CA.ts, by code). */
const titles: Readonly<Record<string, string>> = {
  'login-busy': 'Too many sign-ins at once',
  'user-changed': 'User changed meanwhile',
};

const titleOf = (code: string): string =>
  titles[code] ?? code.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
