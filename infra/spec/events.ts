/**
 * The event types of the bus by name (the EventBridge `detail-type`), with the source each is
 * published under: the facts the stacks need to let a function publish exactly the events it
 * declares (`publishes` in routes, rules, schedules and saga tasks becomes an `events:PutEvents`
 * statement conditioned on `events:source` and `events:detail-type`).
 *
 * The event modules themselves are `functions/events/<name>.ts` (defineEvent); this table only
 * repeats their name and source so that the specs need not import handler code.
 * `tests/infra/published-events.test.ts` fails when the two disagree.
 */
export const eventSources = {
  OrderConfirmed: 'comptoir.sales',
  OrderFailed: 'comptoir.sales',
  OrderReturned: 'comptoir.sales',
  PaymentCaptured: 'comptoir.sales',
  PaymentRefunded: 'comptoir.sales',
  RegisterClosed: 'comptoir.sales',
  RegisterOpened: 'comptoir.sales',
  Overstock: 'comptoir.inventory',
  ReplenishmentFulfilled: 'comptoir.inventory',
  ReplenishmentRejected: 'comptoir.inventory',
  ReplenishmentRequested: 'comptoir.inventory',
  StockBackToNormal: 'comptoir.inventory',
  StockCommitted: 'comptoir.inventory',
  StockLevelChanged: 'comptoir.inventory',
  StockLow: 'comptoir.inventory',
  StockOut: 'comptoir.inventory',
  StockReleased: 'comptoir.inventory',
  StockReserved: 'comptoir.inventory',
  UserChanged: 'comptoir.identity',
  ReceiptRequested: 'comptoir.sales',
  OrderPickingStarted: 'comptoir.fulfilment',
  OrderPacked: 'comptoir.fulfilment',
  OrderShipped: 'comptoir.fulfilment',
  OrderDelivered: 'comptoir.fulfilment',
  OrderReadyForPickup: 'comptoir.fulfilment',
  OrderCollected: 'comptoir.fulfilment',
  OrderCancelled: 'comptoir.fulfilment',
  NotificationSent: 'comptoir.notifications',
  NotificationFailed: 'comptoir.notifications',
  ExportReady: 'comptoir.reporting',
} as const satisfies Record<string, `comptoir.${string}`>;

export type EventName = keyof typeof eventSources;

/** What the stock ledger announces when it records a movement (functions/inventory/adapters/ledger.ts). */
export const stockLedgerEvents = [
  'StockLevelChanged',
  'StockLow',
  'StockOut',
  'Overstock',
  'StockBackToNormal',
] as const satisfies readonly EventName[];

/** What the fulfilment flow announces, one event per transition (functions/fulfilment/). */
export const fulfilmentEvents = [
  'OrderPickingStarted',
  'OrderPacked',
  'OrderShipped',
  'OrderDelivered',
  'OrderReadyForPickup',
  'OrderCollected',
  'OrderCancelled',
] as const satisfies readonly EventName[];

/** The declared event names grouped by source: one conditioned PutEvents statement per source. */
export function eventsBySource(names: readonly EventName[]): Map<string, EventName[]> {
  const bySource = new Map<string, EventName[]>();
  for (const name of [...new Set(names)].sort()) {
    const source = eventSources[name];
    if (!source) throw new Error(`unknown event type ${String(name)} (infra/spec/events.ts)`);
    bySource.set(source, [...(bySource.get(source) ?? []), name]);
  }
  return bySource;
}
