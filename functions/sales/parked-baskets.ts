import { NotFoundError } from '#domain/shared/errors.ts';
import { parkBasket, type ParkedBasket, type ParkedDiscount, type ParkedLine } from '#domain/sales/parked.ts';
import { idFromKey, type Idempotency } from '#functions/shared/idempotency.ts';
import type { Caller } from '#functions/shared/http.ts';
import {
  DynamoParkedBasketRepository,
  type ParkedBasketRepository,
} from './adapters/parked-basket-repository.ts';

/** Parked baskets of a store (domain/sales/parked.ts): park (once per key), list, resume (once). */
export interface ParkedDeps {
  readonly parked: ParkedBasketRepository;
  readonly now: () => string;
}

export const parkedDeps = (): ParkedDeps => ({
  parked: new DynamoParkedBasketRepository(),
  now: () => new Date().toISOString(),
});

export interface ParkRequest {
  readonly label: string;
  readonly lines: readonly ParkedLine[];
  readonly discount?: ParkedDiscount | undefined;
  readonly registerId?: string | undefined;
}

/**
 * Parks a basket: its id comes from the Idempotency-Key, and the put is conditional on no basket with
 * that id, so a retry after any crash answers the basket it parked instead of parking a second one.
 */
export async function park(
  deps: ParkedDeps,
  caller: Caller | undefined,
  storeId: string,
  request: ParkRequest,
  idempotency: Idempotency,
): Promise<{ basket: ParkedBasket; replayed: boolean }> {
  const basket = parkBasket({
    id: idFromKey('pb', idempotency.scope, idempotency.key),
    storeId,
    label: request.label,
    lines: request.lines,
    ...(request.discount ? { discount: request.discount } : {}),
    ...(request.registerId ? { registerId: request.registerId } : {}),
    parkedAt: deps.now(),
    parkedBy: caller?.username ?? '',
  });
  if (await deps.parked.park(basket)) return { basket, replayed: false };
  const existing = await deps.parked.get(storeId, basket.id);
  if (!existing) throw new NotFoundError('Parked basket', basket.id);
  return { basket: existing, replayed: true };
}

/** Resumes a parked basket: taken away and answered, exactly once; a second resume is 404. */
export async function resume(deps: ParkedDeps, storeId: string, id: string): Promise<ParkedBasket> {
  const basket = await deps.parked.take(storeId, id);
  if (!basket) throw new NotFoundError('Parked basket', id);
  return basket;
}
