import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultThresholds } from '#domain/inventory/stock.ts';
import { priceBasket } from '#domain/sales/pricing.ts';
import { DynamoStockRepository } from '#functions/inventory/adapters/stock-repository.ts';
import { testCards } from '#functions/sales/adapters/simulated-payment-provider.ts';
import { openTill, startTestRuntime, type Client, type TestRuntime } from '../support/runtime.ts';

/**
 * A sale a till made offline, synced when the network is back (issue 15): accepted although its
 * line is short (the stock goes below 0, an `offline-shortfall` movement, the out alert at a
 * negative level), kept at the price charged when the catalog changed since (reported as a price
 * difference), counted in the till's session, the same order for the same key; cash only.
 */
let api: TestRuntime;
let cashier: Client;
let manager: Client;
const till = `till-${randomUUID().slice(0, 6)}`;
beforeAll(async () => {
  api = await startTestRuntime();
  cashier = api.as('cashier1');
  manager = api.as('manager');
  await openTill(api, 'cashier1', 'store-1', { registerId: till, floatCents: 10_000 });
});
afterAll(() => api.stop());

async function productWith(onHand: number, priceCents: number): Promise<{ id: string; name: string }> {
  const sku = `HL-${randomUUID().slice(0, 8).toUpperCase()}`;
  const res = await manager.post('/products', {
    sku,
    name: `Hors ligne ${sku}`,
    category: 'epicerie',
    priceCents,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await new DynamoStockRepository().putStock({
    locationId: 'store-1',
    productId: res.body.id,
    name: res.body.name,
    onHand,
    reserved: 0,
    thresholds: defaultThresholds,
  });
  return { id: res.body.id, name: res.body.name };
}

/** The body an offline till sends: priced by the till with the one pricing function, at its prices. */
function offlineSale(productId: string, name: string, quantity: number, unitPriceCents: number, n: number) {
  const lines = [{ productId, quantity }];
  const priced = priceBasket({
    lines,
    catalog: [{ productId, name, priceCents: unitPriceCents, taxClass: 'standard' }],
    method: 'cash',
  });
  return {
    lines,
    payment: { method: 'cash' as const },
    registerId: till,
    offline: {
      soldAt: new Date(Date.now() - 600_000).toISOString(),
      receipt: `HL-${till}-${n}`,
      charged: {
        totalCents: priced.totalCents,
        lines: [{ productId, unitPriceCents, taxClass: 'standard' as const }],
      },
    },
  };
}

describe('POST /locations/{storeId}/sales with offline', () => {
  it('accepts a short line sold offline: shortfall movement, stock below 0, alert, price kept as charged', async () => {
    const p = await productWith(2, 500);
    // The price changed while the till was offline: the sale keeps the 5 $ it charged.
    expect((await manager.patch(`/products/${p.id}`, { priceCents: 600 })).status).toBe(200);
    const body = offlineSale(p.id, p.name, 5, 500, 1);
    const idempotencyKey = `offline-${randomUUID()}`;

    const res = await cashier.post('/locations/store-1/sales', body, { idempotencyKey });

    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      status: 'confirmed',
      registerId: till,
      totalCents: body.offline.charged.totalCents,
      subtotalCents: 2500,
      lines: [{ productId: p.id, quantity: 5, unitPriceCents: 500 }],
      offline: {
        soldAt: body.offline.soldAt,
        receipt: `HL-${till}-1`,
        priceDifferences: [{ productId: p.id, chargedCents: 500, catalogCents: 600 }],
      },
    });
    const stock = await manager.get(`/stock/${p.id}`);
    const line = stock.body.items.find((l: { locationId: string }) => l.locationId === 'store-1');
    expect(line).toMatchObject({ onHand: -3, reserved: 0 });
    await vi.waitFor(
      async () => {
        const ledger = await manager.get(`/stock/${p.id}/movements?locationId=store-1&order=asc`);
        expect(ledger.body.items.map((m: { kind: string }) => m.kind)).toEqual(['offline-shortfall', 'sale']);
        expect(ledger.body.items[0]).toMatchObject({ quantity: 5, reference: res.body.id, available: -3 });
        expect(ledger.body.items[0].reason).toContain('3 more than the 2 available');
      },
      { timeout: 10_000, interval: 200 },
    );
    await vi.waitFor(
      async () => {
        const alerts = await manager.get('/alerts?locationId=store-1&type=out');
        expect(alerts.body.items).toContainEqual(expect.objectContaining({ productId: p.id, level: -3 }));
      },
      { timeout: 10_000, interval: 200 },
    );

    // The till retries (its answer was lost): the same order, replayed, nothing sold twice.
    const again = await cashier.post('/locations/store-1/sales', body, { idempotencyKey });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(res.body.id);
    const after = await manager.get(`/stock/${p.id}/movements?locationId=store-1&order=asc`);
    expect(after.body.items).toHaveLength(2);

    // It is in the till's session, as any sale of the till.
    const session = await cashier.get(`/locations/store-1/registers/${till}/session`);
    expect(session.body.saleIds).toContain(res.body.id);

    // Head office sees it on the dashboard: synced late, its price difference, and the negative line.
    await vi.waitFor(
      async () => {
        const d = await manager.get('/dashboard');
        expect(d.status).toBe(200);
        const mine = d.body.offlineSales.filter((o: { orderId: string }) => o.orderId === res.body.id);
        expect(mine).toEqual([
          {
            locationId: 'store-1',
            orderId: res.body.id,
            receipt: `HL-${till}-1`,
            soldAt: body.offline.soldAt,
            syncedAt: res.body.createdAt,
            delaySeconds: expect.any(Number),
            totalCents: body.offline.charged.totalCents,
            priceDifferences: [
              {
                productId: p.id,
                name: p.name,
                chargedCents: 500,
                catalogCents: 600,
                chargedTaxClass: 'standard',
                catalogTaxClass: 'standard',
              },
            ],
          },
        ]);
        expect(mine[0].delaySeconds).toBeGreaterThanOrEqual(600);
        expect(d.body.negativeStock).toContainEqual(
          expect.objectContaining({ type: 'out', locationId: 'store-1', productId: p.id, level: -3 }),
        );
        expect(d.body.negativeStock.every((a: { level: number }) => a.level < 0)).toBe(true);
      },
      { timeout: 10_000, interval: 200 },
    );
  });

  it('answers with its order an offline sale sent with the key of an online attempt that reached the server', async () => {
    const p = await productWith(10, 250);
    const body = offlineSale(p.id, p.name, 2, 250, 3);
    const idempotencyKey = `offline-${randomUUID()}`;
    const { offline: _offline, ...online } = body;
    // The till sent the sale online, the answer never came back; it then sold it offline, same key.
    const first = await cashier.post('/locations/store-1/sales', online, { idempotencyKey });
    expect(first.status).toBe(201);
    const synced = await cashier.post('/locations/store-1/sales', body, { idempotencyKey });
    expect(synced.status).toBe(201);
    expect(synced.body.id).toBe(first.body.id);
    expect(synced.headers.get('idempotent-replayed')).toBe('true');
  });

  it('refuses an offline sale by card, and a charged total the charged prices do not give', async () => {
    const p = await productWith(10, 300);
    const body = offlineSale(p.id, p.name, 1, 300, 2);
    const card = await cashier.post(
      '/locations/store-1/sales',
      { ...body, payment: { method: 'card', cardNumber: testCards.approved } },
      { idempotencyKey: `offline-${randomUUID()}` },
    );
    expect(card.status).toBe(400);
    expect(card.body.errors).toEqual([expect.objectContaining({ path: 'body.payment.method' })]);

    const wrong = {
      ...body,
      offline: { ...body.offline, charged: { ...body.offline.charged, totalCents: 1 } },
    };
    const mismatch = await cashier.post('/locations/store-1/sales', wrong, {
      idempotencyKey: `offline-${randomUUID()}`,
    });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.code).toBe('offline-total-mismatch');
  });
});
