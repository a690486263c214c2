import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayOf } from '#domain/reporting/days.ts';
import type { SoldOrder } from '#domain/reporting/sales.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

/**
 * The sales projection against the local DynamoDB, with a clock in the test's hands: each sale is
 * counted once however often it comes, and the markers that make that so do not pile up in the
 * aggregate items (they are pruned once the order records the sale as counted for good).
 */
let api: TestRuntime;
beforeAll(async () => {
  api = await startTestRuntime({ seed: false });
});
afterAll(() => api.stop());

const sale = (n: number, createdAt: string): SoldOrder => ({
  orderId: `proj-${n}`,
  locationId: 'store-1',
  channel: 'pos',
  createdAt,
  lines: [
    { productId: 'p1', name: 'Pain de campagne', quantity: 1, unitPriceCents: 500, lineTotalCents: 500 },
  ],
  subtotalCents: 500,
  gstCents: 25,
  qstCents: 50,
  totalCents: 575,
  paymentMethod: 'card',
});

describe('sales projection', () => {
  it('counts each sale once and prunes settled markers from the day item', async () => {
    // Prepare
    const { DynamoReportingRepository, locationDayKey } =
      await import('#functions/reporting/adapters/reporting-repository.ts');
    const { projectSale } = await import('#functions/reporting/projections.ts');
    const { ddb, tableName } = await import('#functions/adapters/dynamo.ts');
    const reporting = new DynamoReportingRepository();
    let clock = new Date('2026-03-10T15:00:00.000Z');
    const deps = { reporting, now: () => clock };
    const createdAt = '2026-03-10T15:00:00.000Z';
    const dayItem = async () =>
      (
        await ddb.send(
          new GetCommand({
            TableName: tableName('reporting'),
            Key: locationDayKey('store-1', dayOf(createdAt)),
            ConsistentRead: true,
          }),
        )
      ).Item!;

    // Act: 60 sales, each delivered twice (once concurrently with itself)
    for (let n = 0; n < 60; n++) {
      await Promise.all([projectSale(deps, sale(n, createdAt)), projectSale(deps, sale(n, createdAt))]);
    }
    const before = await dayItem();
    // An hour later, one more sale: its write finds the settled markers and prunes them.
    clock = new Date('2026-03-10T16:00:00.000Z');
    await projectSale(deps, sale(60, createdAt));
    // A late redelivery of a pruned sale is still refused, by the order's own record.
    await projectSale(deps, sale(3, createdAt));
    const after = await dayItem();

    // Assess
    expect(before.orders).toBe(60);
    expect((before.applied as Set<string>).size).toBe(60);
    expect(after.orders).toBe(61);
    expect(after.salesCents).toBe(61 * 500);
    expect((after.applied as Set<string> | undefined)?.size ?? 0).toBeLessThan(5);
  });
});
