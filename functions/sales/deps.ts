import { randomUUID } from 'node:crypto';
import { EventBridgePublisher } from '#functions/adapters/eventbridge-publisher.ts';
import type { EventPublisher } from '#functions/adapters/event-publisher.ts';
import {
  DynamoOrderRepository,
  type CartRepository,
  type OrderRepository,
} from './adapters/order-repository.ts';
import type { PaymentGateway } from './adapters/payment-gateway.ts';
import { SimulatedPaymentProvider } from './adapters/simulated-payment-provider.ts';

/** Wiring of the sales use cases and saga steps to their adapters, made once per cold start. */
export interface SalesDeps {
  readonly orders: OrderRepository;
  readonly carts: CartRepository;
  readonly payments: PaymentGateway;
  readonly events: EventPublisher;
  readonly now: () => string;
  readonly newId: (prefix: string) => string;
}

export function salesDeps(): SalesDeps {
  const repository = new DynamoOrderRepository();
  return {
    orders: repository,
    carts: repository,
    payments: new SimulatedPaymentProvider(),
    events: new EventBridgePublisher(),
    now: () => new Date().toISOString(),
    newId: (prefix) => `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 20)}`,
  };
}

/** The provider idempotency key of an order's payment: the same on every retry of the saga step. */
export const paymentKey = (orderId: string): string => `pay_${orderId}`;
