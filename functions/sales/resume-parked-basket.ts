import { httpHandler, json } from '#functions/shared/http.ts';
import { parkedDeps, resume } from './parked-baskets.ts';
import { salesApi } from './schemas.ts';

/** Resumes a parked basket: deleted and answered, once (a second resume: 404). */
const deps = parkedDeps();

export const handler = httpHandler(
  salesApi['DELETE /locations/{storeId}/parked-baskets/{basketId}'],
  async ({ params }) => json(200, await resume(deps, params.storeId, params.basketId)),
);
