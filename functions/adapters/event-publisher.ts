/**
 * Port for publishing domain events to the bus (EventBridge on AWS, the local bus locally).
 * Every event carries a versioned detail and the correlation id of the request that caused it.
 */
export interface DomainEvent<D extends Record<string, unknown> = Record<string, unknown>> {
  /** e.g. `comptoir.sales`, `comptoir.inventory` */
  readonly source: string;
  /** e.g. `OrderConfirmed` */
  readonly detailType: string;
  readonly detail: D;
}

export interface EventPublisher {
  publish(events: readonly DomainEvent[]): Promise<void>;
}
