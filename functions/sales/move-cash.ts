import { callerOf } from '#functions/shared/access.ts';
import { httpHandler, json } from '#functions/shared/http.ts';
import { registerDeps } from './register-deps.ts';
import { moveCash } from './register-service.ts';
import { CashMovementBody, SessionParams } from './schemas.ts';

/** Cash in or out of an open drawer with a reason (Idempotency-Key required: the movement's id). */
const deps = registerDeps();

export const handler = httpHandler(
  {
    route: 'POST /locations/{storeId}/registers/{registerId}/sessions/{sessionId}/cash-movements',
    params: SessionParams,
    body: CashMovementBody,
    idempotency: { table: 'sales', required: true, mode: 'entity' },
  },
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
