import { callerOf } from '#functions/shared/access.ts';
import { httpHandler, json } from '#functions/shared/http.ts';
import { identityDeps } from './deps.ts';
import { resetPassword } from './identity-service.ts';
import { identityApi } from './schemas.ts';

const deps = identityDeps();

export const handler = httpHandler(identityApi['POST /users/{userId}/password'], async (req) => {
  await resetPassword(deps, callerOf(req), req.params.userId, req.body.password);
  return json(204);
});
