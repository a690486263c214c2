import { callerOf } from '#functions/shared/access.ts';
import { httpHandler, json } from '#functions/shared/http.ts';
import { registerDeps } from './register-deps.ts';
import { closeRegister } from './register-service.ts';
import { salesApi } from './schemas.ts';

/**
 * Closes a till's session with the counted drawer: expected vs counted and the Z-report. Closing the
 * same session again with the same count answers the same session (idempotent by the session's id).
 */
const deps = registerDeps();

export const handler = httpHandler(
  salesApi['POST /locations/{storeId}/registers/{registerId}/sessions/{sessionId}/close'],
  async (req) =>
    json(
      200,
      await closeRegister(deps, callerOf(req), {
        ...req.params,
        countedCents: req.body.countedCents,
        correlationId: req.correlationId,
      }),
    ),
);
