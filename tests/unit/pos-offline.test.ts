import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chargedCatalog } from '#domain/sales/offline.ts';
import { priceBasket } from '#domain/sales/pricing.ts';
import { quoteBasket, type CatalogReader } from '#functions/sales/sales-service.ts';
import { demoProducts, demoTaxClasses } from '#local/seed/demo-catalog.ts';
import { openOfflineDb, type OfflineDb, type QueuedSale } from '../../web/src/pos/offline/db.ts';
import { lookupCached } from '../../web/src/pos/offline/catalog.ts';
import { chargedOf, priceOffline } from '../../web/src/pos/offline/price.ts';
import { queueSale, syncQueue, waitingSales, type SendOutcome } from '../../web/src/pos/offline/queue.ts';

/**
 * The offline till (issue 15): its price is the server's for the demo catalog's tax cases (the same
 * `priceBasket`, on the catalog it cached), and its queue of offline sales never loses nor doubles a
 * sale whatever crashes or reloads between its steps (IndexedDB in memory: fake-indexeddb).
 */
const catalog = demoProducts.map((p) => ({ ...p }));
const server: CatalogReader = {
  facts: async (ids) =>
    demoProducts
      .filter((p) => ids.includes(p.id))
      .map((p) => ({
        productId: p.id,
        name: p.name,
        priceCents: p.priceCents,
        taxClass: p.taxClass,
        stocked: p.stocked,
      })),
};
const of = (taxClass: keyof typeof demoTaxClasses, i = 0) => demoTaxClasses[taxClass][i]!;
const madeToOrder = demoProducts.find((p) => !p.stocked)!.id;

describe('the offline till prices as the server does', () => {
  const cases: [string, { productId: string; quantity: number }[]][] = [
    ['standard goods (GST + QST)', [{ productId: of('standard'), quantity: 3 }]],
    ['basic groceries (zero-rated)', [{ productId: of('zero-rated'), quantity: 2 }]],
    ['a bakery single (GST only)', [{ productId: of('bakery-single'), quantity: 1 }]],
    [
      'six bakery singles together (zero-rated)',
      [
        { productId: of('bakery-single', 0), quantity: 4 },
        { productId: of('bakery-single', 1), quantity: 2 },
      ],
    ],
    [
      'a mixed basket with a drink made to order',
      [
        { productId: of('standard'), quantity: 1 },
        { productId: of('zero-rated'), quantity: 5 },
        { productId: of('bakery-single'), quantity: 2 },
        { productId: madeToOrder, quantity: 1 },
      ],
    ],
  ];
  it.each(cases)('%s: same lines, taxes and totals, cash and card', async (_, lines) => {
    for (const method of ['cash', 'card'] as const) {
      const till = priceOffline(lines, catalog, method);
      const quoted = await quoteBasket(server, lines, method);
      const { cash: _cash, card: _card, ...serverPrice } = quoted;
      expect(till).toEqual(serverPrice);
    }
  });

  it('the sale synced later is priced by the server to the total the till charged', async () => {
    const lines = cases[4]![1];
    const till = priceOffline(lines, catalog, 'cash');
    const charged = chargedOf(till);
    const { facts } = chargedCatalog(await server.facts(lines.map((l) => l.productId)), charged.lines);
    expect(priceBasket({ lines, catalog: facts, method: 'cash' }).totalCents).toBe(charged.totalCents);
  });

  it('scans on the cached catalog by barcode, SKU or name', () => {
    const p = demoProducts[0]!;
    expect(lookupCached(catalog, p.barcode)?.id).toBe(p.id);
    expect(lookupCached(catalog, p.sku.toLowerCase())?.id).toBe(p.id);
    expect(lookupCached(catalog, p.name)?.id).toBe(p.id);
    expect(lookupCached(catalog, '0000000000000')).toBeUndefined();
  });
});

const fresh = () => openOfflineDb(`test-${randomUUID()}`);
const newSale = (registerId = 'till-1') => ({
  storeId: 'store-1',
  idempotencyKey: randomUUID(),
  body: {
    lines: [{ productId: 'p1', quantity: 1 }],
    payment: { method: 'cash' as const },
    registerId,
    offline: {
      soldAt: new Date().toISOString(),
      charged: {
        totalCents: 100,
        lines: [{ productId: 'p1', unitPriceCents: 95, taxClass: 'zero-rated' as const }],
      },
    },
  },
});

