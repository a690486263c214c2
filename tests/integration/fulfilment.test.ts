import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultThresholds } from '#domain/inventory/stock.ts';
import { runIdOf } from '#domain/sales/order.ts';
import { EventBridgePublisher } from '#functions/adapters/eventbridge-publisher.ts';
import { OrderCancelled } from '#functions/events/order-cancelled.ts';
import { DynamoStockRepository } from '#functions/inventory/adapters/stock-repository.ts';
import { SimulatedPaymentProvider, testCards } from '#functions/sales/adapters/simulated-payment-provider.ts';
import { paymentKey } from '#functions/sales/saga/steps.ts';
import { startTestRuntime, type Client, type TestRuntime } from '../support/runtime.ts';

/**
 * Web orders all the way to the customer (issue 16), over HTTP against the embedded runtime: checkout
 * with a delivery choice, then the choreographed fulfilment — consumers reacting to events, no
 * coordinator — through every state, with the events each transition announces; cancellation and the
 * not-collected sweep refunding and restocking exactly once.
 */
let api: TestRuntime;
let stock: DynamoStockRepository;
let psp: SimulatedPaymentProvider;

beforeAll(async () => {
  api = await startTestRuntime({ runtime: { eventRetry: { delayMs: 5, maxDelayMs: 20 } } });
  stock = new DynamoStockRepository();
  psp = new SimulatedPaymentProvider();
});
afterAll(() => api.stop());

const key = () => `test-${randomUUID()}`;
const address = {
  name: 'Marie Tremblay',
  street: '1234 rue Saint-Denis',
  city: 'Montréal',
  province: 'QC',
  postalCode: 'h2x 1y4',
};

/** A fresh product (manager) with `onHand` units at each of `at`. */
async function productWith(
  at: Record<string, number>,
  priceCents = 1000,
  extra: Record<string, unknown> = {},
) {
  const sku = `F-${randomUUID().slice(0, 8).toUpperCase()}`;
  const res = await api
    .as('manager')
    .post('/products', { sku, name: `Produit test ${sku}`, category: 'epicerie', priceCents, ...extra });
  expect(res.status).toBe(201);
  for (const [locationId, onHand] of Object.entries(at))
    await stock.putStock({
      locationId,
      productId: res.body.id,
      name: res.body.name,
      onHand,
      reserved: 0,
      thresholds: defaultThresholds,
    });
  return res.body.id as string;
}

const level = async (locationId: string, productId: string) => {
  const line = await stock.stockLine(locationId, productId);
  return { onHand: line!.onHand, reserved: line!.reserved };
};

async function checkout(
  customer: Client,
  lines: { productId: string; quantity: number }[],
  delivery: unknown,
) {
  const cartId = (await customer.post('/carts')).body.cartId as string;
  for (const l of lines)
    expect(
      (await customer.put(`/carts/${cartId}/items/${l.productId}`, { quantity: l.quantity })).status,
    ).toBe(200);
  return customer.post(
    `/carts/${cartId}/checkout`,
    { payment: { method: 'card', cardNumber: testCards.approved }, delivery },
    { idempotencyKey: key() },
  );
}

/** The events of the bus about one order, in order: `detail-type` only. */
async function eventsOf(orderId: string, types?: readonly string[]) {
  await api.runtime.bus.settled();
  return api.runtime.bus
    .published()
    .filter((e) => e.detail.orderId === orderId && (!types || types.includes(e['detail-type'])))
    .map((e) => e['detail-type']);
}

const fulfilmentEvents = [
  'OrderPickingStarted',
  'OrderPacked',
  'OrderShipped',
  'OrderDelivered',
  'OrderReadyForPickup',
  'OrderCollected',
  'OrderCancelled',
];

async function fulfilmentOf(client: Client, orderId: string) {
  await api.runtime.bus.settled();
  const res = await client.get(`/fulfilments/${orderId}`);
  expect(res.status).toBe(200);
  return res.body;
}

