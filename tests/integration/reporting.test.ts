import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dayOf } from '#domain/reporting/days.ts';
import type { DomainEvent } from '#functions/adapters/event-publisher.ts';
import { startTestRuntime, type Client, type TestRuntime } from '../support/runtime.ts';

/**
 * Head office: dashboard, consolidated report and exports, fed by the real events through the
 * local bus. Each runtime is fresh (in memory), so the only sales are the ones this file makes.
 */
let api: TestRuntime;
let manager: Client;
let publish: (events: DomainEvent[]) => Promise<void>;
let meta: () => { correlationId: string; occurredAt: string };

const today = () => dayOf(Date.now());

beforeAll(async () => {
  api = await startTestRuntime();
  manager = api.as('manager');
  // Imported once the runtime has set AWS_ENDPOINT_URL_EVENTBRIDGE, as a Lambda finds it set.
  const { EventBridgePublisher } = await import('#functions/adapters/eventbridge-publisher.ts');
  const publisher = new EventBridgePublisher();
  publish = async (events) => {
    await publisher.publish(events);
    await api.runtime.bus.settled();
  };
  meta = () => ({
    correlationId: `test-${Math.random().toString(36).slice(2)}`,
    occurredAt: new Date().toISOString(),
  });
});
afterAll(() => api.stop());

async function orderConfirmed(
  orderId: string,
  locationId: string,
  lines: { productId: string; name: string; quantity: number; unitPriceCents: number }[],
  createdAt = new Date().toISOString(),
) {
  const { OrderConfirmed } = await import('#functions/events/order-confirmed.ts');
  const withTotals = lines.map((l) => ({ ...l, lineTotalCents: l.quantity * l.unitPriceCents }));
  const subtotalCents = withTotals.reduce((a, l) => a + l.lineTotalCents, 0);
  const gstCents = Math.round(subtotalCents * 0.05);
  const qstCents = Math.round(subtotalCents * 0.09975);
  return OrderConfirmed.make(
    {
      orderId,
      channel: locationId === 'warehouse' ? 'web' : 'pos',
      locationId,
      lines: withTotals,
      subtotalCents,
      gstCents,
      qstCents,
      totalCents: subtotalCents + gstCents + qstCents,
      paymentMethod: 'card',
      createdAt,
    },
    meta(),
  );
}

async function orderReturned(
  orderId: string,
  returnId: string,
  locationId: string,
  lines: { productId: string; quantity: number; unitPriceCents: number }[],
  amountCents: number,
) {
  const { OrderReturned } = await import('#functions/events/order-returned.ts');
  return OrderReturned.make(
    {
      orderId,
      returnId,
      channel: 'pos',
      locationId,
      lines,
      amountCents,
      returnedAt: new Date().toISOString(),
    },
    meta(),
  );
}

const croissant = { productId: 'test-croissant', name: 'Croissant au beurre', unitPriceCents: 275 };
const cafe = { productId: 'test-cafe', name: 'Café équitable 340 g', unitPriceCents: 1299 };

describe('GET /dashboard', () => {
  it('shows every store and the web shop with zeros before any sale', async () => {
    const res = await manager.get('/dashboard');
    expect(res.status).toBe(200);
    expect(res.body.today).toBe(today());
    expect(res.body.locations.map((l: { locationId: string }) => l.locationId)).toEqual([
      'store-1',
      'store-2',
      'store-3',
      'store-4',
      'store-5',
      'warehouse',
    ]);
    const store5 = res.body.locations.find((l: { locationId: string }) => l.locationId === 'store-5');
    expect(store5.today).toEqual({
      revenueCents: 0,
      revenueWithTaxesCents: 0,
      orders: 0,
      returns: 0,
      units: 0,
      averageBasketCents: 0,
    });
  });

  it('is for head office only', async () => {
    expect((await api.anon.get('/dashboard')).status).toBe(401);
    expect((await api.as('cashier1').get('/dashboard')).status).toBe(403);
  });
});

