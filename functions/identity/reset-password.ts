import { callerOf } from '#functions/shared/access.ts';
import { httpHandler, json } from '#functions/shared/http.ts';
import { identityDeps } from './deps.ts';
import { resetPassword } from './identity-service.ts';
import { ResetPasswordBody, UserParams } from './schemas.ts';

const deps = identityDeps();

export const handler = httpHandler(
  { route: 'POST /users/{userId}/password', params: UserParams, body: ResetPasswordBody },
  async (req) => {
    await resetPassword(deps, callerOf(req), req.params.userId, req.body.password);
    return json(204);
  },
);
