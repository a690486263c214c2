import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCards } from '#functions/sales/adapters/simulated-payment-provider.ts';
import { demoPassword, startTestRuntime, type Client, type TestRuntime } from '../support/runtime.ts';

/**
 * The till's returns by receipt number (issue 12) over HTTP: the sale found by the number printed on
 * its receipt (at its own store only), refunds per tax class as charged, a refund above the till's
 * limit (50 $) refused without a manager's approval and taken with one, one key = one return.
 */
let api: TestRuntime;
let cashier: Client;
beforeAll(async () => {
  api = await startTestRuntime();
  cashier = api.as('cashier1');
});
afterAll(() => api.stop());

const key = () => `test-${randomUUID()}`;
const card = { method: 'card', cardNumber: testCards.approved } as const;

async function tillSale(lines: { productId: string; quantity: number }[]) {
  const till = `till-${randomUUID().slice(0, 8)}`;
  const opened = await cashier.post(
    `/locations/store-1/registers/${till}/sessions`,
    { floatCents: 10_000 },
    { idempotencyKey: key() },
  );
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  const sale = await cashier.post(
    '/locations/store-1/sales',
    { lines, payment: card, registerId: till },
    { idempotencyKey: key() },
  );
  expect(sale.status, JSON.stringify(sale.body)).toBe(201);
  expect(sale.body.receiptNumber).toBe(`store-1-${till}-1`);
  return sale.body as { id: string; receiptNumber: string; totalCents: number };
}

const approval = (amountCents: number, action = 'return') =>
  cashier.post('/auth/approvals', {
    username: 'manager',
    password: demoPassword,
    action,
    storeId: 'store-1',
    amountCents,
  });

describe('returns by receipt number', () => {
  it('finds a sale by its receipt number at its own store only', async () => {
    const sale = await tillSale([{ productId: 'muffin', quantity: 1 }]);
    const found = await cashier.get(`/locations/store-1/receipts/${sale.receiptNumber}`);
    expect(found.status, JSON.stringify(found.body)).toBe(200);
    expect(found.body).toMatchObject({ id: sale.id, receiptNumber: sale.receiptNumber, totalCents: 210 });
    expect((await api.as('manager').get(`/locations/store-1/receipts/${sale.receiptNumber}`)).status).toBe(
      200,
    );
    // Another store's cashier: not at store-1, and store-1's receipt is not store-2's.
    const other = api.as('cashier2');
    expect((await other.get(`/locations/store-1/receipts/${sale.receiptNumber}`)).status).toBe(403);
    const elsewhere = await other.get(`/locations/store-2/receipts/${sale.receiptNumber}`);
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.code).toBe('not-found');
    expect((await cashier.get('/locations/store-1/receipts/store-1-till-x-999999')).status).toBe(404);
    expect((await cashier.get('/locations/store-1/receipts/Not%20a%20receipt')).status).toBe(400);
  });

  it('refunds per tax class as charged; above the limit only with a manager approval; one key, one return', async () => {
    // | Café en grains 340 g ×4  | zero-rated    | 59.96 |
    // | Croustilles ×2           | standard      |  8.98 | GST 0.449 → 0.45, QST 0.8958 → 0.90
    const sale = await tillSale([
      { productId: 'cafe-grains-maison-340g', quantity: 4 },
      { productId: 'croustilles-sel-vinaigre-220g', quantity: 2 },
    ]);
    const order = (await cashier.get(`/locations/store-1/receipts/${sale.receiptNumber}`)).body;
    expect(order.taxLines).toEqual([
      { taxClass: 'standard', taxableCents: 898, gstCents: 45, qstCents: 90 },
      { taxClass: 'zero-rated', taxableCents: 5996, gstCents: 0, qstCents: 0 },
    ]);

    // Below the limit: one bag of chips, 4.49 + GST 0.22 + QST 0.45, no approval.
    const chips = await cashier.post(
      `/orders/${sale.id}/returns`,
      { lines: [{ productId: 'croustilles-sel-vinaigre-220g', quantity: 1 }] },
      { idempotencyKey: key() },
    );
    expect(chips.status, JSON.stringify(chips.body)).toBe(201);
    expect(chips.body.returns[0]).toMatchObject({
      amountCents: 516,
      taxLines: [{ taxClass: 'standard', taxableCents: 449, gstCents: 22, qstCents: 45 }],
    });

    // Above the limit (59.96 $): refused without an approval, nothing written.
    const coffee = { lines: [{ productId: 'cafe-grains-maison-340g', quantity: 4 }] };
    const attempt = key();
    const refused = await cashier.post(`/orders/${sale.id}/returns`, coffee, { idempotencyKey: attempt });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      code: 'approval-required',
      action: 'return',
      amountCents: 5996,
      limitCents: 5000,
    });
    expect((await cashier.get(`/orders/${sale.id}`)).body.returns).toHaveLength(1);
    // An approval of a discount, or of a smaller refund, does not cover it.
    const discount = await approval(6000, 'discount');
    const small = await approval(5000);
    for (const token of [discount.body.approvalToken, small.body.approvalToken]) {
      const bad = await cashier.post(
        `/orders/${sale.id}/returns`,
        { ...coffee, approvalToken: token as string },
        { idempotencyKey: attempt },
      );
      expect(bad.status).toBe(403);
      expect(bad.body.code).toBe('approval-invalid');
    }
    // With the manager's approval, on the same attempt's key: taken, the zero-rated class refunds no tax.
    const ok = await approval(5996);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const body = { ...coffee, approvalToken: ok.body.approvalToken as string };
    const taken = await cashier.post(`/orders/${sale.id}/returns`, body, { idempotencyKey: attempt });
    expect(taken.status, JSON.stringify(taken.body)).toBe(201);
    expect(taken.body.returns[1]).toMatchObject({
      amountCents: 5996,
      status: 'completed',
      taxLines: [{ taxClass: 'zero-rated', taxableCents: 5996, gstCents: 0, qstCents: 0 }],
    });
    // The same key again: the same return, not a second one.
    const again = await cashier.post(`/orders/${sale.id}/returns`, body, { idempotencyKey: attempt });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.returns).toHaveLength(2);
    expect(again.body.payment.refundedCents).toBe(516 + 5996);
    await api.runtime.bus.settled();
    const returned = api.runtime.bus
      .published()
      .filter((e) => e['detail-type'] === 'OrderReturned' && e.detail.orderId === sale.id);
    expect(returned).toHaveLength(2);
  });
});