describe('sales in a fresh store', () => {
  beforeAll(async () => {
    // store-3: two baskets today (4 croissants + 1 café, then 2 cafés), store-4: 1 croissant.
    const first = await orderConfirmed('rep-o1', 'store-3', [
      { ...croissant, quantity: 4 },
      { ...cafe, quantity: 1 },
    ]);
    await publish([
      first,
      await orderConfirmed('rep-o2', 'store-3', [{ ...cafe, quantity: 2 }]),
      await orderConfirmed('rep-o3', 'store-4', [{ ...croissant, quantity: 1 }]),
    ]);
    // The same sale published again (a publisher retry: new event id, same order) counts once.
    await publish([first]);
  });

  it('shows exactly those revenues, units and the top product on the dashboard', async () => {
    const res = await manager.get('/dashboard');
    const store3 = res.body.locations.find((l: { locationId: string }) => l.locationId === 'store-3');
    const revenue = 4 * 275 + 1299 + 2 * 1299;
    expect(store3.today).toMatchObject({
      revenueCents: revenue,
      orders: 2,
      units: 7,
      averageBasketCents: Math.round(revenue / 2),
    });
    expect(store3.last7Days.revenueCents).toBe(revenue);
    expect(store3.last30Days.revenueCents).toBe(revenue);
    expect(store3.topProducts[0]).toEqual({
      productId: 'test-cafe',
      name: cafe.name,
      units: 3,
      revenueCents: 3 * 1299,
    });
    expect(res.body.totals.today.revenueCents).toBe(revenue + 275);
  });

  it('gives a report whose grand total is the sum of the stores, per product and per day', async () => {
    const res = await manager.get(`/reports/sales?from=${addDays(today(), -2)}&to=${today()}`);
    expect(res.status).toBe(200);
    const { locations, products, days, totals } = res.body;
    const sum = (rows: { revenueCents: number }[]) => rows.reduce((a, r) => a + r.revenueCents, 0);
    expect(locations.find((l: { locationId: string }) => l.locationId === 'store-3')).toMatchObject({
      orders: 2,
      units: 7,
      revenueCents: 4 * 275 + 3 * 1299,
    });
    expect(totals.revenueCents).toBe(5 * 275 + 3 * 1299);
    expect(sum(locations)).toBe(totals.revenueCents);
    expect(sum(products)).toBe(totals.revenueCents);
    expect(sum(days)).toBe(totals.revenueCents);
    expect(days).toHaveLength(3);
    expect(products.map((p: { productId: string; units: number }) => [p.productId, p.units])).toEqual([
      ['test-cafe', 3],
      ['test-croissant', 5],
    ]);
  });

  it('counts an event delivered twice once', async () => {
    // Prepare: the very same envelope (same event id) handed to the consumer twice, as a retry would.
    const { handler } = await import('#functions/reporting/project-sales.ts');
    const event = await orderConfirmed('rep-o4', 'store-4', [{ ...cafe, quantity: 1 }]);
    const envelope = {
      version: '0',
      id: 'duplicate-delivery-1',
      'detail-type': event.detailType,
      source: event.source,
      account: '000000000000',
      time: new Date().toISOString(),
      region: 'ca-central-1',
      resources: [],
      detail: event.detail,
    };
    // Act
    await handler(envelope);
    await handler(envelope);
    await Promise.all([
      handler({ ...envelope, id: 'duplicate-delivery-2' }),
      handler({ ...envelope, id: 'duplicate-delivery-3' }),
    ]);
    // Assess
    const res = await manager.get(`/reports/sales?from=${today()}&to=${today()}&locationId=store-4`);
    expect(res.body.totals).toMatchObject({ orders: 2, units: 2, revenueCents: 275 + 1299 });
  });

  it('deducts returns, even one that arrives before its sale', async () => {
    // A return of 2 croissants from rep-o1, and a return whose sale (rep-o5) is published after it.
    await publish([
      await orderReturned(
        'rep-o1',
        'ret-1',
        'store-3',
        [{ productId: croissant.productId, quantity: 2, unitPriceCents: 275 }],
        632,
      ),
    ]);
    await publish([
      await orderReturned(
        'rep-o5',
        'ret-2',
        'store-5',
        [{ productId: cafe.productId, quantity: 1, unitPriceCents: 1299 }],
        1494,
      ),
    ]);
    await publish([await orderConfirmed('rep-o5', 'store-5', [{ ...cafe, quantity: 3 }])]);
    const res = await manager.get(`/reports/sales?from=${today()}&to=${today()}`);
    const store = (id: string) => res.body.locations.find((l: { locationId: string }) => l.locationId === id);
    expect(store('store-3')).toMatchObject({
      returns: 1,
      unitsReturned: 2,
      units: 5,
      refundedCents: 550,
      revenueCents: 2 * 275 + 3 * 1299,
    });
    expect(store('store-5')).toMatchObject({ orders: 1, returns: 1, units: 2, revenueCents: 2 * 1299 });
    const dash = await manager.get('/dashboard');
    const store5 = dash.body.locations.find((l: { locationId: string }) => l.locationId === 'store-5');
    expect(store5.today.revenueCents).toBe(2 * 1299);
  });
});

