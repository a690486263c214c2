import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoStockRepository } from '#functions/inventory/adapters/stock-repository.ts';
import { testCards } from '#functions/sales/adapters/simulated-payment-provider.ts';
import { demoPassword, startTestRuntime, type TestRuntime } from '../support/runtime.ts';

/**
 * Tax classes and products made to order end to end, on the demo catalog (docs/taxes.md): a mixed
 * basket at the till and in the shop whose receipt matches the hand-computed table in each test.
 */
let api: TestRuntime;
let stock: DynamoStockRepository;

beforeAll(async () => {
  api = await startTestRuntime();
  stock = new DynamoStockRepository();
});
afterAll(() => api.stop());

const key = () => `test-${randomUUID()}`;
const card = { method: 'card', cardNumber: testCards.approved } as const;
const onHand = async (locationId: string, productId: string) =>
  (await stock.stockLine(locationId, productId))?.onHand;

describe('a mixed basket at the till', () => {
  it('taxes each class by the rules, and sells an Americano that has no stock line', async () => {
    // | product                   | class         | qty | amount | GST base | QST base |
    // | Americano (made to order) | standard      |   2 |   5.50 |     5.50 |     5.50 |
    // | Croustilles sel-vinaigre  | standard      |   1 |   4.49 |     4.49 |     4.49 |
    // | Muffin                    | bakery-single |   3 |   6.00 |     6.00 |        — |
    // | Croissant aux amandes     | bakery-single |   2 |   6.90 |     6.90 |        — |
    // | Café en grains 340 g      | zero-rated    |   1 |  14.99 |        — |        — |
    // subtotal 37.88; GST 5 % of 22.89 = 1.1445 → 1.14 (0.50 standard, 0.64 bakery);
    // QST 9.975 % of 9.99 = 0.9965 → 1.00; total 40.02 $ (card).
    expect(await stock.stockLine('store-1', 'americano')).toBeUndefined();
    const muffinsBefore = await onHand('store-1', 'muffin');
    const lines = [
      { productId: 'americano', quantity: 2 },
      { productId: 'croustilles-sel-vinaigre-220g', quantity: 1 },
      { productId: 'muffin', quantity: 3 },
      { productId: 'croissant-aux-amandes', quantity: 2 },
      { productId: 'cafe-grains-maison-340g', quantity: 1 },
    ];
    const res = await api
      .as('cashier1')
      .post('/locations/store-1/sales', { lines, payment: card }, { idempotencyKey: key() });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'confirmed',
      subtotalCents: 3788,
      discountCents: 0,
      gstCents: 114,
      qstCents: 100,
      roundingCents: 0,
      totalCents: 4002,
      payment: { status: 'captured', amountCents: 4002 },
    });
    expect(res.body.taxLines).toEqual([
      { taxClass: 'standard', taxableCents: 999, gstCents: 50, qstCents: 100 },
      { taxClass: 'zero-rated', taxableCents: 1499, gstCents: 0, qstCents: 0 },
      { taxClass: 'bakery-single', taxableCents: 1290, gstCents: 64, qstCents: 0 },
    ]);
    expect(res.body.lines[0]).toMatchObject({ productId: 'americano', taxClass: 'standard', stocked: false });
    // The muffins' stock was taken; the Americano still has no stock line, nothing was held for it.
    expect(await onHand('store-1', 'muffin')).toBe(muffinsBefore! - 3);
    expect(await stock.stockLine('store-1', 'americano')).toBeUndefined();

    await api.runtime.bus.settled();
    const confirmed = api.runtime.bus
      .published()
      .find((e) => e['detail-type'] === 'OrderConfirmed' && e.detail.orderId === res.body.id);
    expect(confirmed?.detail.taxLines).toEqual(res.body.taxLines);
  });

  it('sells a basket of made-to-order drinks only, in cash, without touching stock', async () => {
    // 3 × Americano 2.75 = 8.25; GST 0.4125 → 0.41; QST 0.8229 → 0.82; 9.48 → 9.50 $ in cash
    const res = await api
      .as('cashier2')
      .post(
        '/locations/store-2/sales',
        { lines: [{ productId: 'americano', quantity: 3 }], payment: { method: 'cash' } },
        { idempotencyKey: key() },
      );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'confirmed',
      gstCents: 41,
      qstCents: 82,
      roundingCents: 2,
      totalCents: 950,
    });
    await api.runtime.bus.settled();
    const types = api.runtime.bus
      .published()
      .filter((e) => e.detail.orderId === res.body.id)
      .map((e) => e['detail-type']);
    expect(types).not.toContain('StockReserved');
    expect(types).toContain('OrderConfirmed');
    expect(await stock.stockLine('store-2', 'americano')).toBeUndefined();
  });

  it('six bakery singles go zero-rated; returning one refunds no tax, returning the drink refunds its taxes', async () => {
    // | Muffin ×4 + Croissant aux amandes ×2 | bakery-single, six together | 14.90 | no tax
    // | Americano ×1                          | standard                    |  2.75 | GST 0.1375 → 0.14, QST 0.2743 → 0.27
    // total 18.06 $
    const cashier = api.as('cashier5');
    const muffinsBefore = await onHand('store-5', 'muffin');
    const sale = await cashier.post(
      '/locations/store-5/sales',
      {
        lines: [
          { productId: 'muffin', quantity: 4 },
          { productId: 'croissant-aux-amandes', quantity: 2 },
          { productId: 'americano', quantity: 1 },
        ],
        payment: card,
      },
      { idempotencyKey: key() },
    );
    expect(sale.status).toBe(201);
    expect(sale.body).toMatchObject({ subtotalCents: 1765, gstCents: 14, qstCents: 27, totalCents: 1806 });
    expect(sale.body.taxLines).toEqual([
      { taxClass: 'standard', taxableCents: 275, gstCents: 14, qstCents: 27 },
      { taxClass: 'bakery-single', taxableCents: 1490, gstCents: 0, qstCents: 0 },
    ]);
    const orderId = sale.body.id as string;

    const oneMuffin = await cashier.post(
      `/orders/${orderId}/returns`,
      { lines: [{ productId: 'muffin', quantity: 1 }] },
      { idempotencyKey: key() },
    );
    expect(oneMuffin.status).toBe(201);
    expect(oneMuffin.body.returns[0]).toMatchObject({
      amountCents: 200,
      taxLines: [{ taxClass: 'bakery-single', taxableCents: 200, gstCents: 0, qstCents: 0 }],
    });

    const drink = await cashier.post(
      `/orders/${orderId}/returns`,
      { lines: [{ productId: 'americano', quantity: 1 }] },
      { idempotencyKey: key() },
    );
    expect(drink.status).toBe(201);
    expect(drink.body.returns[1]).toMatchObject({
      amountCents: 316,
      taxLines: [{ taxClass: 'standard', taxableCents: 275, gstCents: 14, qstCents: 27 }],
    });
    await api.runtime.bus.settled();
    // The muffin is back on hand; the Americano has nothing to go back to.
    expect(await onHand('store-5', 'muffin')).toBe(muffinsBefore! - 3);
    expect(await stock.stockLine('store-5', 'americano')).toBeUndefined();
  });
});

