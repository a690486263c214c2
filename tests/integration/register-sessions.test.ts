import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultThresholds } from '#domain/inventory/stock.ts';
import { DynamoStockRepository } from '#functions/inventory/adapters/stock-repository.ts';
import { testCards } from '#functions/sales/adapters/simulated-payment-provider.ts';
import { startTestRuntime, type Client, type TestRuntime } from '../support/runtime.ts';

/**
 * Register sessions (the cash drawer of a till, issue 12) over HTTP: open with a float, sales at the
 * till counted in its session, cash in/out, close with the counted drawer (over/short) and the
 * Z-report = the sum of the session's own sales — with concurrent sales on one till and a close
 * racing sales. Also the quote (priced as the sale) and cash tendered with change.
 */
let api: TestRuntime;
let stock: DynamoStockRepository;
let cashier: Client;
beforeAll(async () => {
  api = await startTestRuntime();
  stock = new DynamoStockRepository();
  cashier = api.as('cashier1');
});
afterAll(() => api.stop());

const key = () => `test-${randomUUID()}`;
const newTill = () => `till-${randomUUID().slice(0, 8)}`;

async function productWith(onHand: number, priceCents: number): Promise<string> {
  const sku = `R-${randomUUID().slice(0, 8).toUpperCase()}`;
  const res = await api
    .as('manager')
    .post('/products', { sku, name: `Produit caisse ${sku}`, category: 'epicerie', priceCents });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await stock.putStock({
    locationId: 'store-1',
    productId: res.body.id,
    name: res.body.name,
    onHand,
    reserved: 0,
    thresholds: defaultThresholds,
  });
  return res.body.id as string;
}

const openTill = (till: string, floatCents: number, idempotencyKey = key()) =>
  cashier.post(`/locations/store-1/registers/${till}/sessions`, { floatCents }, { idempotencyKey });

type Payment = { method: 'cash'; tenderedCents?: number } | { method: 'card'; cardNumber: string };
const byCard: Payment = { method: 'card', cardNumber: testCards.approved };

/** A sale as a till sends it: retried with the same key while the answer says "later". */
async function sellAt(
  till: string | undefined,
  lines: { productId: string; quantity: number }[],
  payment: Payment,
) {
  const idempotencyKey = key();
  for (let i = 0; ; i++) {
    const res = await cashier.post(
      '/locations/store-1/sales',
      { lines, payment, ...(till ? { registerId: till } : {}) },
      { idempotencyKey },
    );
    const later = res.headers.get('retry-after') !== null && (res.status === 409 || res.status === 503);
    if (!later || i >= 20) return res;
    await new Promise((r) => setTimeout(r, 500));
  }
}

const closeTill = (till: string, sessionId: string, countedCents: number) =>
  cashier.post(
    `/locations/store-1/registers/${till}/sessions/${sessionId}/close`,
    { countedCents },
    { idempotencyKey: key() },
  );

/** The Z-report's figures recomputed from the session's sales, read one by one. */
async function sumOfSales(saleIds: string[]) {
  const orders = await Promise.all(saleIds.map(async (id) => (await cashier.get(`/orders/${id}`)).body));
  const of = (method: string) => orders.filter((o) => o.payment.method === method);
  const total = (os: { totalCents: number }[]) => os.reduce((s, o) => s + o.totalCents, 0);
  return {
    salesCount: orders.length,
    sales: {
      cash: { count: of('cash').length, amountCents: total(of('cash')) },
      card: { count: of('card').length, amountCents: total(of('card')) },
      totalCents: total(orders),
    },
    subtotalCents: orders.reduce((s, o) => s + o.subtotalCents, 0),
    gstCents: orders.reduce((s, o) => s + o.gstCents, 0),
    qstCents: orders.reduce((s, o) => s + o.qstCents, 0),
    roundingCents: orders.reduce((s, o) => s + o.roundingCents, 0),
  };
}