describe('a sale at the till, through the real sales routes', () => {
  it('shows on the dashboard and in the report, and its return takes it back off', async () => {
    // Prepare: cashier1 sells 2 coffees and 3 timbits at store-1 (the checkout saga runs synchronously).
    const cashier = api.as('cashier1');
    const sold = await cashier.post(
      '/locations/store-1/sales',
      {
        lines: [
          { productId: 'coffee', quantity: 2 },
          { productId: 'timbits', quantity: 3 },
        ],
        payment: { method: 'card', cardNumber: '4242424242424242' },
      },
      { idempotencyKey: 'reporting-till-sale-1' },
    );
    expect(sold.status).toBe(201);
    await api.runtime.bus.settled();

    // Assess: exactly that sale
    const report = await manager.get(`/reports/sales?from=${today()}&to=${today()}&locationId=store-1`);
    expect(report.body.totals).toMatchObject({
      orders: 1,
      units: 5,
      revenueCents: sold.body.subtotalCents,
      revenueWithTaxesCents: sold.body.totalCents,
    });
    const dash = await manager.get('/dashboard');
    expect(dash.body.locations[0]).toMatchObject({
      locationId: 'store-1',
      today: { orders: 1, revenueCents: sold.body.subtotalCents },
      topProducts: [
        { productId: 'coffee', units: 2, revenueCents: 2 * 199 },
        { productId: 'timbits', units: 3 },
      ],
    });

    // Act: the customer brings the coffees back
    const back = await cashier.post(
      `/orders/${sold.body.id}/returns`,
      { lines: [{ productId: 'coffee', quantity: 2 }] },
      { idempotencyKey: 'reporting-till-return-1' },
    );
    expect(back.status).toBeLessThan(300);
    await api.runtime.bus.settled();
    const after = await manager.get(`/reports/sales?from=${today()}&to=${today()}&locationId=store-1`);
    expect(after.body.totals).toMatchObject({
      orders: 1,
      returns: 1,
      units: 3,
      revenueCents: sold.body.subtotalCents - 2 * 199,
    });
  });
});