describe('discounts at the till', () => {
  it('takes a 10 % line discount off before taxes, and a return refunds the discounted price', async () => {
    // 2 × Sandwich jambon-fromage 7.49 = 14.98; 10 % = 1.498 → 1.50; 13.48 taxable
    // GST 0.674 → 0.67; QST 1.3446 → 1.34; total 15.49 $
    const cashier = api.as('cashier1');
    const sale = await cashier.post(
      '/locations/store-1/sales',
      {
        lines: [
          {
            productId: 'sandwich-jambon-fromage',
            quantity: 2,
            discount: { kind: 'percent', percent: 10, reason: 'Client fidèle' },
          },
        ],
        payment: card,
      },
      { idempotencyKey: key() },
    );
    expect(sale.status).toBe(201);
    expect(sale.body).toMatchObject({
      subtotalCents: 1498,
      discountCents: 150,
      gstCents: 67,
      qstCents: 134,
      totalCents: 1549,
      lines: [{ discountCents: 150, lineTotalCents: 1348 }],
      discounts: [
        { scope: 'line', kind: 'percent', percent: 10, reason: 'Client fidèle', discountCents: 150 },
      ],
    });
    await api.runtime.bus.settled();
    const confirmed = api.runtime.bus
      .published()
      .find((e) => e['detail-type'] === 'OrderConfirmed' && e.detail.orderId === sale.body.id);
    expect(confirmed?.detail.discountCents).toBe(150);

    // One of the two: 6.74 + GST 0.337 → 0.34 + QST 0.6723 → 0.67 = 7.75 $
    const back = await cashier.post(
      `/orders/${sale.body.id}/returns`,
      { lines: [{ productId: 'sandwich-jambon-fromage', quantity: 1 }] },
      { idempotencyKey: key() },
    );
    expect(back.status).toBe(201);
    expect(back.body.returns[0].amountCents).toBe(775);
  });

  it("refuses a discount above the limit without a manager's approval, writing nothing", async () => {
    const before = await onHand('store-1', 'cafe-grains-maison-340g');
    const idempotencyKey = key();
    const res = await api.as('cashier1').post(
      '/locations/store-1/sales',
      {
        lines: [{ productId: 'cafe-grains-maison-340g', quantity: 1 }],
        discount: { kind: 'percent', percent: 25, reason: 'Emballage abîmé' },
        payment: card,
      },
      { idempotencyKey },
    );
    expect(res.status).toBe(403);
    // 25 % of 14.99 = 3.7475 → 3.75 $: above 20 %
    expect(res.body).toMatchObject({
      code: 'approval-required',
      action: 'discount',
      storeId: 'store-1',
      amountCents: 375,
      limitCents: 1000,
      limitPercent: 20,
    });
    expect(await onHand('store-1', 'cafe-grains-maison-340g')).toBe(before);
    const bad = await api.as('cashier1').post(
      '/locations/store-1/sales',
      {
        lines: [
          {
            productId: 'cafe-grains-maison-340g',
            quantity: 1,
            discount: { kind: 'amount', amountCents: 1500, reason: 'x' },
          },
        ],
        payment: card,
      },
      { idempotencyKey: key() },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('body.lines.0.discount');
  });

  it('quotes a discounted basket as the sale will price it, and says when it needs an approval', async () => {
    const quote = (discount: { kind: 'percent'; percent: number; reason: string }) =>
      api.as('cashier1').post('/locations/store-1/quotes', {
        lines: [{ productId: 'cafe-grains-maison-340g', quantity: 1, discount }],
        method: 'card',
      });
    const above = await quote({ kind: 'percent', percent: 25, reason: 'Emballage abîmé' });
    expect(above.status, JSON.stringify(above.body)).toBe(200);
    expect(above.body).toMatchObject({ discountCents: 375, totalCents: 1124, approvalNeeded: true });
    const within = await quote({ kind: 'percent', percent: 10, reason: 'Client fidèle' });
    expect(within.body).toMatchObject({ discountCents: 150, totalCents: 1349 });
    expect(within.body.approvalNeeded).toBeUndefined();
  });

  it("sells a discount above the limit with a manager's approval, which the order names", async () => {
    // 25 % off coffee beans: 14,99 − 3,75 = 11,24 $ (zero-rated), above the till's 20 %.
    const approval = await api.as('cashier1').post('/auth/approvals', {
      username: 'manager',
      password: demoPassword,
      action: 'discount',
      storeId: 'store-1',
      amountCents: 375,
    });
    expect(approval.status, JSON.stringify(approval.body)).toBe(200);
    const sale = {
      lines: [{ productId: 'cafe-grains-maison-340g', quantity: 1 }],
      discount: { kind: 'percent', percent: 25, reason: 'Emballage abîmé' },
      payment: card,
      approvalToken: approval.body.approvalToken as string,
    };
    const res = await api.as('cashier1').post('/locations/store-1/sales', sale, { idempotencyKey: key() });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ subtotalCents: 1499, discountCents: 375, totalCents: 1124 });
    expect(res.body.discounts[0].approvedBy.username).toBe('manager');
    // An approval for a smaller amount does not cover a larger discount.
    const tooSmall = await api.as('cashier1').post('/auth/approvals', {
      username: 'manager',
      password: demoPassword,
      action: 'discount',
      storeId: 'store-1',
      amountCents: 100,
    });
    const refused = await api
      .as('cashier1')
      .post(
        '/locations/store-1/sales',
        { ...sale, approvalToken: tooSmall.body.approvalToken as string },
        { idempotencyKey: key() },
      );
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('approval-invalid');
  });
});

