import { describe, expect, it } from 'vitest';
import { failureCodeOf, parseTaskFailure, stepList } from '#domain/sales/saga.ts';

const at = '2026-01-05T13:00:00.000Z';

describe('saga failures and steps', () => {
  const failure = {
    step: 'reserve-stock',
    at,
    detail: 'short',
    shortLines: [{ productId: 'a', requested: 2, available: 1 }],
  };

  it('reads a task failure as the local engine reports it (Cause = the message)', () => {
    expect(parseTaskFailure({ Error: 'InsufficientStock', Cause: JSON.stringify(failure) }, 'now')).toEqual({
      errorName: 'InsufficientStock',
      ...failure,
    });
  });

  it('reads a task failure as AWS Lambda reports it (Cause = errorType/errorMessage JSON)', () => {
    const cause = JSON.stringify({
      errorType: 'InsufficientStock',
      errorMessage: JSON.stringify(failure),
      trace: [],
    });
    expect(parseTaskFailure({ Error: 'InsufficientStock', Cause: cause }, 'now')).toMatchObject(failure);
  });

  it('keeps a Step Functions error readable', () => {
    expect(parseTaskFailure({ Error: 'States.Timeout', Cause: 'Task timed out' }, at)).toMatchObject({
      errorName: 'States.Timeout',
      detail: 'Task timed out',
      at,
    });
    expect(failureCodeOf('States.Timeout')).toBe('internal-error');
    expect(failureCodeOf('PaymentDeclined')).toBe('payment-declined');
    expect(failureCodeOf('PaymentTimeout')).toBe('payment-unavailable');
  });

  it('lists forward steps, then the failed one, then compensations in the order they ran', () => {
    const s = (
      name: 'take-payment' | 'reserve-stock' | 'confirm-order' | 'price-order',
      status: 'completed' | 'failed' | 'compensated',
    ) => ({
      name,
      status,
      at,
    });
    expect(
      stepList({
        forward: [
          s('price-order', 'completed'),
          s('reserve-stock', 'completed'),
          s('take-payment', 'completed'),
          undefined,
        ],
        failed: s('confirm-order', 'failed'),
        compensations: [s('take-payment', 'compensated'), s('reserve-stock', 'compensated')],
      }).map((x) => `${x.name}:${x.status}`),
    ).toEqual([
      'price-order:completed',
      'reserve-stock:completed',
      'take-payment:completed',
      'confirm-order:failed',
      'take-payment:compensated',
      'reserve-stock:compensated',
    ]);
  });
});