describe('delivery at checkout', () => {
  it('shows the cart with its delivery charge and taxes before paying: the total shown is the total charged', async () => {
    const p = await productWith({ warehouse: 20 }, 1000);
    const grocery = await productWith({ warehouse: 20 }, 450, { taxClass: 'zero-rated' });
    const customer = api.as('customer');
    const cartId = (await customer.post('/carts')).body.cartId as string;
    await customer.put(`/carts/${cartId}/items/${p}`, { quantity: 1 });
    await customer.put(`/carts/${cartId}/items/${grocery}`, { quantity: 2 });

    const plain = await customer.get(`/carts/${cartId}`);
    expect(plain.body.totalCents).toBe(1000 + 900 + 50 + 100);
    expect(plain.body.shippingCents).toBeUndefined();
    const shown = await customer.get(`/carts/${cartId}?shipping=standard`);
    expect(shown.status).toBe(200);
    // 9,95 $ on 19,00 $ of goods; its taxes follow the goods' (10,00 $ taxable, 9,00 $ zero-rated).
    expect(shown.body.shippingCents).toBe(995);
    expect(shown.body.totalCents).toBeGreaterThan(plain.body.totalCents + 995);
    const express = await customer.get(`/carts/${cartId}?shipping=express`);
    expect(express.body.shippingCents).toBe(1995);

    const unknown = await customer.get(`/carts/${cartId}?shipping=teleport`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ path: 'query.shipping' })]);

    const order = await customer.post(
      `/carts/${cartId}/checkout`,
      { payment: { method: 'card', cardNumber: testCards.approved }, delivery: { method: 'ship', address } },
      { idempotencyKey: key() },
    );
    expect(order.status).toBe(201);
    expect(order.body.delivery.shippingCents).toBe(shown.body.shippingCents);
    expect(order.body.taxLines).toEqual(shown.body.taxLines);
    expect(order.body.gstCents).toBe(shown.body.gstCents);
    expect(order.body.qstCents).toBe(shown.body.qstCents);
    expect(order.body.totalCents).toBe(shown.body.totalCents);
    expect(order.body.payment.amountCents).toBe(shown.body.totalCents);
  });

  it('charges standard shipping under 75 $ and taxes it with the goods; free above; express flat', async () => {
    const p = await productWith({ warehouse: 20 }, 1000);
    const customer = api.as('customer');
    const small = await checkout(customer, [{ productId: p, quantity: 1 }], { method: 'ship', address });
    expect(small.status).toBe(201);
    expect(small.body.locationId).toBe('warehouse');
    expect(small.body.delivery).toMatchObject({ method: 'ship', optionId: 'standard', shippingCents: 995 });
    expect(small.body.delivery.address.postalCode).toBe('H2X 1Y4');
    expect(small.body.shippingAddress).toContain('Montréal (QC) H2X 1Y4');
    // The delivery of the goods follows their tax status: GST 5 % and QST 9,975 % on 10,00 $ + 9,95 $.
    expect(small.body.taxLines).toEqual([
      { taxClass: 'standard', taxableCents: 1995, gstCents: 100, qstCents: 199 },
    ]);
    expect(small.body.subtotalCents).toBe(1000);
    expect(small.body.totalCents).toBe(1000 + 995 + 100 + 199);
    expect(small.body.payment.amountCents).toBe(small.body.totalCents);

    const big = await checkout(customer, [{ productId: p, quantity: 8 }], { method: 'ship', address });
    expect(big.status).toBe(201);
    expect(big.body.delivery.shippingCents).toBe(0);
    expect(big.body.totalCents).toBe(8000 + 400 + 798);

    const express = await checkout(customer, [{ productId: p, quantity: 1 }], {
      method: 'ship',
      optionId: 'express',
      address,
    });
    expect(express.status).toBe(201);
    expect(express.body.delivery.shippingCents).toBe(1995);
    expect(express.body.taxLines[0].taxableCents).toBe(2995);
    expect(express.body.totalCents).toBe(1000 + 1995 + 150 + 299);

    const options = await api.anon.get('/delivery-options?subtotalCents=1000');
    expect(options.status).toBe(200);
    expect(
      options.body.shipping.map((o: { id: string; priceCents: number }) => [o.id, o.priceCents]),
    ).toEqual([
      ['standard', 995],
      ['express', 1995],
    ]);
  });

  it('refuses a pickup-only product for delivery, and sells it for pickup from the chosen store', async () => {
    const latte = await productWith({ warehouse: 10, 'store-2': 10 }, 500, { shippable: false });
    const customer = api.as('customer');
    const refused = await checkout(customer, [{ productId: latte, quantity: 1 }], {
      method: 'ship',
      address,
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('not-shippable');
    expect(refused.body.productIds).toEqual([latte]);
    expect(await level('warehouse', latte)).toEqual({ onHand: 10, reserved: 0 });

    const pickup = await checkout(customer, [{ productId: latte, quantity: 1 }], {
      method: 'pickup',
      storeId: 'store-2',
    });
    expect(pickup.status).toBe(201);
    expect(pickup.body.locationId).toBe('store-2');
    expect(pickup.body.totalCents).toBe(500 + 25 + 50);
  });

  it('refuses a wrong address with the field named', async () => {
    const p = await productWith({ warehouse: 5 });
    const customer = api.as('customer');
    const wrongProvince = await checkout(customer, [{ productId: p, quantity: 1 }], {
      method: 'ship',
      address: { ...address, province: 'ON' },
    });
    expect(wrongProvince.status).toBe(400);
    expect(wrongProvince.body.errors[0].path).toBe('body.delivery.address.postalCode');
    const notCanadian = await checkout(customer, [{ productId: p, quantity: 1 }], {
      method: 'ship',
      address: { ...address, postalCode: '90210' },
    });
    expect(notCanadian.status).toBe(400);
    expect(JSON.stringify(notCanadian.body.errors)).toContain('postalCode');
    const unknownStore = await checkout(customer, [{ productId: p, quantity: 1 }], {
      method: 'pickup',
      storeId: 'warehouse',
    });
    expect(unknownStore.status).toBe(400);
    expect(await level('warehouse', p)).toEqual({ onHand: 5, reserved: 0 });
  });
});

