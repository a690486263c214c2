import { assertStore, callerOf } from '#functions/shared/access.ts';
import { httpHandler, json } from '#functions/shared/http.ts';
import { identityDeps } from './deps.ts';
import { grantApproval } from './identity-service.ts';
import { identityApi } from './schemas.ts';

/**
 * A manager's approval at a till: their credentials, checked like a sign-in, for one action at the
 * caller's store (a cashier asks only for their own store). Answers a 5-minute approval token.
 */
const deps = identityDeps();
void deps.hasher.decoyHash().catch(() => undefined);

export const handler = httpHandler(identityApi['POST /auth/approvals'], async (req) => {
  const caller = callerOf(req);
  assertStore(caller, req.body.storeId);
  return json(200, await grantApproval(deps, caller, req.body, { address: req.sourceIp }), {
    'cache-control': 'no-store',
  });
});
