import { httpHandler, json } from '#functions/shared/http.ts';
import { identityDeps } from './deps.ts';
import { refresh } from './identity-service.ts';
import { identityApi } from './schemas.ts';

const deps = identityDeps();

export const handler = httpHandler(identityApi['POST /auth/refresh'], async ({ body }) =>
  json(200, await refresh(deps, body.refreshToken), { 'cache-control': 'no-store' }),
);