describe('shipping an order', () => {
  it('goes confirmed → picking → packed → shipped (tracking) → delivered, one event per step', async () => {
    const p = await productWith({ warehouse: 10 });
    const customer = api.as('customer');
    const manager = api.as('manager');
    const order = await checkout(customer, [{ productId: p, quantity: 2 }], { method: 'ship', address });
    expect(order.status).toBe(201);
    const orderId = order.body.id as string;

    expect((await fulfilmentOf(customer, orderId)).status).toBe('confirmed');
    // The warehouse's pick list: the order with its lines; a cashier has no access to the warehouse's.
    const pickList = await manager.get('/locations/warehouse/fulfilments');
    expect(pickList.status).toBe(200);
    const listed = pickList.body.items.find((f: { orderId: string }) => f.orderId === orderId);
    expect(listed).toMatchObject({
      method: 'ship',
      status: 'confirmed',
      lines: [{ productId: p, quantity: 2 }],
    });
    expect((await api.as('cashier1').get('/locations/warehouse/fulfilments')).status).toBe(403);
    expect(
      (
        await api
          .as('cashier1')
          .post(`/fulfilments/${orderId}/steps`, { action: 'start-picking' }, { idempotencyKey: key() })
      ).status,
    ).toBe(403);

    const step = (body: Record<string, unknown>) =>
      manager.post(`/fulfilments/${orderId}/steps`, body, { idempotencyKey: key() });
    expect((await step({ action: 'ready' })).status).toBe(409); // a pickup step on a shipped order
    expect((await step({ action: 'start-picking' })).body.status).toBe('picking');
    // Picking started: the customer can no longer cancel.
    const late = await customer.post(`/fulfilments/${orderId}/cancel`, undefined, { idempotencyKey: key() });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('not-cancellable');
    expect((await step({ action: 'pack' })).body.status).toBe('packed');
    const noTracking = await step({ action: 'ship', carrier: 'Postes Canada' });
    expect(noTracking.status).toBe(400);
    const shipped = await step({ action: 'ship', carrier: 'Postes Canada', trackingNumber: 'ca123456789' });
    expect(shipped.status).toBe(200);
    expect(shipped.body).toMatchObject({
      status: 'shipped',
      carrier: 'Postes Canada',
      trackingNumber: 'CA123456789',
    });
    // The same step again (a retried request) changes nothing; another parcel number is a conflict.
    expect(
      (await step({ action: 'ship', carrier: 'Postes Canada', trackingNumber: 'CA123456789' })).status,
    ).toBe(200);
    const other = await step({ action: 'ship', carrier: 'Postes Canada', trackingNumber: 'CA999999999' });
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('already-shipped');

    const tracked = await fulfilmentOf(customer, orderId);
    expect(tracked).toMatchObject({ status: 'shipped', trackingNumber: 'CA123456789' });
    expect(tracked.steps.map((s: { status: string }) => s.status)).toEqual([
      'confirmed',
      'picking',
      'packed',
      'shipped',
    ]);
    expect((await step({ action: 'deliver' })).body.status).toBe('delivered');
    expect((await step({ action: 'deliver' })).status).toBe(200);

    // Delivered: off the pick list.
    const after = await manager.get('/locations/warehouse/fulfilments');
    expect(after.body.items.some((f: { orderId: string }) => f.orderId === orderId)).toBe(false);
    expect(await eventsOf(orderId, fulfilmentEvents)).toEqual([
      'OrderPickingStarted',
      'OrderPacked',
      'OrderShipped',
      'OrderDelivered',
    ]);
    const shippedEvent = api.runtime.bus
      .published()
      .find((e) => e.detail.orderId === orderId && e['detail-type'] === 'OrderShipped')!;
    expect(shippedEvent.source).toBe('comptoir.fulfilment');
    expect(shippedEvent.detail).toMatchObject({
      carrier: 'Postes Canada',
      trackingNumber: 'CA123456789',
      by: expect.any(String),
    });
    // Every transition is in the audit trail.
    await api.runtime.bus.settled();
    const audit = await api.as('ops').get('/events?type=OrderShipped&limit=50');
    expect(audit.body.items.some((e: { detail: { orderId: string } }) => e.detail.orderId === orderId)).toBe(
      true,
    );
  });
});