describe('parked baskets', () => {
  const basket = {
    label: 'Client au manteau rouge',
    lines: [
      { productId: 'muffin', quantity: 2 },
      {
        productId: 'americano',
        quantity: 1,
        discount: { kind: 'amount', amountCents: 50, reason: 'Fidélité' },
      },
    ],
    discount: { kind: 'percent', percent: 10, reason: 'Employé' },
    registerId: 'till-1',
  };

  it('parks once per key, lists, and resumes once: of two concurrent resumes exactly one gets it', async () => {
    const parkKey = key();
    const parked = await cashier.post('/locations/store-1/parked-baskets', basket, {
      idempotencyKey: parkKey,
    });
    expect(parked.status, JSON.stringify(parked.body)).toBe(201);
    expect(parked.body).toMatchObject({ ...basket, storeId: 'store-1', parkedBy: 'cashier1' });
    const id = parked.body.id as string;
    // The same key again: the same basket, not a second one.
    const again = await cashier.post('/locations/store-1/parked-baskets', basket, {
      idempotencyKey: parkKey,
    });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(id);
    const listed = await cashier.get('/locations/store-1/parked-baskets');
    expect(listed.status).toBe(200);
    expect(listed.body.items.filter((b: { id: string }) => b.id === id)).toHaveLength(1);
    // Another store sees neither the list nor the basket.
    expect((await api.as('cashier2').get('/locations/store-1/parked-baskets')).status).toBe(403);
    const store2 = await api.as('cashier2').get('/locations/store-2/parked-baskets');
    expect(store2.body.items.map((b: { id: string }) => b.id)).not.toContain(id);
    expect((await api.as('cashier2').delete(`/locations/store-2/parked-baskets/${id}`)).status).toBe(404);

    const resumes = await Promise.all([
      cashier.delete(`/locations/store-1/parked-baskets/${id}`),
      api.as('manager').delete(`/locations/store-1/parked-baskets/${id}`),
    ]);
    expect(resumes.map((r) => r.status).sort()).toEqual([200, 404]);
    const won = resumes.find((r) => r.status === 200)!;
    expect(won.body).toMatchObject({ id, ...basket });
    expect((await cashier.delete(`/locations/store-1/parked-baskets/${id}`)).status).toBe(404);
    const after = await cashier.get('/locations/store-1/parked-baskets');
    expect(after.body.items.map((b: { id: string }) => b.id)).not.toContain(id);
  });

  it('refuses a park without a key, a label or lines, writing nothing', async () => {
    const before = (await cashier.get('/locations/store-1/parked-baskets')).body.items.length;
    expect((await cashier.post('/locations/store-1/parked-baskets', basket)).status).toBe(400);
    const blank = await cashier.post(
      '/locations/store-1/parked-baskets',
      { ...basket, label: '   ' },
      { idempotencyKey: key() },
    );
    expect(blank.status).toBe(400);
    expect(blank.body.errors.map((e: { path: string }) => e.path)).toContain('body.label');
    const empty = await cashier.post(
      '/locations/store-1/parked-baskets',
      { ...basket, lines: [] },
      { idempotencyKey: key() },
    );
    expect(empty.status).toBe(400);
    expect((await cashier.get('/locations/store-1/parked-baskets')).body.items).toHaveLength(before);
  });
});
