import type * as z from 'zod/mini';
import type { Fulfilment as FulfilmentSchema } from '../../../functions/fulfilment/schemas.ts';
import { translator } from './i18n.ts';
import * as common from './messages.ts';

const t = translator(common);

/** A web order's fulfilment as the API answers it (GET /fulfilments/{orderId}). */
export type Fulfilment = z.output<typeof FulfilmentSchema>;

/** A fulfilment status in words (fr-CA or en-CA). */
export const fulfilmentStatusLabel = (status: Fulfilment['status']): string =>
  t(`fulfilment.status.${status}`);
