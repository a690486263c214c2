import { httpHandler, json } from '#functions/shared/http.ts';
import { callerOf } from '#functions/shared/access.ts';
import { identityDeps } from './deps.ts';
import { currentUser } from './identity-service.ts';
import { identityApi } from './schemas.ts';

const deps = identityDeps();

export const handler = httpHandler(identityApi['GET /me'], async (req) =>
  json(200, await currentUser(deps, callerOf(req).userId)),
);
