/**
 * The one list of the application's own CloudWatch metrics (embedded metric format, namespace
 * `Comptoir`). Handlers emit them through functions/shared/metrics.ts; the CDK dashboard and alarms
 * (infra/stacks/observability-stack.ts) and the local ops page read the same names from here.
 *
 * Every metric also carries the Powertools `service` dimension (always `comptoir`), so a CloudWatch
 * query names `{service: 'comptoir', ...dimensions}`.
 */
export const metricsNamespace = 'Comptoir';
export const metricsService = 'comptoir';

export type MetricUnitName = 'Count' | 'Milliseconds' | 'None';

export interface MetricSpec {
  readonly name: string;
  readonly unit: MetricUnitName;
  /** Dimension names besides `service`; keep each one's values few (CloudWatch bills per combination). */
  readonly dimensions: readonly string[];
  /**
   * Coarser dimension sets the same record also publishes (EMF allows several per record), for
   * alarms: CloudWatch alarms cannot sum over a dimension, so `SagaOutcome` by `outcome` alone exists.
   */
  readonly rollups?: readonly (readonly string[])[];
  readonly description: string;
}

export const appMetrics = {
  requests: {
    name: 'Requests',
    unit: 'Count',
    dimensions: ['route'],
    description: 'HTTP requests answered by a handler, per route key (`GET /products/{productId}`)',
  },
  latency: {
    name: 'Latency',
    unit: 'Milliseconds',
    dimensions: ['route'],
    description: 'Handler time per request, validation to response, in milliseconds',
  },
  errors4xx: {
    name: 'Errors4xx',
    unit: 'Count',
    dimensions: ['route'],
    description: 'Answers with a 4xx status (1 per such request, 0 otherwise: its average is the 4xx rate)',
  },
  errors5xx: {
    name: 'Errors5xx',
    unit: 'Count',
    dimensions: ['route'],
    description: 'Answers with a 5xx status (1 per such request, 0 otherwise: its average is the 5xx rate)',
  },
  saleAmount: {
    name: 'SaleAmountCents',
    unit: 'None',
    dimensions: ['locationId'],
    description: 'Total of each confirmed sale or web order, in CAD cents, per selling location',
  },
  sagaOutcome: {
    name: 'SagaOutcome',
    unit: 'Count',
    dimensions: ['outcome', 'reason'],
    rollups: [['outcome']],
    description:
      'Checkout saga endings: outcome `confirmed` (reason `none`) or `failed` with the failure code',
  },
  stockAlert: {
    name: 'StockAlert',
    unit: 'Count',
    dimensions: ['type'],
    description: 'Stock alerts raised, per type (`low`, `out`, `over`)',
  },
} as const satisfies Record<string, MetricSpec>;

export type AppMetricKey = keyof typeof appMetrics;
