import { stockLedgerEvents, type EventName } from './events.ts';
import type { TableName } from './tables.ts';

/**
 * The one list of event-bus rules, read by the CDK stack (one EventBridge rule, Lambda target,
 * retry policy and SQS dead-letter queue per entry) and by the local bus (same patterns, same
 * targets, same retry policy). `target` names `functions/<target>.ts`, exporting `handler`,
 * normally written with `consumer()` from functions/shared/consumer.ts.
 */
export type EventPattern = Readonly<Record<string, unknown>>;

export interface RuleSpec {
  /** Kebab-case, unique; the EventBridge rule is named `comptoir-<name>`. */
  readonly name: string;
  readonly description: string;
  /** An EventBridge event pattern (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html). */
  readonly eventPattern: EventPattern;
  /** Consumer module under functions/, e.g. `ops/record-event`. */
  readonly target: string;
  /**
   * The rule target's retry policy (0–185): EventBridge retries an invocation that fails (throttling,
   * Lambda unavailable) this many times. A consumer that throws is retried by Lambda, at most twice:
   * `consumerRetryPolicy` below, applied in AWS and by the local bus alike.
   */
  readonly retryAttempts: number;
  /** An event older than this is not retried any more but dead-lettered (60–86400; consumers: ≤ 21600). */
  readonly maxEventAgeSeconds: number;
  /** Tables the consumer uses (its processed-event markers live in the first one): read only unless in `writes`. */
  readonly tables: readonly TableName[];
  /** Of `tables`, those the consumer writes (the first one, which holds its markers, always). */
  readonly writes?: readonly TableName[];
  /** Event types the consumer's code can publish (conditioned events:PutEvents, as for routes). */
  readonly publishes?: readonly EventName[];
  /**
   * The consumer sends e-mails: CDK grants it ses:SendEmail on the chain's identity, configuration set
   * and templates and sets MAIL_FROM and MAIL_CONFIGURATION_SET (the local runtime sets the same).
   */
  readonly sendsEmail?: boolean;
}

/** Name of the custom event bus, in AWS and locally. */
export const eventBusName = 'comptoir';

/**
 * How often a consumer that throws is retried, and until what age: Lambda's asynchronous invocation
 * allows at most 2 retries within at most 6 hours, whatever the target's retry policy says.
 */
export const consumerRetryPolicy = (rule: Pick<RuleSpec, 'retryAttempts' | 'maxEventAgeSeconds'>) => ({
  retryAttempts: Math.min(2, rule.retryAttempts),
  maxEventAgeSeconds: Math.min(21_600, rule.maxEventAgeSeconds),
});

