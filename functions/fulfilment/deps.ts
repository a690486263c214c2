import { randomInt } from 'node:crypto';
import { EventBridgePublisher } from '#functions/adapters/eventbridge-publisher.ts';
import { defaultPickupDays } from '#domain/fulfilment/fulfilment.ts';
import { DynamoFulfilmentRepository } from './adapters/fulfilment-repository.ts';
import type { FulfilmentDeps } from './fulfilment-service.ts';

/** Wiring of the fulfilment use cases, once per cold start. `COMPTOIR_PICKUP_DAYS` overrides the shelf time. */
export function fulfilmentDeps(): FulfilmentDeps {
  const days = Number(process.env.COMPTOIR_PICKUP_DAYS ?? defaultPickupDays);
  return {
    fulfilments: new DynamoFulfilmentRepository(),
    events: new EventBridgePublisher(),
    now: () => new Date().toISOString(),
    pickupCode: () => String(randomInt(0, 1_000_000)).padStart(6, '0'),
    pickupDays: Number.isInteger(days) && days > 0 ? days : defaultPickupDays,
  };
}
