import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCards } from '#functions/sales/adapters/simulated-payment-provider.ts';
import { startTestRuntime, type Client, type TestRuntime } from '../support/runtime.ts';

/**
 * Promo codes in the shop, end to end (docs/taxes.md, "Promo codes"): head office creates them, the
 * cart shows the discount, the order and its event carry it, each use is counted once per order
 * whatever the retries, never above the limit under concurrent checkouts, and given back when the
 * order fails.
 */
let api: TestRuntime;
let manager: Client;
let customer: Client;

beforeAll(async () => {
  api = await startTestRuntime();
  manager = api.as('manager');
  customer = api.as('customer');
});
afterAll(() => api.stop());

const key = () => `test-${randomUUID()}`;
const unique = () => randomUUID().replace(/-/g, '').slice(0, 6).toUpperCase();
const address = '1 rue Principale, Montréal QC';
const card = (cardNumber: string = testCards.approved) => ({ method: 'card', cardNumber }) as const;

async function createCode(body: Record<string, unknown>) {
  const res = await manager.post(
    '/promo-codes',
    { validFrom: '2026-01-01', validUntil: '2099-12-31', description: 'Promo test', ...body },
    { idempotencyKey: key() },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { code: string; uses: number };
}

/** A cart of maple syrup (zero-rated, 12.99 $) and chips (standard, 4.49 $): 17.48 $ before discounts. */
async function cartOfSyrupAndChips(): Promise<string> {
  const cartId = (await customer.post('/carts')).body.cartId as string;
  for (const [productId, quantity] of [
    ['sirop-erable-540ml', 1],
    ['croustilles-sel-vinaigre-220g', 1],
  ] as const)
    expect((await customer.put(`/carts/${cartId}/items/${productId}`, { quantity })).status).toBe(200);
  return cartId;
}

const usesOf = async (code: string) =>
  ((await manager.get('/promo-codes')).body.items as { code: string; uses: number }[]).find(
    (p) => p.code === code,
  )?.uses;

describe('a promo code in the shop', () => {
  it('takes 10 % off before taxes: the cart, the order and its totals match the hand-computed table', async () => {
    const { code } = await createCode({ code: `hiver-${unique()}`, kind: 'percent', percent: 10 });
    expect(code).toMatch(/^HIVER-/);
    // | Sirop d'érable 540 ml | zero-rated | 12.99 | − 1.30 (1748 × 10 % = 174.8 → 1.75, 1299/1748 of it) | 11.69 |
    // | Croustilles           | standard   |  4.49 | − 0.45                                                |  4.04 | GST 0.202 → 0.20, QST 0.403 → 0.40
    // subtotal 17.48 − 1.75 + 0.60 = 16.33 $
    const cartId = await cartOfSyrupAndChips();
    const cart = await customer.get(`/carts/${cartId}?promoCode=${code.toLowerCase()}`);
    expect(cart.status).toBe(200);
    expect(cart.body).toMatchObject({
      subtotalCents: 1748,
      discountCents: 175,
      gstCents: 20,
      qstCents: 40,
      totalCents: 1633,
    });
    const order = await customer.post(
      `/carts/${cartId}/checkout`,
      { payment: card(), shippingAddress: address, promoCode: ` ${code.toLowerCase()} ` },
      { idempotencyKey: key() },
    );
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    expect(order.body).toMatchObject({
      status: 'confirmed',
      subtotalCents: 1748,
      discountCents: 175,
      gstCents: 20,
      qstCents: 40,
      totalCents: 1633,
      payment: { amountCents: 1633 },
      discounts: [{ scope: 'basket', kind: 'percent', percent: 10, code, discountCents: 175 }],
    });
    expect(
      (order.body.lines as { productId: string; discountCents: number; lineTotalCents: number }[]).map(
        (l) => [l.productId, l.discountCents, l.lineTotalCents],
      ),
    ).toEqual([
      ['sirop-erable-540ml', 130, 1169],
      ['croustilles-sel-vinaigre-220g', 45, 404],
    ]);
    expect(order.body.taxLines).toEqual([
      { taxClass: 'standard', taxableCents: 404, gstCents: 20, qstCents: 40 },
      { taxClass: 'zero-rated', taxableCents: 1169, gstCents: 0, qstCents: 0 },
    ]);
    expect(await usesOf(code)).toBe(1);
    // OrderConfirmed carries the discount, and the day's sales report counts it.
    await api.runtime.bus.settled();
    const event = api.runtime.bus
      .published()
      .find((e) => e['detail-type'] === 'OrderConfirmed' && e.detail.orderId === order.body.id);
    expect(event?.detail.discountCents).toBe(175);
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Montreal' }).format(new Date());
    const report = await manager.get(`/reports/sales?from=${day}&to=${day}&locationId=warehouse`);
    expect(report.status).toBe(200);
    expect(report.body.totals).toMatchObject({ orders: 1, discountCents: 175 });
  });

  it('refuses a code that is unknown, expired, not yet valid or below its minimum, with French titles', async () => {
    const cartId = await cartOfSyrupAndChips();
    const fr = { headers: { 'accept-language': 'fr-CA' } };
    const expired = await createCode({
      code: `ete-${unique()}`,
      kind: 'amount',
      amountCents: 500,
      validFrom: '2026-06-01',
      validUntil: '2026-08-31',
    });
    const later = await createCode({
      code: `futur-${unique()}`,
      kind: 'amount',
      amountCents: 500,
      validFrom: '2099-01-01',
    });
    const minimum = await createCode({
      code: `min-${unique()}`,
      kind: 'amount',
      amountCents: 500,
      minimumCents: 2000,
    });
    const cases = [
      ['NOPE-CODE', 422, 'promo-unknown', 'Code promo inconnu'],
      [expired.code, 422, 'promo-expired', 'Code promo expiré'],
      [later.code, 422, 'promo-not-yet-valid', 'Code promo pas encore valide'],
      [minimum.code, 422, 'promo-below-minimum', 'Panier sous le minimum du code promo'],
    ] as const;
    for (const [code, status, problem, title] of cases) {
      const res = await customer.get(`/carts/${cartId}?promoCode=${code}`, fr);
      expect([res.status, res.body.code, res.body.title], code).toEqual([status, problem, title]);
      const checkout = await customer.post(
        `/carts/${cartId}/checkout`,
        { payment: card(), shippingAddress: address, promoCode: code },
        { idempotencyKey: key() },
      );
      expect([checkout.status, checkout.body.code], code).toEqual([status, problem]);
    }
    // Nothing was written: the cart is still open and checks out without a code.
    const plain = await customer.post(
      `/carts/${cartId}/checkout`,
      { payment: card(), shippingAddress: address },
      { idempotencyKey: key() },
    );
    expect(plain.status).toBe(201);
    expect(plain.body.totalCents).toBe(1748 + 22 + 45);
  });

  it('never goes above its usage limit under concurrent checkouts', async () => {
    const { code } = await createCode({
      code: `limite-${unique()}`,
      kind: 'amount',
      amountCents: 200,
      usageLimit: 3,
    });
    const carts = await Promise.all(Array.from({ length: 8 }, () => cartOfSyrupAndChips()));
    const answers = await Promise.all(
      carts.map((cartId) =>
        customer.post(
          `/carts/${cartId}/checkout`,
          { payment: card(), shippingAddress: address, promoCode: code },
          { idempotencyKey: key() },
        ),
      ),
    );
    const confirmed = answers.filter((a) => a.status === 201);
    expect(confirmed).toHaveLength(3);
    for (const a of confirmed) expect(a.body.discountCents).toBe(200);
    const refused = answers.filter((a) => a.status !== 201);
    expect(refused.map((a) => [a.status, a.body.code])).toEqual(
      Array.from({ length: 5 }, () => [409, 'promo-exhausted']),
    );
    expect(await usesOf(code)).toBe(3);
  });

  it('gives the use back when the card is declined, and counts a retried checkout once', async () => {
    const { code } = await createCode({
      code: `retour-${unique()}`,
      kind: 'percent',
      percent: 5,
      usageLimit: 1,
    });
    const declinedCart = await cartOfSyrupAndChips();
    const declined = await customer.post(
      `/carts/${declinedCart}/checkout`,
      { payment: card(testCards.declined), shippingAddress: address, promoCode: code },
      { idempotencyKey: key() },
    );
    expect([declined.status, declined.body.code]).toEqual([402, 'payment-declined']);
    expect(await usesOf(code)).toBe(0);

    // The only use of the code, sent three times with one key (twice at once): one order, one use.
    const cartId = await cartOfSyrupAndChips();
    const once = key();
    const body = { payment: card(), shippingAddress: address, promoCode: code };
    const [a, b] = await Promise.all([
      customer.post(`/carts/${cartId}/checkout`, body, { idempotencyKey: once }),
      customer.post(`/carts/${cartId}/checkout`, body, { idempotencyKey: once }),
    ]);
    const c = await customer.post(`/carts/${cartId}/checkout`, body, { idempotencyKey: once });
    expect(c.status).toBe(201);
    for (const r of [a, b]) expect([201, 409]).toContain(r.status);
    expect(new Set([a, b, c].filter((r) => r.status === 201).map((r) => r.body.id)).size).toBe(1);
    expect(await usesOf(code)).toBe(1);
  });

  it('head office lists, changes and deactivates a code; a deactivated code is refused', async () => {
    const { code } = await createCode({ code: `bureau-${unique()}`, kind: 'amount', amountCents: 300 });
    const changed = await manager.patch(`/promo-codes/${code}`, { usageLimit: 10, validUntil: '2099-06-30' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ code, usageLimit: 10, validUntil: '2099-06-30', active: true });
    const bad = await manager.patch(`/promo-codes/${code}`, { validUntil: '2025-01-01' });
    expect([bad.status, bad.body.errors?.[0]?.path]).toEqual([400, 'body.validUntil']);
    expect((await manager.patch(`/promo-codes/${code}`, { active: false })).body.active).toBe(false);
    const cartId = await cartOfSyrupAndChips();
    const refused = await customer.get(`/carts/${cartId}?promoCode=${code}`);
    expect([refused.status, refused.body.code]).toEqual([422, 'promo-inactive']);
    const dup = await manager.post(
      '/promo-codes',
      {
        code,
        kind: 'amount',
        amountCents: 100,
        validFrom: '2026-01-01',
        validUntil: '2026-12-31',
        description: 'x',
      },
      { idempotencyKey: key() },
    );
    expect([dup.status, dup.body.code]).toEqual([409, 'duplicate-promo-code']);
    // A create retried with its key answers the first answer, and creates nothing more.
    const once = key();
    const body = {
      code: `cle-${unique()}`,
      kind: 'percent',
      percent: 15,
      validFrom: '2026-01-01',
      validUntil: '2099-12-31',
      description: 'Clé',
    };
    const first = await manager.post('/promo-codes', body, { idempotencyKey: once });
    const again = await manager.post('/promo-codes', body, { idempotencyKey: once });
    expect([first.status, again.status, again.headers.get('idempotent-replayed')]).toEqual([
      201,
      201,
      'true',
    ]);
    expect(again.body).toEqual(first.body);
    const noKey = await manager.post('/promo-codes', { ...body, code: `sans-${unique()}` });
    expect(noKey.status).toBe(400);
    expect((await customer.get('/promo-codes')).status).toBe(403);
  });
});
