import { callerOf } from '#functions/shared/access.ts';
import { httpHandler, json } from '#functions/shared/http.ts';
import { registerDeps } from './register-deps.ts';
import { openRegister } from './register-service.ts';
import { salesApi } from './schemas.ts';

/** Opens a till's register session with its counted float (Idempotency-Key required: the session's id). */
const deps = registerDeps();

export const handler = httpHandler(
  salesApi['POST /locations/{storeId}/registers/{registerId}/sessions'],
  async (req) => {
    const { session, replayed } = await openRegister(deps, callerOf(req), {
      storeId: req.params.storeId,
      registerId: req.params.registerId,
      floatCents: req.body.floatCents,
      correlationId: req.correlationId,
      idempotency: req.idempotency!,
    });
    return json(201, session, replayed ? { 'idempotent-replayed': 'true' } : {});
  },
);