export const rules: readonly RuleSpec[] = [
  {
    name: 'audit-trail',
    description: 'Every Comptoir event into the audit trail (GET /events)',
    eventPattern: { source: [{ prefix: 'comptoir.' }] },
    target: 'ops/record-event',
    retryAttempts: 2,
    maxEventAgeSeconds: 6 * 3600,
    tables: ['reporting'],
    writes: ['reporting'],
  },
  {
    name: 'reporting-sales',
    description: 'Confirmed orders and returns into the daily sales aggregates (dashboard, reports)',
    eventPattern: { source: ['comptoir.sales'], 'detail-type': ['OrderConfirmed', 'OrderReturned'] },
    target: 'reporting/project-sales',
    retryAttempts: 2,
    maxEventAgeSeconds: 6 * 3600,
    tables: ['reporting'],
    writes: ['reporting'],
  },
  {
    name: 'reporting-alerts',
    description: 'Stock alert events into the current alerts shown on the dashboard',
    eventPattern: {
      source: ['comptoir.inventory'],
      'detail-type': ['StockOut', 'StockLow', 'Overstock', 'StockBackToNormal'],
    },
    target: 'reporting/project-alerts',
    retryAttempts: 2,
    maxEventAgeSeconds: 6 * 3600,
    tables: ['reporting'],
    writes: ['reporting'],
  },
  {
    name: 'inventory-record-movements',
    description:
      "The checkout saga's stock movements into the ledger, and the threshold crossings they make (the ledger recorder)",
    eventPattern: {
      source: ['comptoir.inventory'],
      'detail-type': ['StockReserved', 'StockCommitted', 'StockReleased'],
    },
    target: 'inventory/consumers/record-movements',
    retryAttempts: 8,
    maxEventAgeSeconds: 6 * 3600,
    tables: ['inventory'],
    writes: ['inventory'],
    publishes: [...stockLedgerEvents],
  },
  {
    name: 'inventory-restock-returns',
    description: 'Returned units back on hand at the selling location',
    eventPattern: { source: ['comptoir.sales'], 'detail-type': ['OrderReturned'] },
    target: 'inventory/consumers/restock-returned',
    retryAttempts: 8,
    maxEventAgeSeconds: 6 * 3600,
    tables: ['inventory'],
    writes: ['inventory'],
    publishes: [...stockLedgerEvents],
  },
  {
    name: 'inventory-fulfil-replenishments',
    description: 'Replenishment requests: units moved from the warehouse to the store (resumes by status)',
    eventPattern: { source: ['comptoir.inventory'], 'detail-type': ['ReplenishmentRequested'] },
    target: 'inventory/consumers/fulfil-replenishment',
    retryAttempts: 8,
    maxEventAgeSeconds: 6 * 3600,
    tables: ['inventory'],
    writes: ['inventory'],
    publishes: ['ReplenishmentFulfilled', 'ReplenishmentRejected', ...stockLedgerEvents],
  },
  {
    name: 'inventory-reorder-rules',
    description:
      "Stores' reorder rules: a line below its reorder point with no open request raises one (one open per store and product)",
    eventPattern: {
      source: ['comptoir.inventory'],
      'detail-type': ['StockLevelChanged', 'ReplenishmentFulfilled', 'ReplenishmentRejected'],
    },
    target: 'inventory/consumers/apply-reorder-rules',
    retryAttempts: 8,
    maxEventAgeSeconds: 6 * 3600,
    tables: ['inventory'],
    writes: ['inventory'],
    publishes: ['ReplenishmentRequested'],
  },
  {
    name: 'fulfilment-open',
    description: 'A confirmed web order gets its fulfilment (warehouse pick list, or the pickup store shelf)',
    eventPattern: {
      source: ['comptoir.sales'],
      'detail-type': ['OrderConfirmed'],
      detail: { channel: ['web'] },
    },
    target: 'fulfilment/consumers/open-fulfilment',
    retryAttempts: 2,
    maxEventAgeSeconds: 6 * 3600,
    tables: ['fulfilment'],
    writes: ['fulfilment'],
  },
  {
    name: 'sales-cancellations',
    description:
      'A cancelled or not-collected web order is refunded in full and announced returned (stock back), once',
    eventPattern: { source: ['comptoir.fulfilment'], 'detail-type': ['OrderCancelled'] },
    target: 'sales/consumers/cancel-order',
    retryAttempts: 2,
    maxEventAgeSeconds: 6 * 3600,
    tables: ['sales'],
    writes: ['sales'],
    publishes: ['PaymentRefunded', 'OrderReturned'],
  },
  {
    name: 'notifications-directory',
    description:
      "Each user's e-mail address and language, from UserChanged (the notifications context's directory)",
    eventPattern: { source: ['comptoir.identity'], 'detail-type': ['UserChanged'] },
    target: 'notifications/consumers/remember-recipient',
    retryAttempts: 2,
    maxEventAgeSeconds: 6 * 3600,
    tables: ['notifications'],
    writes: ['notifications'],
  },
  {
    name: 'notifications-email',
    description:
      'E-mails to the customer (SES, in their language) when a web order is confirmed, shipped, ready for pickup or cancelled',
    // Every OrderConfirmed comes (a POS sale's too): the consumer writes to web customers only.
    eventPattern: {
      source: ['comptoir.sales', 'comptoir.fulfilment'],
      'detail-type': ['OrderConfirmed', 'OrderShipped', 'OrderReadyForPickup', 'OrderCancelled'],
    },
    target: 'notifications/consumers/send-email',
    retryAttempts: 2,
    maxEventAgeSeconds: 6 * 3600,
    tables: ['notifications'],
    writes: ['notifications'],
    publishes: ['NotificationSent', 'NotificationFailed'],
    sendsEmail: true,
  },
];
