import { httpHandler, json } from '#functions/shared/http.ts';
import { registerDeps } from './register-deps.ts';
import { currentSession } from './register-service.ts';
import { salesApi } from './schemas.ts';

/** A till's current (or last) register session with its running report. */
const deps = registerDeps();

export const handler = httpHandler(
  salesApi['GET /locations/{storeId}/registers/{registerId}/session'],
  async ({ params }) => json(200, await currentSession(deps, params.storeId, params.registerId)),
);
