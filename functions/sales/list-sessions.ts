import { httpHandler, json } from '#functions/shared/http.ts';
import { registerDeps } from './register-deps.ts';
import { storeSessions } from './register-service.ts';
import { salesApi } from './schemas.ts';

/** Head office: a store's tills with their current session, and its closed sessions newest first. */
const deps = registerDeps();

export const handler = httpHandler(salesApi['GET /locations/{storeId}/sessions'], async ({ params, query }) =>
  json(200, await storeSessions(deps, params.storeId, query.limit)),
);
