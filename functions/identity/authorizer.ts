import { log } from '#functions/shared/correlation.ts';
import { signingKey } from './adapters/signing-key.ts';
import { bearerToken, verifyToken } from './adapters/tokens.ts';

/**
 * The API's Lambda authorizer (HTTP API, payload format 2.0, simple responses), and the local gateway's
 * authorizer too. It only AUTHENTICATES: API Gateway caches its answer per token for every route, so
 * it must not depend on the route. Role and store checks happen in functions/shared/access.ts.
 *
 * The context reaches the handlers as `event.requestContext.authorizer.lambda`. `exp` (epoch seconds)
 * lets the handler stack refuse a token that expired while its cached answer was still in use.
 * A secret that cannot be read is an error (500), not a refusal: nobody would be able to work.
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

export async function handler(event: AuthorizerEvent): Promise<AuthorizerResponse> {
  const header = event.identitySource?.[0] ?? event.headers?.authorization;
  const token = bearerToken(header);
  if (!token) return { isAuthorized: false };
  const subject = await verifyToken(await signingKey(), token);
  if (!subject) {
    log.info('token refused');
    return { isAuthorized: false };
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