describe('picking up an order', () => {
  it('is sold from the chosen store, shown ready with a code, refused with a wrong one, collected with the right one', async () => {
    const p = await productWith({ warehouse: 0, 'store-3': 5 });
    const customer = api.as('customer');
    const cashier = api.as('cashier3');
    const order = await checkout(customer, [{ productId: p, quantity: 2 }], {
      method: 'pickup',
      storeId: 'store-3',
    });
    expect(order.status).toBe(201);
    const orderId = order.body.id as string;
    expect(order.body.locationId).toBe('store-3');
    expect(order.body.delivery).toEqual({ method: 'pickup', storeId: 'store-3', shippingCents: 0 });
    // Reserved and committed at the store, not at the warehouse.
    expect(await level('store-3', p)).toEqual({ onHand: 3, reserved: 0 });
    expect(await level('warehouse', p)).toEqual({ onHand: 0, reserved: 0 });

    await api.runtime.bus.settled();
    const shelf = await cashier.get('/locations/store-3/fulfilments');
    expect(shelf.body.items.some((f: { orderId: string }) => f.orderId === orderId)).toBe(true);
    expect((await api.as('cashier1').get(`/fulfilments/${orderId}`)).status).toBe(403);
    expect(
      (
        await api
          .as('cashier1')
          .post(`/fulfilments/${orderId}/steps`, { action: 'ready' }, { idempotencyKey: key() })
      ).status,
    ).toBe(403);

    const ready = await cashier.post(
      `/fulfilments/${orderId}/steps`,
      { action: 'ready' },
      { idempotencyKey: key() },
    );
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ready-for-pickup');
    expect(ready.body.pickupCode).toBeUndefined(); // staff never read the code
    const seen = await fulfilmentOf(customer, orderId);
    expect(seen.pickupCode).toMatch(/^\d{6}$/);
    expect(Date.parse(seen.pickupDeadline) - Date.parse(seen.updatedAt)).toBe(5 * 86_400_000);
    const code = seen.pickupCode as string;
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');

    const refused = await cashier.post(
      `/fulfilments/${orderId}/collect`,
      { code: wrong },
      { idempotencyKey: key() },
    );
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('wrong-pickup-code');
    expect((await fulfilmentOf(customer, orderId)).status).toBe('ready-for-pickup');
    expect(
      (await api.as('cashier1').post(`/fulfilments/${orderId}/collect`, { code }, { idempotencyKey: key() }))
        .status,
    ).toBe(403);

    const collected = await cashier.post(
      `/fulfilments/${orderId}/collect`,
      { code },
      { idempotencyKey: key() },
    );
    expect(collected.status).toBe(200);
    expect(collected.body.status).toBe('collected');
    expect(
      (await cashier.post(`/fulfilments/${orderId}/collect`, { code }, { idempotencyKey: key() })).status,
    ).toBe(200);
    expect(await eventsOf(orderId, fulfilmentEvents)).toEqual(['OrderReadyForPickup', 'OrderCollected']);
    const readyEvent = api.runtime.bus
      .published()
      .find((e) => e.detail.orderId === orderId && e['detail-type'] === 'OrderReadyForPickup')!;
    expect(readyEvent.detail).toMatchObject({ pickupCode: code, locationId: 'store-3', method: 'pickup' });
  });
});

