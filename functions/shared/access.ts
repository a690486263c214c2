import type { RouteSpec } from '#infra/spec/routes.ts';
import { NotAllowed, NotAuthenticated } from '#domain/shared/errors.ts';
import type { Caller } from './caller.ts';
import { HttpProblem } from './problem.ts';
import { m, type Message } from '#domain/shared/message.ts';

/**
 * Who may call what: the one enforcement point, run by the shared middy stack (http.ts) for every route
 * from its entry in infra/spec/routes.ts, before any input is validated.
 *
 * The authorizer (AWS: API Gateway Lambda authorizer; locally: the same module in the gateway) only
 * authenticates — its answer is cached per token across routes — so the role and store decisions are
 * taken here:
 * - `public` routes: anyone; other routes without a (valid, unexpired) caller: 401 + `www-authenticate`;
 * - a role not in the route's `access` list: 403;
 * - a cashier on a route with a `storeParam`: only their own store (403 otherwise), except reading
 *   `warehouse` where the route is `centralReadable`.
 * Ownership (a customer's own cart or order) is the handler's to check, with `assertOwner`.
 * `authorize` (the HTTP stack's) throws problems; the checks services call (`callerOf`, `assertOwner`,
 * `assertStore`) throw domain errors, which the one mapper (problem.ts) makes the same 401/403.
 */
export const unauthorized = (detail: string | Message = 'A valid bearer token is required'): HttpProblem =>
  new HttpProblem(401, 'unauthorized', 'Unauthorized', detail).withHeaders({ 'www-authenticate': 'Bearer' });

export const forbidden = (detail: string | Message): HttpProblem =>
  new HttpProblem(403, 'forbidden', 'Forbidden', detail);

export const centralLocation = 'warehouse';

export function authorize(
  route: RouteSpec,
  caller: Caller | undefined,
  pathParameters: Readonly<Record<string, string | undefined>> = {},
): void {
  if (route.access === 'public') return;
  if (!caller) throw unauthorized();
  if (route.access !== 'signed-in' && !route.access.includes(caller.role))
    throw forbidden(m`A ${caller.role} may not use ${route.method} ${route.path}`);
  if (route.storeParam !== undefined && caller.role === 'cashier') {
    const location = pathParameters[route.storeParam];
    const centralRead =
      route.centralReadable === true && route.method === 'GET' && location === centralLocation;
    if (location !== caller.storeId && !centralRead)
      throw forbidden(m`A cashier of ${caller.storeId ?? 'no store'} may act only on that store`);
  }
}

/** The caller of a route that is not public (the stack has already answered 401 when there is none). */
const notSignedIn = () => new NotAuthenticated('unauthorized', 'A valid bearer token is required');
const notAllowed = (detail: Message) => new NotAllowed('forbidden', detail);

export function callerOf(req: { readonly caller: Caller | undefined }): Caller {
  if (!req.caller) throw notSignedIn();
  return req.caller;
}

/**
 * For resources that belong to one customer (carts, web orders): a customer may touch only their own.
 * Staff pass (their access is the route's `access` list and, for cashiers, `assertStore`).
 */
export function assertOwner(caller: Caller | undefined, ownerId: string, what = 'resource'): void {
  if (!caller) throw notSignedIn();
  if (caller.role === 'customer' && caller.userId !== ownerId)
    throw notAllowed(m`This ${what} belongs to another customer`);
}

/** For a store named outside the path (a query or body field): a cashier acts only on their own store. */
export function assertStore(caller: Caller | undefined, locationId: string): void {
  if (!caller) throw notSignedIn();
  if (caller.role === 'cashier' && caller.storeId !== locationId)
    throw notAllowed(m`A cashier of ${caller.storeId ?? 'no store'} may act only on that store`);
}

/**
 * Whose stock a caller may read: a cashier their own store's and the central warehouse's (as
 * `centralReadable` routes allow); every other role allowed on the route, every location's.
 */
export function canReadStockAt(caller: Caller | undefined, locationId: string): boolean {
  return caller?.role !== 'cashier' || locationId === caller.storeId || locationId === centralLocation;
}
