import { httpHandler, json } from '#functions/shared/http.ts';
import { idFromKey } from '#functions/shared/idempotency.ts';
import { postCount } from './count-service.ts';
import { purchasingApi } from './purchasing-schemas.ts';
import { replenishmentDeps } from './replenishment-deps.ts';

const deps = replenishmentDeps().countDeps;

/** Counted quantities of a location (Idempotency-Key required): each variance a `count` movement. */
export const handler = httpHandler(
  purchasingApi['POST /locations/{locationId}/counts'],
  async ({ params, body, caller, idempotency }) =>
    json(
      201,
      await postCount(deps, {
        countId: idFromKey('cnt', `${params.locationId}|${idempotency!.scope}`, idempotency!.key),
        locationId: params.locationId,
        lines: body.lines,
        by: caller?.userId ?? 'anonymous',
      }),
    ),
);