/** A fake server: one order per key (as the API), and a switch to lose the answer after committing. */
function fakeServer() {
  const orders = new Map<string, string>();
  let loseNext = 0;
  let down = false;
  const received: string[] = [];
  return {
    orders,
    received,
    loseAnswers: (n: number) => (loseNext = n),
    setDown: (d: boolean) => (down = d),
    async send(sale: QueuedSale): Promise<SendOutcome> {
      if (down) return { kind: 'later' };
      received.push(sale.body.offline.receipt);
      if (!orders.has(sale.idempotencyKey)) orders.set(sale.idempotencyKey, `ord-${orders.size + 1}`);
      if (loseNext > 0) {
        loseNext--;
        throw new Error('answer lost');
      }
      return { kind: 'done', orderId: orders.get(sale.idempotencyKey)! };
    },
  };
}

describe('the queue of offline sales', () => {
  it('numbers receipts per till in order and keeps the key created with the sale', async () => {
    const db = await fresh();
    const a = await queueSale(db, newSale());
    const b = await queueSale(db, newSale());
    const c = await queueSale(db, newSale('till-2'));
    expect([a, b, c].map((s) => s.body.offline.receipt)).toEqual([
      'HL-till-1-1',
      'HL-till-1-2',
      'HL-till-2-1',
    ]);
    expect((await waitingSales(db)).map((s) => s.idempotencyKey)).toEqual(
      [a, b, c].map((s) => s.idempotencyKey),
    );
  });

  it('survives a reload: the sales queued are still there, in order, and the numbering goes on', async () => {
    const name = `test-${randomUUID()}`;
    let db: OfflineDb = await openOfflineDb(name);
    await queueSale(db, newSale());
    await queueSale(db, newSale());
    db.close();
    db = await openOfflineDb(name);
    expect((await waitingSales(db)).map((s) => s.body.offline.receipt)).toEqual([
      'HL-till-1-1',
      'HL-till-1-2',
    ]);
    expect((await queueSale(db, newSale())).body.offline.receipt).toBe('HL-till-1-3');
  });

  it('sends in order and removes a sale only after its final answer: a lost answer is resent, one order', async () => {
    const db = await fresh();
    const server = fakeServer();
    for (let i = 0; i < 3; i++) await queueSale(db, newSale());
    // The server commits the first sale, then its answer is lost (a crash of the tab, the network).
    server.loseAnswers(1);
    await expect(syncQueue(db, (s) => server.send(s))).rejects.toThrow('answer lost');
    expect(await waitingSales(db)).toHaveLength(3);
    // Reload: the sync starts over from the first sale, with its same key.
    const result = await syncQueue(db, (s) => server.send(s));
    expect(result).toEqual({ sent: 3, rejected: 0, waiting: 0 });
    expect(server.orders.size).toBe(3);
    expect(server.received).toEqual(['HL-till-1-1', 'HL-till-1-1', 'HL-till-1-2', 'HL-till-1-3']);
  });

  it('stops at the first "later" and keeps it and those after it; a refusal is kept apart, not resent', async () => {
    const db = await fresh();
    const [a, b, c] = [
      await queueSale(db, newSale()),
      await queueSale(db, newSale()),
      await queueSale(db, newSale()),
    ];
    const answers = new Map<string, SendOutcome>([
      [a.idempotencyKey, { kind: 'done', orderId: 'o1' }],
      [b.idempotencyKey, { kind: 'later' }],
      [c.idempotencyKey, { kind: 'done', orderId: 'o3' }],
    ]);
    const sent: string[] = [];
    const send = async (s: QueuedSale) => (sent.push(s.idempotencyKey), answers.get(s.idempotencyKey)!);
    expect(await syncQueue(db, send)).toEqual({ sent: 1, rejected: 0, waiting: 2 });
    expect(sent).toEqual([a.idempotencyKey, b.idempotencyKey]);
    answers.set(b.idempotencyKey, {
      kind: 'rejected',
      status: 409,
      code: 'register-closed',
      detail: 'closed',
    });
    expect(await syncQueue(db, send)).toEqual({ sent: 1, rejected: 1, waiting: 0 });
    expect((await db.getAll('rejected')).map((s) => [s.idempotencyKey, s.code])).toEqual([
      [b.idempotencyKey, 'register-closed'],
    ]);
  });

  it('one sync at a time: two syncs started together send each sale once', async () => {
    const db = await fresh();
    const server = fakeServer();
    for (let i = 0; i < 2; i++) await queueSale(db, newSale());
    await Promise.all([syncQueue(db, (s) => server.send(s)), syncQueue(db, (s) => server.send(s))]);
    expect(server.received).toEqual(['HL-till-1-1', 'HL-till-1-2']);
  });
});
