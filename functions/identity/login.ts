import { httpHandler, json } from '#functions/shared/http.ts';
import { identityDeps } from './deps.ts';
import { login } from './identity-service.ts';
import { identityApi } from './schemas.ts';

const deps = identityDeps();
// The decoy hash (for unknown usernames) is made during the cold start, not on someone's request.
void deps.hasher.decoyHash().catch(() => undefined);

export const handler = httpHandler(identityApi['POST /auth/login'], async ({ body, sourceIp }) =>
  json(200, await login(deps, body, { address: sourceIp }), { 'cache-control': 'no-store' }),
);
