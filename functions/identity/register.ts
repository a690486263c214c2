import { httpHandler, json } from '#functions/shared/http.ts';
import { identityDeps } from './deps.ts';
import { register } from './identity-service.ts';
import { RegisterBody } from './schemas.ts';

const deps = identityDeps();

export const handler = httpHandler({ route: 'POST /auth/register', body: RegisterBody }, async ({ body }) =>
  json(201, await register(deps, body)),
);