describe('a mixed basket in the shop', () => {
  it('charges no tax on maple syrup, maple butter and six doughnuts, and both taxes on chips', async () => {
    // | Sirop d'érable 540 ml | zero-rated               | 12.99 |
    // | Beurre d'érable 250 g | zero-rated               |  8.99 |
    // | Beigne à l'érable ×6  | bakery-single, six: zero |  9.00 |
    // | Croustilles ×1        | standard                 |  4.49 | GST 0.2245 → 0.22, QST 0.4479 → 0.45
    // subtotal 35.47; total 36.14 $
    const customer = api.as('customer');
    const cartId = (await customer.post('/carts')).body.cartId as string;
    for (const [productId, quantity] of [
      ['sirop-erable-540ml', 1],
      ['beurre-erable-250g', 1],
      ['beigne-erable', 6],
      ['croustilles-sel-vinaigre-220g', 1],
    ] as const)
      expect((await customer.put(`/carts/${cartId}/items/${productId}`, { quantity })).status).toBe(200);
    const cart = await customer.get(`/carts/${cartId}`);
    expect(cart.body).toMatchObject({ subtotalCents: 3547, gstCents: 22, qstCents: 45, totalCents: 3614 });
    const order = await customer.post(
      `/carts/${cartId}/checkout`,
      { payment: card, shippingAddress: '1 rue Principale, Montréal QC' },
      { idempotencyKey: key() },
    );
    expect(order.status).toBe(201);
    expect(order.body).toMatchObject({ status: 'confirmed', subtotalCents: 3547, totalCents: 3614 });
    expect(order.body.taxLines).toEqual([
      { taxClass: 'standard', taxableCents: 449, gstCents: 22, qstCents: 45 },
      { taxClass: 'zero-rated', taxableCents: 2198, gstCents: 0, qstCents: 0 },
      { taxClass: 'bakery-single', taxableCents: 900, gstCents: 0, qstCents: 0 },
    ]);
  });
});

describe('the catalog keeps tax classes and made-to-order products', () => {
  it('creates a made-to-order product of a class, and refuses an unknown class with a field error', async () => {
    const sku = `T-${randomUUID().slice(0, 8).toUpperCase()}`;
    const manager = api.as('manager');
    const created = await manager.post('/products', {
      sku,
      name: `Latte test ${sku}`,
      category: 'cafe',
      priceCents: 450,
      taxClass: 'standard',
      stocked: false,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ taxClass: 'standard', stocked: false });
    const bad = await manager.post('/products', {
      sku: `${sku}-B`,
      name: 'Mauvais',
      category: 'cafe',
      priceCents: 450,
      taxClass: 'luxury',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toContain('body.taxClass');
  });
});
