import type * as z from 'zod/mini';
import type { TableName } from '#infra/spec/tables.ts';

/**
 * One contract per route: what a client sends and gets back, declared once, next to the context's
 * schemas (`<context>/schemas.ts`, keyed by route key as in infra/spec/routes.ts). The handler is
 * built from it (`httpHandler(contract, useCase)` validates params, query and body with these schemas
 * and applies the idempotency), the OpenAPI document is generated from it, and the integration tests'
 * client checks every 2xx answer against `responses`. Who may call (`access`) and what the function
 * may touch stay in the route table: they are infra facts. tests/integration/openapi.test.ts fails if
 * the route table, the contracts and the handlers disagree.
 */
export type Schema = z.ZodMiniType;

/** A problem status a route answers besides those of every route (400, 429, 500) and of its access (401, 403). */
export type ProblemStatus = 402 | 404 | 409 | 413 | 415 | 422 | 503;

export interface IdempotencySpec {
  readonly table: TableName;
  /** Required: a request without the header is refused (400); otherwise a retry without it may act twice. */
  readonly required: boolean;
  /**
   * - `replay` (default): a record per key in `table` stores the first final answer and replays it;
   *   the use case gets the key too and derives the ids it creates from it (`idFromKey`), so that a
   *   run taken over after a crash lands on the same entities.
   * - `entity`: the entity the request creates is the record (an order, a return): the use case finds
   *   it by the id derived from the key and answers from its state; no separate record.
   */
  readonly mode?: 'replay' | 'entity';
}

export interface ContractSpec {
  readonly params?: Schema;
  readonly query?: Schema;
  readonly body?: Schema;
  /** Every success answer: status → its JSON body's schema (`null`: no body, e.g. 204). */
  readonly responses: Readonly<Record<number, Schema | null>>;
  readonly idempotency?: IdempotencySpec;
  /** Problem answers of the use case (`404` is implied by path parameters, `409`/`422` by idempotency). */
  readonly problems?: readonly ProblemStatus[];
}

export interface RouteContract extends ContractSpec {
  /** Route key as in the route table, e.g. `GET /products/{productId}`. */
  readonly route: string;
}

/** The contracts of a context, keyed by route key; each gets its key as `route`. */
export function defineRoutes<const T extends Record<string, ContractSpec>>(
  specs: T,
): { readonly [K in keyof T & string]: T[K] & { readonly route: K } } {
  return Object.fromEntries(
    Object.entries(specs).map(([route, spec]) => [route, { ...spec, route }]),
  ) as never;
}

/** The success statuses of a contract, lowest first. */
export const successStatuses = (contract: ContractSpec): number[] =>
  Object.keys(contract.responses)
    .map(Number)
    .sort((a, b) => a - b);
