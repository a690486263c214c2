import type * as z from 'zod/mini';
import type { Product as ProductSchema } from '../../../functions/catalog/schemas.ts';
import type {
  Location as LocationSchema,
  StockLine as StockLineSchema,
} from '../../../functions/inventory/schemas.ts';
import type { Order as OrderSchema } from '../../../functions/sales/schemas.ts';
import { currentLocale, translator } from './i18n.ts';
import * as common from './messages.ts';
import { clearSession, currentSession, needsRenewal, saveSession, type Session } from './session.ts';

const t = translator(common);

/**
 * The one fetch wrapper of the browser clients: same origin, JSON in and out, the bearer token of
 * the current session, the page's language as `Accept-Language` (the API then writes the title,
 * detail and field messages of its problems in it), and problem+json answers turned into an
 * ApiError a person can read (title, detail, field errors) with the correlation id support needs
 * to find the request in the logs. Clients branch on `code` (never on the text, which is translated).
 */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

export interface Problem {
  readonly type?: string;
  readonly title?: string;
  readonly status?: number;
  readonly detail?: string;
  readonly code?: string;
  readonly errors?: FieldError[];
  readonly [extension: string]: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly fieldErrors: FieldError[];
  readonly correlationId: string | undefined;
  readonly problem: Problem;
  constructor(status: number, problem: Problem, correlationId: string | undefined) {
    const title = problem.title ?? (status === 0 ? t('error.network') : t('error.http', { status }));
    const detail = problem.detail ?? '';
    super(detail ? `${title}: ${detail}` : title);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code ?? (status === 0 ? 'network-error' : `http-${status}`);
    this.title = title;
    this.detail = detail;
    this.fieldErrors = problem.errors ?? [];
    this.correlationId = correlationId;
    this.problem = problem;
  }

  /**
   * The request may not have reached the server, the server failed, or it says "later" (the sale
   * is still being processed, too many requests): the same request, with the same Idempotency-Key,
   * may be retried — the server answers the first outcome, never a second sale.
   */
  get retryable(): boolean {
    return (
      this.status === 0 ||
      this.status >= 500 ||
      this.status === 429 ||
      (this.status === 409 && (this.code === 'request-in-progress' || this.code === 'checkout-in-progress'))
    );
  }
}

export interface RequestOptions {
  readonly body?: unknown;
  readonly idempotencyKey?: string;
  readonly query?: Record<string, string | number | undefined>;
  readonly signal?: AbortSignal;
  /**
   * The body carries someone's credentials (a manager's approval at a till): a 401
   * `invalid-credentials` then says they are wrong — the signed-in session is neither renewed nor
   * dropped for it.
   */
  readonly checksCredentials?: boolean;
}

export function withQuery(path: string, query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

let renewing: Promise<boolean> | undefined;

/**
 * Trades the session's refresh token for a new pair (`POST /auth/refresh`), once at a time however
 * many requests need it; false when the session cannot be renewed (it ended, or was revoked).
 */
export function renewSession(): Promise<boolean> {
  const session = currentSession();
  if (!session?.refreshToken) return Promise.resolve(false);
  renewing ??= (async () => {
    try {
      const res = await fetch('/auth/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ refreshToken: session.refreshToken }),
      });
      if (!res.ok) {
        // Another tab may have renewed it meanwhile (each refresh token works once): keep theirs.
        if (currentSession()?.refreshToken === session.refreshToken && res.status === 401) clearSession();
        return currentSession()?.refreshToken !== session.refreshToken;
      }
      saveSession((await res.json()) as Session);
      return true;
    } catch {
      return false;
    } finally {
      renewing = undefined;
    }
  })();
  return renewing;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  let res = await send(method, path, options);
  // A token that expired on the way (a laptop asleep, a clock off): renew once and send again.
  const sessionRefused = async (r: Response) =>
    r.status === 401 &&
    !(
      options.checksCredentials &&
      (
        (await r
          .clone()
          .json()
          .catch(() => ({}))) as Problem
      ).code === 'invalid-credentials'
    );
  if ((await sessionRefused(res)) && currentSession()?.refreshToken && (await renewSession()))
    res = await send(method, path, options);
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  const parsed: unknown = text && type.includes('json') ? safeJson(text) : text;
  if (!res.ok) {
    if ((await sessionRefused(res)) && currentSession()) clearSession();
    const problem: Problem =
      parsed && typeof parsed === 'object'
        ? (parsed as Problem)
        : {
            title: t('error.http', { status: res.status }),
            detail: typeof parsed === 'string' ? parsed : '',
          };
    throw new ApiError(res.status, problem, res.headers.get('x-correlation-id') ?? undefined);
  }
  return parsed as T;
}

/** The raw response, for downloads; network failures become ApiError(0). */
export async function send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const before = currentSession();
  if (before && needsRenewal(before)) await renewSession();
  const token = currentSession()?.token;
  const headers: Record<string, string> = {
    accept: 'application/json, application/problem+json',
    'accept-language': currentLocale(),
  };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  try {
    return await fetch(withQuery(path, options.query), {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, { title: t('error.network'), detail: t('error.networkDetail') }, undefined);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, options),
  post: <T>(path: string, body: unknown = {}, options?: Omit<RequestOptions, 'body'>) =>
    request<T>('POST', path, { ...options, body }),
  put: <T>(path: string, body: unknown = {}, options?: Omit<RequestOptions, 'body'>) =>
    request<T>('PUT', path, { ...options, body }),
  patch: <T>(path: string, body: unknown = {}, options?: Omit<RequestOptions, 'body'>) =>
    request<T>('PATCH', path, { ...options, body }),
  delete: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('DELETE', path, options),
};

/** True when the route is not deployed yet (404 from the gateway, not a missing resource; its text stays English). */
export function isMissingRoute(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    ((error.status === 404 && /^No route for /.test(error.detail)) || error.status === 405)
  );
}

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor?: string;
}

/**
 * Shapes clients rely on: the API's own response schemas (functions/<context>/schemas.ts), as types
 * only — `import type` is erased from the bundle, so no zod reaches the browser.
 */
export type Product = z.output<typeof ProductSchema>;
export type Location = z.output<typeof LocationSchema>;
export type StockLine = z.output<typeof StockLineSchema>;
export type StockStatus = StockLine['status'];
export type Order = z.output<typeof OrderSchema>;
export type OrderLine = Order['lines'][number];

/** Test card numbers of the simulated payment provider (API contract), labelled in the page's language. */
const cardOutcomes = [
  ['4242424242424242', 'card.approved'],
  ['4000000000000002', 'card.declined'],
  ['4000000000000119', 'card.retried'],
  ['4000000000000259', 'card.timeout'],
  ['4000000000000341', 'card.reversed'],
] as const;

export function testCards(): { number: string; label: string }[] {
  return cardOutcomes.map(([number, key]) => ({
    number,
    label: t(key, { number: number.replace(/(\d{4})(?=\d)/g, '$1 ') }),
  }));
}
