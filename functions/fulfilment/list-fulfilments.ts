import { httpHandler, json } from '#functions/shared/http.ts';
import { fulfilmentDeps } from './deps.ts';
import { listOpen } from './fulfilment-service.ts';
import { fulfilmentApi } from './schemas.ts';

/** The warehouse's pick list, or a store's pickup shelf: open fulfilments, oldest order first. */
const deps = fulfilmentDeps();

export const handler = httpHandler(fulfilmentApi['GET /locations/{locationId}/fulfilments'], async (req) =>
  json(200, { items: await listOpen(deps, req.caller, req.params.locationId) }),
);
