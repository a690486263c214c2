import { log } from '#functions/shared/correlation.ts';
import { verificationKey } from './adapters/signing-key.ts';
import { bearerToken, verifyToken } from './adapters/tokens.ts';
import { DynamoUserRepository, type UserRepository } from './adapters/user-repository.ts';

/**
 * The API's Lambda authorizer (HTTP API, payload format 2.0, simple responses), and the local gateway's
 * authorizer too. It only AUTHENTICATES: API Gateway caches its answer per token for every route, so
 * it must not depend on the route. Role and store checks happen in functions/shared/access.ts.
 *
 * A valid signature is not enough: the token's user must still exist, be active and have the token
 * version written in the token (raised when a manager disables the user or changes their role or store,
 * and when their password changes). Reading the user costs one GetItem per token and cache period
 * (API Gateway keeps the answer `authorizerCacheSeconds`), and makes a token of a disabled user stop
 * working within that time.
 *
 * The context reaches the handlers as `event.requestContext.authorizer.lambda`. `exp` (epoch seconds)
 * lets the handler stack refuse a token that expired while its cached answer was still in use.
 * A secret that cannot be read is an error (500), not a refusal: nobody would be able to work.
 *
 * A request with no Authorization header is refused here (on AWS, API Gateway answers 401 before even
 * calling us). A header that does not hold a valid token is NOT refused: it passes as an anonymous caller,
 * and the handler stack answers 401 in the API's own `application/problem+json` shape — an HTTP API
 * cannot reshape API Gateway's bare 403 `{"message":"Forbidden"}` for a denied request.
 */
export interface AuthorizerEvent {
  readonly headers?: Readonly<Record<string, string | undefined>>;
  readonly identitySource?: readonly string[] | null;
}

export interface AuthorizerContext {
  readonly userId: string;
  readonly username: string;
  readonly role: string;
  /** The cashier's store; empty for the other roles. */
  readonly storeId: string;
  readonly exp: number;
}

export type AuthorizerResponse =
  { readonly isAuthorized: true; readonly context: AuthorizerContext } | { readonly isAuthorized: false };

/** Context of a request whose token is not valid: no role, so every non-public route answers 401. */
export const anonymous: AuthorizerContext = { userId: '', username: '', role: '', storeId: '', exp: 0 };

let users: UserRepository | undefined;

export async function handler(event: AuthorizerEvent): Promise<AuthorizerResponse> {
  const header = event.identitySource?.[0] ?? event.headers?.authorization;
  if (header === undefined || header === '') return { isAuthorized: false };
  const token = bearerToken(header);
  const subject = token ? await verifyToken(verificationKey, token) : undefined;
  if (!subject) {
    log.info('token refused');
    return { isAuthorized: true, context: anonymous };
  }
  users ??= new DynamoUserRepository();
  const stored = await users.get(subject.userId);
  if (!stored || stored.user.status !== 'active' || stored.tokenVersion !== subject.tokenVersion) {
    log.info('token of a changed user refused', { userId: subject.userId });
    return { isAuthorized: true, context: anonymous };
  }
  return {
    isAuthorized: true,
    context: {
      userId: subject.userId,
      username: subject.username,
      role: subject.role,
      storeId: subject.storeId ?? '',
      exp: subject.exp,
    },
  };
}