describe('cancellation', () => {
  async function refundedOf(orderId: string) {
    return (await psp.find(paymentKey(runIdOf(orderId, 1))))?.refundedCents;
  }

  it('before picking: refunds and puts the stock back exactly once, however often it is asked or announced', async () => {
    const p = await productWith({ warehouse: 6 });
    const customer = api.as('customer');
    const order = await checkout(customer, [{ productId: p, quantity: 3 }], { method: 'ship', address });
    expect(order.status).toBe(201);
    const orderId = order.body.id as string;
    expect(await level('warehouse', p)).toEqual({ onHand: 3, reserved: 0 });
    await api.runtime.bus.settled();

    // Another customer cannot cancel it; the customer cancels twice at once and once more later.
    const username = `client${randomUUID().slice(0, 8)}`;
    expect(
      (
        await api.anon.post('/auth/register', {
          username,
          password: 'comptoir-demo',
          email: `${username}@example.com`,
        })
      ).status,
    ).toBe(201);
    expect(
      (await api.as(username).post(`/fulfilments/${orderId}/cancel`, undefined, { idempotencyKey: key() }))
        .status,
    ).toBe(403);
    const both = await Promise.all(
      [1, 2].map(() => customer.post(`/fulfilments/${orderId}/cancel`, undefined, { idempotencyKey: key() })),
    );
    for (const res of both) {
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'cancelled', cancelReason: 'customer' });
    }
    expect(
      (await customer.post(`/fulfilments/${orderId}/cancel`, undefined, { idempotencyKey: key() })).status,
    ).toBe(200);
    await api.runtime.bus.settled();
    // At-least-once delivery: the same cancellation announced again changes nothing.
    await new EventBridgePublisher().publish([
      OrderCancelled.make(
        {
          orderId,
          method: 'ship',
          locationId: 'warehouse',
          by: 'test',
          reason: 'customer',
          lines: [{ productId: p, quantity: 3 }],
          totalCents: order.body.totalCents,
        },
        { correlationId: 'redelivered', occurredAt: new Date().toISOString() },
      ),
    ]);
    await api.runtime.bus.settled();

    expect(await eventsOf(orderId, ['OrderCancelled', 'PaymentRefunded', 'OrderReturned'])).toEqual([
      'OrderCancelled',
      'PaymentRefunded',
      'OrderReturned',
      'OrderCancelled',
    ]);
    expect(await refundedOf(orderId)).toBe(order.body.totalCents);
    expect(await level('warehouse', p)).toEqual({ onHand: 6, reserved: 0 });
    const after = await customer.get(`/orders/${orderId}`);
    expect(after.body.status).toBe('returned');
    expect(after.body.payment.refundedCents).toBe(order.body.totalCents);
    expect(after.body.returns).toHaveLength(1);
    expect(api.runtime.bus.deadLetters().filter((d) => d.event.detail.orderId === orderId)).toEqual([]);
    // Cancelled: off the pick list, and no step applies any more.
    expect(
      (
        await api
          .as('manager')
          .post(`/fulfilments/${orderId}/steps`, { action: 'start-picking' }, { idempotencyKey: key() })
      ).status,
    ).toBe(409);
  });

  it('returns a pickup order not collected by its deadline to stock and refunds it (clock injected)', async () => {
    const p = await productWith({ 'store-5': 4 });
    const customer = api.as('customer');
    const order = await checkout(customer, [{ productId: p, quantity: 1 }], {
      method: 'pickup',
      storeId: 'store-5',
    });
    expect(order.status).toBe(201);
    const orderId = order.body.id as string;
    await api.runtime.bus.settled();
    expect(
      (
        await api
          .as('cashier5')
          .post(`/fulfilments/${orderId}/steps`, { action: 'ready' }, { idempotencyKey: key() })
      ).status,
    ).toBe(200);
    const { pickupDeadline } = await fulfilmentOf(customer, orderId);
    expect(await level('store-5', p)).toEqual({ onHand: 3, reserved: 0 });

    const sweepAt = async (ms: number) => {
      await api.runtime.scheduler.trigger('fulfilment-sweep', {
        at: new Date(Date.parse(pickupDeadline) + ms).toISOString(),
      });
      await api.runtime.bus.settled();
    };
    await sweepAt(-60_000); // a minute before: still waiting on the shelf
    expect((await fulfilmentOf(customer, orderId)).status).toBe('ready-for-pickup');
    await sweepAt(60_000);
    await sweepAt(120_000); // the next run finds nothing more to do
    const expired = await fulfilmentOf(customer, orderId);
    expect(expired).toMatchObject({ status: 'not-collected', cancelReason: 'not-collected' });
    expect(expired.steps.at(-1)).toMatchObject({ status: 'not-collected', by: 'system' });
    expect(await eventsOf(orderId, ['OrderCancelled', 'PaymentRefunded', 'OrderReturned'])).toEqual([
      'OrderCancelled',
      'PaymentRefunded',
      'OrderReturned',
    ]);
    expect(await refundedOf(orderId)).toBe(order.body.totalCents);
    expect(await level('store-5', p)).toEqual({ onHand: 4, reserved: 0 });
    const returned = await customer.get(`/orders/${orderId}`);
    expect(returned.body.returns[0]).toMatchObject({ reason: 'not-collected' });
    // Too late to collect now.
    const { pickupCode: _hidden, ...staffView } = expired;
    expect(staffView.status).toBe('not-collected');
  });
});
