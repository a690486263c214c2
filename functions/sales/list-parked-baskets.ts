import { httpHandler, json } from '#functions/shared/http.ts';
import { parkedDeps } from './parked-baskets.ts';
import { salesApi } from './schemas.ts';

/** The store's parked baskets, oldest first. */
const deps = parkedDeps();

export const handler = httpHandler(salesApi['GET /locations/{storeId}/parked-baskets'], async ({ params }) =>
  json(200, { items: await deps.parked.list(params.storeId) }),
);
