import { httpHandler, json } from '#functions/shared/http.ts';
import { park, parkedDeps } from './parked-baskets.ts';
import { salesApi } from './schemas.ts';

/** Parks the till's basket for the store (Idempotency-Key required: one key, one parked basket). */
const deps = parkedDeps();

export const handler = httpHandler(
  salesApi['POST /locations/{storeId}/parked-baskets'],
  async ({ params, body, caller, idempotency }) => {
    const { basket, replayed } = await park(deps, caller, params.storeId, body, idempotency!);
    return json(201, basket, {
      location: `/locations/${params.storeId}/parked-baskets/${basket.id}`,
      ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
    });
  },
);
