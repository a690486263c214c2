import { callerOf } from '#functions/shared/access.ts';
import { httpHandler, json } from '#functions/shared/http.ts';
import { registerDeps } from './register-deps.ts';
import { moveCash } from './register-service.ts';
import { salesApi } from './schemas.ts';

/** Cash in or out of an open drawer with a reason (Idempotency-Key required: the movement's id). */
const deps = registerDeps();

export const handler = httpHandler(
  salesApi['POST /locations/{storeId}/registers/{registerId}/sessions/{sessionId}/cash-movements'],
  async (req) =>
    json(
      201,
      await moveCash(deps, callerOf(req), {
        ...req.params,
        ...req.body,
        idempotency: req.idempotency!,
      }),
    ),
);
