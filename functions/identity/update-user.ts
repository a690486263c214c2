import { callerOf } from '#functions/shared/access.ts';
import { httpHandler, json } from '#functions/shared/http.ts';
import { identityDeps } from './deps.ts';
import { updateUser } from './identity-service.ts';
import { identityApi } from './schemas.ts';

const deps = identityDeps();

export const handler = httpHandler(identityApi['PATCH /users/{userId}'], async (req) =>
  json(200, await updateUser(deps, callerOf(req), req.params.userId, req.body)),
);