describe('GET /reports/sales validation', () => {
  it.each([
    ['from=2026-03-10&to=2026-03-01', 'query.to'],
    ['from=2026-02-30&to=2026-03-01', 'query.from'],
    ['from=2026-01-01&to=2026-12-31', 'query.to'],
    ['to=2026-03-01', 'query.from'],
    ['from=2026-03-01&to=2026-03-02&locationId=head-office', 'body.locationId'],
  ])('refuses %s with a problem naming the field', async (qs, path) => {
    const res = await manager.get(`/reports/sales?${qs}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });
});

describe('exports', () => {
  it('writes an en-CA CSV that parses back to the report figures, accents intact', async () => {
    const report = (await manager.get(`/reports/sales?from=${today()}&to=${today()}`)).body;
    const body = { from: today(), to: today(), format: 'csv', locale: 'en-CA' };
    const created = await manager.post('/reports/exports', body, { idempotencyKey: 'export-csv-1' });
    expect(created.status).toBe(201);
    expect(created.body.export.locale).toBe('en-CA');
    const again = await manager.post('/reports/exports', body, { idempotencyKey: 'export-csv-1' });
    expect(again.body.exportId).toBe(created.body.exportId);

    const link = await manager.get(`/reports/exports/${created.body.exportId}`);
    expect(link.status).toBe(200);
    expect(link.body).toMatchObject({
      format: 'csv',
      period: { from: today(), to: today() },
      trigger: 'manual',
    });
    const file = await fetch(link.body.downloadUrl);
    expect(file.status).toBe(200);
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(link.body.sizeBytes).toBe(bytes.length);
    const rows = parse(bytes, { bom: true, columns: true }) as Record<string, string>[];
    const total = rows.find((r) => r.section === 'total')!;
    expect(total.revenue).toBe((report.totals.revenueCents / 100).toFixed(2));
    expect(Number(total.units)).toBe(report.totals.units);
    const cafeRow = rows.find((r) => r.section === 'product' && r.id === 'test-cafe')!;
    expect(cafeRow.name).toBe('Café équitable 340 g');
    const stores = rows.filter((r) => r.section === 'location');
    expect(stores.reduce((a, r) => a + Math.round(Number(r.revenue) * 100), 0)).toBe(
      report.totals.revenueCents,
    );
  });

  it('writes a CSV in fr-CA when no locale is chosen: semicolons, decimal commas, French headers', async () => {
    const report = (await manager.get(`/reports/sales?from=${today()}&to=${today()}`)).body;
    const created = await manager.post('/reports/exports', { from: today(), to: today(), format: 'csv' });
    expect(created.body.export.locale).toBe('fr-CA');
    const link = await manager.get(`/reports/exports/${created.body.exportId}`);
    const bytes = Buffer.from(await (await fetch(link.body.downloadUrl)).arrayBuffer());
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parse(bytes, { bom: true, columns: true, delimiter: ';' }) as Record<string, string>[];
    const total = rows.find((r) => r.section === 'total')!;
    expect(total.ventes_nettes).toBe((report.totals.revenueCents / 100).toFixed(2).replace('.', ','));
    expect(total.tps).toBe((report.totals.gstCents / 100).toFixed(2).replace('.', ','));
  });

  it('writes a JSON export equal to the report', async () => {
    const report = (await manager.get(`/reports/sales?from=${today()}&to=${today()}&locationId=store-3`))
      .body;
    const created = await manager.post('/reports/exports', {
      from: today(),
      to: today(),
      format: 'json',
      locationId: 'store-3',
    });
    const link = await manager.get(`/reports/exports/${created.body.exportId}`);
    expect(await (await fetch(link.body.downloadUrl)).json()).toEqual(report);
  });

  it('adds the scheduled export of yesterday to the list, newest first', async () => {
    const result = (await api.runtime.scheduler.trigger('daily-sales-export')) as { exportId: string };
    const list = await manager.get('/reports/exports');
    expect(list.status).toBe(200);
    expect(list.body.items[0]).toMatchObject({
      exportId: result.exportId,
      trigger: 'scheduled',
      schedule: 'daily-sales-export',
      format: 'csv',
      period: { from: addDays(today(), -1), to: addDays(today(), -1) },
    });
    expect(list.body.items.length).toBeGreaterThanOrEqual(3);
    const times = list.body.items.map((i: { createdAt: string }) => i.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    // Running the schedule again for the same day does not add a second export.
    await api.runtime.scheduler.trigger('daily-sales-export');
    const after = await manager.get('/reports/exports');
    expect(after.body.items.filter((i: { trigger: string }) => i.trigger === 'scheduled')).toHaveLength(1);
    expect(api.runtime.scheduler.nextRun('daily-sales-export')).toBeInstanceOf(Date);
  });

  it('answers 404 for an unknown export and 400 for a bad format', async () => {
    expect((await manager.get('/reports/exports/nope')).status).toBe(404);
    const bad = await manager.post('/reports/exports', { from: today(), to: today(), format: 'xlsx' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('body.format');
  });

  it("refuses another list's cursor or a forged one with a 400 naming the cursor", async () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const foreign = [
      b64({ pk: 'MOVEMENTS#store-1#timbits', sk: '0000000002' }),
      b64({ gsi1pk: 'EXPORTS', gsi1sk: 1, pk: 'EXPORT#x', sk: 'EXPORT' }),
      b64({ gsi1pk: 'EXPORTS', gsi1sk: 'a', pk: 'EXPORT#x', sk: 'EXPORT', extra: 'x' }),
    ];
    for (const cursor of foreign) {
      const res = await manager.get(`/reports/exports?cursor=${cursor}`);
      expect(res.status, cursor).toBe(400);
      expect(res.body.errors).toEqual([{ path: 'query.cursor', message: 'invalid cursor' }]);
    }
  });
});

describe('stock alerts on the dashboard', () => {
  it('shows current alerts with product, level and since when, and drops them when back to normal', async () => {
    const { StockOut } = await import('#functions/events/stock-out.ts');
    const { StockLow } = await import('#functions/events/stock-low.ts');
    const { StockBackToNormal } = await import('#functions/events/stock-back-to-normal.ts');
    const thresholds = { low: 15, reorder: 25, over: 65 };
    const base = { locationId: 'store-2', productId: 'test-cafe', name: cafe.name, thresholds };
    const at = (s: number) => ({
      correlationId: 'alerts',
      occurredAt: new Date(Date.UTC(2026, 0, 1, 12, 0, s)).toISOString(),
    });
    // The demo stock's own alerts are there from the start (seeded by the reconciliation at start).
    await api.runtime.recovered;
    const before = (await manager.get('/dashboard')).body.locations[1].alerts;
    await publish([StockOut.make({ ...base, level: 0, previousStatus: 'low', status: 'out' }, at(10))]);
    let dash = await manager.get('/dashboard');
    expect(dash.body.alerts).toContainEqual({
      type: 'out',
      locationId: 'store-2',
      productId: 'test-cafe',
      name: cafe.name,
      level: 0,
      since: at(10).occurredAt,
    });
    expect(dash.body.locations[1].alerts).toEqual({ ...before, out: before.out + 1 });

    await publish([
      StockBackToNormal.make({ ...base, level: 30, previousStatus: 'out', status: 'ok' }, at(20)),
    ]);
    // A late StockLow from before it does not bring the alert back.
    await publish([StockLow.make({ ...base, level: 3, previousStatus: 'ok', status: 'low' }, at(15))]);
    dash = await manager.get('/dashboard');
    expect(dash.body.alerts.filter((a: { productId: string }) => a.productId === 'test-cafe')).toEqual([]);
  });
});
