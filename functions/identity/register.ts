import { httpHandler, json } from '#functions/shared/http.ts';
import { identityDeps } from './deps.ts';
import { register } from './identity-service.ts';
import { identityApi } from './schemas.ts';

const deps = identityDeps();

export const handler = httpHandler(identityApi['POST /auth/register'], async ({ body }) =>
  json(201, await register(deps, body)),
);
