import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { captureEmf, type EmfMetric } from '#local/emf-capture.ts';
import { withCorrelation } from '#functions/shared/correlation.ts';

import type * as MetricsModule from '#functions/shared/metrics.ts';

let metrics: typeof MetricsModule;

/** One EMF record as printed: the `_aws` directive, then dimension, metric and metadata properties. */
type EmfRecord = Record<string, unknown> & {
  _aws: {
    CloudWatchMetrics: {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string; Unit: string }[];
    }[];
  };
};

beforeAll(async () => {
  // Metrics are on unless an environment turns them off; make sure this one does not.
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  metrics = await import('#functions/shared/metrics.ts');
});

/** Runs `fn` and returns the JSON records it printed on stdout (where Lambda's EMF lines go). */
function stdoutRecords(fn: () => void): EmfRecord[] {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  });
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return lines.map((l) => JSON.parse(l) as EmfRecord);
}

afterEach(() => vi.restoreAllMocks());

describe('metrics helper (CloudWatch embedded metric format)', () => {
  it('records a request under namespace Comptoir with the route dimension and error counts', () => {
    const [record, ...others] = stdoutRecords(() => metrics.recordRequest('POST /products', 503, 12.345));
    expect(others).toEqual([]);
    const directive = record!._aws.CloudWatchMetrics[0]!;
    expect(directive.Namespace).toBe('Comptoir');
    expect(directive.Dimensions).toEqual([['service', 'route']]);
    expect(directive.Metrics).toEqual([
      { Name: 'Requests', Unit: 'Count' },
      { Name: 'Latency', Unit: 'Milliseconds' },
      { Name: 'Errors4xx', Unit: 'Count' },
      { Name: 'Errors5xx', Unit: 'Count' },
    ]);
    expect(record).toMatchObject({
      service: 'comptoir',
      route: 'POST /products',
      Requests: 1,
      Latency: 12.35,
      Errors4xx: 0,
      Errors5xx: 1,
    });
  });

  it('records a sale amount in cents by location, with the correlation id as a property', () => {
    const [record] = stdoutRecords(() =>
      withCorrelation('corr-1', () => metrics.businessMetrics.sale('store-3', 2299, { orderId: 'o-1' })),
    );
    expect(record!._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'Comptoir',
      Dimensions: [['service', 'locationId']],
      Metrics: [{ Name: 'SaleAmountCents', Unit: 'None' }],
    });
    expect(record).toMatchObject({
      locationId: 'store-3',
      SaleAmountCents: 2299,
      correlationId: 'corr-1',
      orderId: 'o-1',
    });
  });

  it('records saga outcomes by outcome and reason, confirmed ones with reason none', () => {
    const warnings = vi.spyOn(process.stderr, 'write');
    const [failed, confirmed] = stdoutRecords(() => {
      metrics.businessMetrics.sagaOutcome('failed', 'payment-declined');
      metrics.businessMetrics.sagaOutcome('confirmed', 'ignored');
    });
    // The rollup by outcome alone lets an alarm count every failed order, whatever the reason.
    expect(failed!._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([
      ['service', 'outcome', 'reason'],
      ['service', 'outcome'],
    ]);
    expect(failed).toMatchObject({ outcome: 'failed', reason: 'payment-declined', SagaOutcome: 1 });
    expect(confirmed).toMatchObject({ outcome: 'confirmed', reason: 'none', SagaOutcome: 1 });
    expect(warnings).not.toHaveBeenCalled();
  });

  it('records stock alerts by type, keeping the product out of the dimensions', () => {
    const [record] = stdoutRecords(() =>
      metrics.businessMetrics.stockAlert('out', { locationId: 'store-1', productId: 'p-42' }),
    );
    expect(record!._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['service', 'type']]);
    expect(record).toMatchObject({ type: 'out', StockAlert: 1, productId: 'p-42' });
  });

  it('counts a stock alert from the event that announces it, and nothing for other events', () => {
    const records = stdoutRecords(() => {
      metrics.businessMetrics.stockAlertEvent('Overstock', { locationId: 'store-4' });
      metrics.businessMetrics.stockAlertEvent('StockBackToNormal');
      metrics.businessMetrics.stockAlertEvent('StockLevelChanged');
    });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ type: 'over', StockAlert: 1, locationId: 'store-4' });
  });

  it('never lets one record carry the dimensions of the previous one', () => {
    const [first, second] = stdoutRecords(() => {
      metrics.recordRequest('GET /health', 200, 1);
      metrics.businessMetrics.stockAlert('low');
    });
    expect(first!.route).toBe('GET /health');
    expect(second!.route).toBeUndefined();
    expect(second!._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['service', 'type']]);
  });
});

describe('local EMF capture', () => {
  it('diverts EMF lines from stdout to the listener and lets every other line through', () => {
    const seen: EmfMetric[] = [];
    const passed: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
      passed.push(String(chunk));
      return true;
    });
    const stop = captureEmf((m) => seen.push(...m));
    try {
      metrics.businessMetrics.sale('store-2', 500);
      process.stdout.write('{"level":"INFO","message":"hello"}\n');
    } finally {
      stop();
      spy.mockRestore();
    }
    expect(passed).toEqual(['{"level":"INFO","message":"hello"}\n']);
    expect(seen).toEqual([
      expect.objectContaining({
        namespace: 'Comptoir',
        name: 'SaleAmountCents',
        value: 500,
        dimensions: { service: 'comptoir', locationId: 'store-2' },
      }),
    ]);
  });
});