describe('register sessions', () => {
  it('opens once per till: the same key answers the same session, another key is refused while open', async () => {
    const till = newTill();
    const k = key();
    const first = await openTill(till, 20_000, k);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({
      status: 'open',
      floatCents: 20_000,
      registerId: till,
      storeId: 'store-1',
    });
    expect(first.body.report).toMatchObject({ salesCount: 0, expectedCashCents: 20_000 });
    const again = await openTill(till, 20_000, k);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.sessionId).toBe(first.body.sessionId);
    const other = await openTill(till, 5_000);
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ code: 'register-open', sessionId: first.body.sessionId });
  });

  it('refuses a sale at a till with no open session, before anything is charged', async () => {
    const productId = await productWith(5, 1000);
    const res = await sellAt(newTill(), [{ productId, quantity: 1 }], byCard);
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.code).toBe('register-closed');
    expect((await stock.stockLine('store-1', productId))!.onHand).toBe(5);
  });

  it('runs a shift: cash sale with change, card sale, cash out, close with over/short, Z-report = its sales', async () => {
    const till = newTill();
    const opened = await openTill(till, 20_000);
    const sessionId = opened.body.sessionId as string;
    const coffee = await productWith(50, 199);
    const croissant = await productWith(50, 325);

    const quote = await cashier.post('/locations/store-1/quotes', {
      lines: [
        { productId: coffee, quantity: 2 },
        { productId: croissant, quantity: 1 },
      ],
      method: 'cash',
    });
    expect(quote.status, JSON.stringify(quote.body)).toBe(200);
    // 2 × 1,99 + 3,25 = 7,23; GST 0,36, QST 0,72 → 8,31; cash 8,30.
    expect(quote.body).toMatchObject({ subtotalCents: 723, gstCents: 36, qstCents: 72, totalCents: 830 });
    expect(quote.body.cash).toEqual({ roundingCents: -1, totalCents: 830 });
    expect(quote.body.card).toEqual({ roundingCents: 0, totalCents: 831 });

    const cash = await sellAt(
      till,
      [
        { productId: coffee, quantity: 2 },
        { productId: croissant, quantity: 1 },
      ],
      { method: 'cash', tenderedCents: 2000 },
    );
    expect(cash.status, JSON.stringify(cash.body)).toBe(201);
    expect(cash.body).toMatchObject({ totalCents: quote.body.cash.totalCents, registerId: till, sessionId });
    expect(cash.body).toMatchObject({ tenderedCents: 2000, changeCents: 2000 - 830 });

    const card = await sellAt(till, [{ productId: croissant, quantity: 3 }], byCard);
    expect(card.status).toBe(201);
    expect(card.body.sessionId).toBe(sessionId);

    const short = await sellAt(till, [{ productId: coffee, quantity: 1 }], {
      method: 'cash',
      tenderedCents: 100,
    });
    expect(short.status).toBe(400);
    expect(short.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'body.payment.tenderedCents' })]),
    );

    const out = await cashier.post(
      `/locations/store-1/registers/${till}/sessions/${sessionId}/cash-movements`,
      { direction: 'out', amountCents: 10_000, reason: 'Dépôt au coffre' },
      { idempotencyKey: key() },
    );
    expect(out.status, JSON.stringify(out.body)).toBe(201);
    expect(out.body.report.expectedCashCents).toBe(20_000 + 830 - 10_000);

    const closed = await closeTill(till, sessionId, 10_800);
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body.status).toBe('closed');
    expect(closed.body.report).toMatchObject({
      floatCents: 20_000,
      cashOutCents: 10_000,
      expectedCashCents: 10_830,
      countedCents: 10_800,
      overShortCents: -30,
      firstSaleId: cash.body.id,
      lastSaleId: card.body.id,
    });
    expect(closed.body.saleIds).toEqual([cash.body.id, card.body.id]);
    expect(closed.body.report).toMatchObject(await sumOfSales(closed.body.saleIds));

    // Closed: no more sales at that till, and the close answers the same again.
    expect((await sellAt(till, [{ productId: coffee, quantity: 1 }], byCard)).body.code).toBe(
      'register-closed',
    );
    const again = await closeTill(till, sessionId, 10_800);
    expect(again.status).toBe(200);
    expect(again.body.report).toEqual(closed.body.report);
    expect((await closeTill(till, sessionId, 99)).status).toBe(409);

    // On the bus: RegisterOpened and RegisterClosed (its Z-report), in the audit trail.
    await api.runtime.bus.settled();
    for (const type of ['RegisterOpened', 'RegisterClosed']) {
      const events = await api.as('ops').get(`/events?type=${type}&limit=100`);
      expect(events.status).toBe(200);
      const mine = events.body.items.find(
        (e: { detail: { sessionId?: string } }) => e.detail.sessionId === sessionId,
      );
      expect(mine, type).toBeDefined();
      if (type === 'RegisterClosed') expect(mine.detail.report).toEqual(closed.body.report);
    }

    // Head office sees the till and the closed session.
    const list = await api.as('manager').get('/locations/store-1/sessions');
    expect(list.status).toBe(200);
    expect(list.body.tills.find((t: { registerId: string }) => t.registerId === till)).toMatchObject({
      status: 'closed',
      sessionId,
    });
    expect(list.body.closed.find((t: { sessionId: string }) => t.sessionId === sessionId).report).toEqual(
      closed.body.report,
    );
    // The next session of the till starts from zero.
    const next = await openTill(till, 15_000);
    expect(next.status).toBe(201);
    expect(next.body.report).toMatchObject({ salesCount: 0, expectedCashCents: 15_000 });
  });

  it('counts every one of concurrent sales on one till exactly once', async () => {
    const till = newTill();
    const { sessionId } = (await openTill(till, 10_000)).body;
    const productId = await productWith(100, 250);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        sellAt(till, [{ productId, quantity: 1 + (i % 3) }], i % 2 ? byCard : { method: 'cash' }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
    const session = (await cashier.get(`/locations/store-1/registers/${till}/session`)).body;
    expect(session.salesInProgress).toBe(0);
    expect([...session.saleIds].sort()).toEqual(results.map((r) => r.body.id).sort());
    expect(session.report).toMatchObject(await sumOfSales(session.saleIds));
    // Each got its own receipt number, 1…8 on this till, in no particular order; a retry keeps it.
    expect(results.map((r) => r.body.receiptNumber).sort()).toEqual(
      Array.from({ length: 8 }, (_, i) => `store-1-${till}-${i + 1}`).sort(),
    );
    const again = await cashier.get(`/orders/${results[3]!.body.id}`);
    expect(again.body.receiptNumber).toBe(results[3]!.body.receiptNumber);
    const closed = await closeTill(till, sessionId, session.report.expectedCashCents);
    expect(closed.body.report.overShortCents).toBe(0);
  });

  it('a close racing sales: each sale is either in the Z-report or refused with nothing charged', async () => {
    const till = newTill();
    const { sessionId, report } = (await openTill(till, 10_000)).body;
    const productId = await productWith(100, 500);
    const sales = Array.from({ length: 6 }, (_, i) =>
      sellAt(till, [{ productId, quantity: 1 }], i % 2 ? byCard : { method: 'cash' }),
    );
    const close = (async () => {
      await new Promise((r) => setTimeout(r, 30));
      for (;;) {
        const res = await closeTill(till, sessionId, report.expectedCashCents);
        if (res.status !== 409 || res.body.code !== 'sale-in-progress') return res;
      }
    })();
    const [closed, ...answers] = await Promise.all([close, ...sales]);
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    const sold = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status !== 201);
    expect(refused.every((r) => r.status === 409 && r.body.code === 'register-closed')).toBe(true);
    expect([...closed.body.saleIds].sort()).toEqual(sold.map((s) => s.body.id).sort());
    expect(closed.body.report).toMatchObject(await sumOfSales(closed.body.saleIds));
    // Stock went down by the sales counted, no more.
    expect((await stock.stockLine('store-1', productId))!.onHand).toBe(100 - sold.length);
  });

  it('takes a split tender: the card is charged its part only, the cash part counts in the drawer', async () => {
    const till = newTill();
    const { sessionId } = (await openTill(till, 10_000)).body;
    const productId = await productWith(20, 1000);
    const lines = [{ productId, quantity: 2 }]; // 20,00 $ + GST 1,00 $ + QST 2,00 $ = 23,00 $
    const split = (tenders: unknown, payment?: unknown) =>
      cashier.post(
        '/locations/store-1/sales',
        { lines, tenders, ...(payment ? { payment } : {}), registerId: till },
        { idempotencyKey: key() },
      );
    const res = await split([
      { method: 'cash', amountCents: 500 },
      { method: 'card', cardNumber: testCards.approved },
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      totalCents: 2300,
      roundingCents: 0,
      tenders: [
        { method: 'cash', amountCents: 500 },
        { method: 'card', amountCents: 1800 },
      ],
      payment: { method: 'card', status: 'captured', amountCents: 1800 },
    });
    const session = (await cashier.get(`/locations/store-1/registers/${till}/session`)).body;
    expect(session.report).toMatchObject({
      salesCount: 1,
      sales: { cash: { amountCents: 500 }, card: { amountCents: 1800 }, totalCents: 2300 },
      expectedCashCents: 10_500,
    });
    // A cash part that covers the whole total is not a split; paying twice over is refused.
    const whole = await split([
      { method: 'cash', amountCents: 2300 },
      { method: 'card', cardNumber: testCards.approved },
    ]);
    expect(whole.status).toBe(400);
    const both = await split(
      [
        { method: 'cash', amountCents: 500 },
        { method: 'card', cardNumber: testCards.approved },
      ],
      byCard,
    );
    expect(both.status).toBe(400);
    const closed = await closeTill(till, sessionId, 10_500);
    expect(closed.body.report.overShortCents).toBe(0);
  });

  it('keeps accepting sales that name no till, in no session', async () => {
    const productId = await productWith(5, 1000);
    const res = await sellAt(undefined, [{ productId, quantity: 1 }], byCard);
    expect(res.status).toBe(201);
    expect(res.body.registerId).toBeUndefined();
    expect(res.body.sessionId).toBeUndefined();
    expect(res.body.receiptNumber).toBeUndefined();
  });

  it('counts returns and voids taken at the till in its session: refund by tender, Z-report of sales and returns', async () => {
    const till = newTill();
    const { sessionId } = (await openTill(till, 10_000)).body;
    const p = await productWith(50, 1000); // 10,00 $ + TPS 0,50 $ + TVQ 1,00 $ = 11,50 $ a unit
    const unit = (quantity: number) => [{ productId: p, quantity }];
    const s1 = (await sellAt(till, unit(2), { method: 'cash', tenderedCents: 3000 })).body;
    expect(s1).toMatchObject({ totalCents: 2300, changeCents: 700 });
    const s2 = (await sellAt(till, unit(1), byCard)).body;
    const split = await cashier.post(
      '/locations/store-1/sales',
      {
        lines: unit(2),
        tenders: [
          { method: 'cash', amountCents: 500 },
          { method: 'card', cardNumber: testCards.approved },
        ],
        registerId: till,
      },
      { idempotencyKey: key() },
    );
    expect(split.status, JSON.stringify(split.body)).toBe(201);
    const s3 = split.body;
    const giveBack = (orderId: string, body: object, idempotencyKey = key()) =>
      cashier.post(`/orders/${orderId}/returns`, body, { idempotencyKey });

    // A cash sale's return: cash from this till's drawer, in its session.
    const r1Key = key();
    const r1 = await giveBack(s1.id, { lines: unit(1), registerId: till, reason: 'defective' }, r1Key);
    expect(r1.status, JSON.stringify(r1.body)).toBe(201);
    expect(r1.body.returns[0]).toMatchObject({
      amountCents: 1150,
      reason: 'defective',
      registerId: till,
      sessionId,
      status: 'completed',
    });
    // The split sale's return: its card part back to the card, its cash part from the drawer.
    const r2 = await giveBack(s3.id, { lines: unit(2), registerId: till, reason: 'unwanted' });
    expect(r2.status, JSON.stringify(r2.body)).toBe(201);
    expect(r2.body.returns[0]).toMatchObject({
      amountCents: 2300,
      tenders: [
        { method: 'cash', amountCents: 500 },
        { method: 'card', amountCents: 1800 },
      ],
    });
    expect(r2.body.payment).toMatchObject({ amountCents: 1800, refundedCents: 1800, status: 'refunded' });

    // A void is the session's last sale only, whole: s2 is not the last any more.
    const notLast = await giveBack(s2.id, { lines: unit(1), registerId: till, reason: 'void' });
    expect(notLast.status).toBe(409);
    expect(notLast.body.code).toBe('not-voidable');
    const s4 = (await sellAt(till, unit(1), byCard)).body;
    const voided = await giveBack(s4.id, { lines: unit(1), registerId: till, reason: 'void' });
    expect(voided.status, JSON.stringify(voided.body)).toBe(201);
    expect(voided.body).toMatchObject({ status: 'returned', payment: { refundedCents: 1150 } });
    expect((await giveBack(s4.id, { lines: unit(1), registerId: till, reason: 'void' })).status).toBe(409);
    expect((await giveBack(s4.id, { lines: unit(1), reason: 'void' })).status).toBe(400);
    // A till with no open session takes no return: nothing refunded.
    const closedTill = await giveBack(s2.id, { lines: unit(1), registerId: newTill() });
    expect(closedTill.status).toBe(409);
    expect(closedTill.body.code).toBe('register-closed');
    expect((await cashier.get(`/orders/${s2.id}`)).body.returns).toEqual([]);

    // Close: expected = float + cash sales − cash refunds = 100 + 23 + 5 − 11,50 − 5 = 111,50 $; counted 111,00 $.
    const closed = await closeTill(till, sessionId, 11_100);
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body.report).toMatchObject({
      salesCount: 4,
      sales: {
        cash: { count: 2, amountCents: 2300 + 500 },
        card: { count: 3, amountCents: 1150 + 1800 + 1150 },
        totalCents: 6900,
      },
      returns: {
        count: 3,
        voids: 1,
        cash: { amountCents: 1150 + 500 },
        card: { amountCents: 1800 + 1150 },
        totalCents: 4600,
        gstCents: 50 + 100 + 50,
        qstCents: 100 + 200 + 100,
      },
      netCents: 6900 - 4600,
      gstCents: 300,
      qstCents: 600,
      expectedCashCents: 11_150,
      countedCents: 11_100,
      overShortCents: -50,
      firstReceipt: `store-1-${till}-1`,
      lastReceipt: `store-1-${till}-4`,
    });
    expect(closed.body.returnIds).toEqual([
      r1.body.returns[0].id,
      r2.body.returns[0].id,
      voided.body.returns[0].id,
    ]);
    // A late retry of a return answers the same return; the closed session does not change.
    const late = await giveBack(s1.id, { lines: unit(1), registerId: till, reason: 'defective' }, r1Key);
    expect(late.status).toBe(201);
    expect(late.body.returns).toHaveLength(1);
    const after = (await cashier.get(`/locations/store-1/registers/${till}/session`)).body;
    expect(after.report).toEqual(closed.body.report);
  });

  it('answers bad input with a problem and keeps a cashier to their own store', async () => {
    const till = newTill();
    const bad = await openTill(till, -5);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toContain('floatCents');
    const noKey = await cashier.post(`/locations/store-1/registers/${till}/sessions`, { floatCents: 100 });
    expect(noKey.status).toBe(400);
    const elsewhere = await cashier.post(
      `/locations/store-2/registers/${till}/sessions`,
      { floatCents: 100 },
      { idempotencyKey: key() },
    );
    expect(elsewhere.status).toBe(403);
    const opened = (await openTill(till, 100)).body;
    const noReason = await cashier.post(
      `/locations/store-1/registers/${till}/sessions/${opened.sessionId}/cash-movements`,
      { direction: 'in', amountCents: 100, reason: '' },
      { idempotencyKey: key() },
    );
    expect(noReason.status).toBe(400);
    const wrongSession = await closeTill(till, 'ses_unknown', 100);
    expect(wrongSession.status).toBe(404);
  });
});
