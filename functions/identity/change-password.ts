import { callerOf } from '#functions/shared/access.ts';
import { httpHandler, json } from '#functions/shared/http.ts';
import { identityDeps } from './deps.ts';
import { changeOwnPassword } from './identity-service.ts';
import { identityApi } from './schemas.ts';

const deps = identityDeps();

export const handler = httpHandler(identityApi['POST /me/password'], async (req) =>
  json(200, await changeOwnPassword(deps, callerOf(req), req.body, { address: req.sourceIp }), {
    'cache-control': 'no-store',
  }),
);
