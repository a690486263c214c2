import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
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

describe('dashboard top products', () => {
  it('come from sums of the settled days kept by the projection, made again when an event comes late', async () => {
    // Prepare: store-2 sold bread on 03-05 (that day's clock); today is 03-10 in Montréal.
    const { DynamoReportingRepository } =
      await import('#functions/reporting/adapters/reporting-repository.ts');
    const { projectSale } = await import('#functions/reporting/projections.ts');
    const { dashboard } = await import('#functions/reporting/reporting-service.ts');
    const { ddb, tableName } = await import('#functions/adapters/dynamo.ts');
    const reporting = new DynamoReportingRepository();
    let clock = new Date('2026-03-05T15:00:01.000Z');
    const deps = { reporting, now: () => clock, files: undefined as never, newId: () => 'unused' };
    const sold = (
      n: number,
      createdAt: string,
      productId: string,
      name: string,
      cents: number,
    ): SoldOrder => ({
      ...sale(n, createdAt),
      orderId: `top-${n}`,
      locationId: 'store-2',
      lines: [{ productId, name, quantity: 1, unitPriceCents: cents, lineTotalCents: cents }],
      subtotalCents: cents,
      totalCents: cents,
    });
    const top = async () =>
      (await dashboard(deps)).locations.find((l) => l.locationId === 'store-2')!.topProducts;
    const kept = async () =>
      (
        await ddb.send(
          new GetCommand({
            TableName: tableName('reporting'),
            Key: { pk: 'DAYTOP#store-2', sk: '2026-03-08#settled' },
            ConsistentRead: true,
          }),
        )
      ).Item;
    await projectSale(deps, sold(1, '2026-03-05T15:00:00.000Z', 'pain', 'Pain de campagne', 500));
    clock = new Date('2026-03-10T14:00:00.000Z');

    // Act / Assess: before today's first sale nothing is kept for today: the dashboard sums the days
    expect(await top()).toEqual([
      { productId: 'pain', name: 'Pain de campagne', units: 1, revenueCents: 500 },
    ]);
    expect(await kept()).toBeUndefined();
    // The day's first sale at the store keeps the sums of the settled days (03-04 … 03-08).
    await projectSale(deps, sold(2, '2026-03-10T15:00:00.000Z', 'cafe', 'Café filtre', 300));
    expect(await kept()).toMatchObject({ 'u#pain': 1, 'r#pain': 500, fingerprint: '0/0,1/0,0/0,0/0,0/0' });
    expect(await top()).toEqual([
      { productId: 'pain', name: 'Pain de campagne', units: 1, revenueCents: 500 },
      { productId: 'cafe', name: 'Café filtre', units: 1, revenueCents: 300 },
    ]);
    // While they match the location-days, the next dashboards read the kept sums (marked here) as they are.
    const mark = (units: number, fingerprint: string) =>
      ddb.send(
        new UpdateCommand({
          TableName: tableName('reporting'),
          Key: { pk: 'DAYTOP#store-2', sk: '2026-03-08#settled' },
          UpdateExpression: 'SET #u = :u, fingerprint = :f',
          ExpressionAttributeNames: { '#u': 'u#pain' },
          ExpressionAttributeValues: { ':u': units, ':f': fingerprint },
        }),
      );
    await mark(7, '0/0,1/0,0/0,0/0,0/0');
    expect((await top())[0]).toMatchObject({ productId: 'pain', units: 7 });
    // Kept sums that do not match the location-days' orders and returns are not used: the days are.
    await mark(7, '0/0,2/0,0/0,0/0,0/0');
    expect((await top())[0]).toMatchObject({ productId: 'pain', units: 1 });
    await mark(1, '0/0,1/0,0/0,0/0,0/0');

    // A sale of 03-06, delivered late: the projection sums the settled days again.
    await projectSale(deps, sold(3, '2026-03-06T15:00:00.000Z', 'pain', 'Pain de campagne', 500));
    expect((await top())[0]).toEqual({
      productId: 'pain',
      name: 'Pain de campagne',
      units: 2,
      revenueCents: 1000,
    });
    expect(await kept()).toMatchObject({ 'u#pain': 2, fingerprint: '0/0,1/0,1/0,0/0,0/0' });
    // Yesterday and today are read as they are: a sale now shows at once.
    await projectSale(deps, sold(4, '2026-03-10T16:00:00.000Z', 'cafe', 'Café filtre', 900));
    expect((await top())[0]).toMatchObject({ productId: 'cafe', units: 2, revenueCents: 1200 });
  });
});

describe('offline sales', () => {
  it('keeps one row per offline sale however often it comes, the last synced first', async () => {
    const { DynamoReportingRepository } =
      await import('#functions/reporting/adapters/reporting-repository.ts');
    const { projectOfflineSale } = await import('#functions/reporting/projections.ts');
    const deps = { reporting: new DynamoReportingRepository(), now: () => new Date() };
    const offline = (n: number, syncedAt: string) => ({
      ...sale(900 + n, syncedAt),
      offlineSale: { soldAt: '2026-03-10T14:00:00.000Z', receipt: `HL-till-1-${n}` },
    });

    // Each delivered twice, once concurrently with itself; the second synced later.
    const first = offline(1, '2026-03-10T14:30:00.000Z');
    const second = offline(2, '2026-03-10T15:00:00.000Z');
    await Promise.all([projectOfflineSale(deps, first), projectOfflineSale(deps, first)]);
    await projectOfflineSale(deps, second);
    await projectOfflineSale(deps, first);

    const rows = await deps.reporting.latestOfflineSales(20);
    expect(rows.map((r) => [r.receipt, r.delaySeconds])).toEqual([
      ['HL-till-1-2', 3600],
      ['HL-till-1-1', 1800],
    ]);
  });
});
