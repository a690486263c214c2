import { randomUUID } from 'node:crypto';
import { EventBridgePublisher } from '#functions/adapters/eventbridge-publisher.ts';
import type { EventPublisher } from '#functions/adapters/event-publisher.ts';
import {
  DynamoOrderRepository,
  type CartRepository,
  type OrderRepository,
} from './adapters/order-repository.ts';
import type { PaymentGateway } from './adapters/payment-gateway.ts';
import { DynamoPromoRepository } from './adapters/promo-repository.ts';
import { DynamoReceiptBook, type ReceiptBook } from './adapters/receipt-book.ts';
import { SimulatedPaymentProvider } from './adapters/simulated-payment-provider.ts';
import type { PromoStore } from './promo-service.ts';

/** Wiring of the sales use cases and saga steps to their adapters, made once per cold start. */
export interface SalesDeps {
  readonly orders: OrderRepository;
  readonly carts: CartRepository;
  readonly payments: PaymentGateway;
  readonly events: EventPublisher;
  /** Promo codes and their uses (the web shop's; absent in tests that sell without codes). */
  readonly promos?: PromoStore;
  /** The tills' receipt counters and the lookup by receipt number. */
  readonly receipts: ReceiptBook;
  /** ISO-8601 UTC now. */
  readonly now: () => string;
  readonly newId: (prefix: string) => string;
  /** Waits (a retry waiting for the run in flight); injectable so tests need not sleep. */
  readonly sleep: (ms: number) => Promise<void>;
}

export function salesDeps(): SalesDeps {
  const repository = new DynamoOrderRepository();
  return {
    orders: repository,
    carts: repository,
    payments: new SimulatedPaymentProvider(),
    events: new EventBridgePublisher(),
    promos: new DynamoPromoRepository(),
    receipts: new DynamoReceiptBook(),
    now: () => new Date().toISOString(),
    newId: (prefix) => `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 20)}`,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  };
}
