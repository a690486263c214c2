import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dayOf } from '#domain/reporting/days.ts';
import { salesLocations } from '#domain/reporting/report.ts';
import { gstRate, qstRate, roundCash, taxOn } from '#domain/sales/money.ts';
import type { DomainEvent } from '#functions/adapters/event-publisher.ts';
import { startTestRuntime, type Client, type TestRuntime } from '../support/runtime.ts';

/**
 * The remittance report (GST and QST collected per period, per store and per tax class) against the
 * receipts it must add up to: a month of generated sales and returns — with and without the tax
 * lines and tenders the events may carry, cash and card, split payments, late-evening sales on the
 * month's edges — published as the sales context publishes them and projected by the real consumer.
 * The report must equal the sum of the receipts' taxes minus the refunds' taxes, to the cent.
 */
let api: TestRuntime;
let manager: Client;
let publish: (events: DomainEvent[]) => Promise<void>;

beforeAll(async () => {
  api = await startTestRuntime();
  manager = api.as('manager');
  // Imported once the runtime has set AWS_ENDPOINT_URL_EVENTBRIDGE, as a Lambda finds it set.
  const { EventBridgePublisher } = await import('#functions/adapters/eventbridge-publisher.ts');
  const publisher = new EventBridgePublisher();
  publish = async (events) => {
    for (let i = 0; i < events.length; i += 10) await publisher.publish(events.slice(i, i + 10));
    await api.runtime.bus.settled();
  };
});
afterAll(() => api.stop());

/** A tiny price list with the tax classes of issue 11 (how each is taxed is the pricing's business). */
const products = [
  { productId: 'tx-cafe', name: 'Café filtre', unitPriceCents: 199, taxClass: 'standard' },
  { productId: 'tx-sandwich', name: 'Sandwich jambon-brie', unitPriceCents: 895, taxClass: 'standard' },
  { productId: 'tx-lait', name: 'Lait 2 % 2 L', unitPriceCents: 489, taxClass: 'zero-rated' },
  { productId: 'tx-sirop', name: 'Sirop d’érable 540 ml', unitPriceCents: 1299, taxClass: 'zero-rated' },
  { productId: 'tx-muffin', name: 'Muffin aux bleuets', unitPriceCents: 325, taxClass: 'bakery-single' },
] as const;
const taxed = (taxClass: string) => taxClass !== 'zero-rated';

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Receipt {
  readonly locationId: string;
  readonly day: string;
  readonly taxes: { taxClass: string; gstCents: number; qstCents: number }[];
  readonly totalCents: number;
  readonly tenders: { method: 'cash' | 'card'; amountCents: number }[];
}

/** Last month in Montréal: a whole calendar month. */
const today = dayOf(Date.now());
const monthStart = `${addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7)}-01`;
const monthEnd = addDays(`${today.slice(0, 7)}-01`, -1);

const receipts: Receipt[] = [];
const refunds: Receipt[] = [];

/** Taxes per class of some lines, each half-up to the cent (as `domain/sales/money.ts` does). */
function taxLinesOf(lines: { taxClass: string; amountCents: number }[]) {
  const base = new Map<string, number>();
  for (const l of lines) base.set(l.taxClass, (base.get(l.taxClass) ?? 0) + l.amountCents);
  return [...base].map(([taxClass, taxableCents]) => ({
    taxClass,
    taxableCents,
    gstCents: taxed(taxClass) ? taxOn(taxableCents, gstRate) : 0,
    qstCents: taxed(taxClass) ? taxOn(taxableCents, qstRate) : 0,
  }));
}

async function generateMonth(): Promise<{ sales: DomainEvent[]; returns: DomainEvent[] }> {
  const { OrderConfirmed } = await import('#functions/events/order-confirmed.ts');
  const { OrderReturned } = await import('#functions/events/order-returned.ts');
  const rnd = prng(20261101);
  const events: DomainEvent[] = [];
  const returns: DomainEvent[] = [];
  const meta = (at: string) => ({ correlationId: 'remittance', occurredAt: at });
  let n = 0;
  const sell = (locationId: string, createdAt: string, counted: boolean) => {
    n++;
    const picked = new Map<string, { product: (typeof products)[number]; quantity: number }>();
    for (let i = 0, count = 1 + Math.floor(rnd() * 4); i < count; i++) {
      const product = products[Math.floor(rnd() * products.length)]!;
      const quantity = (picked.get(product.productId)?.quantity ?? 0) + 1 + Math.floor(rnd() * 3);
      picked.set(product.productId, { product, quantity });
    }
    const lines = [...picked.values()].map(({ product, quantity }) => ({
      productId: product.productId,
      name: product.name,
      quantity,
      unitPriceCents: product.unitPriceCents,
      lineTotalCents: quantity * product.unitPriceCents,
      taxClass: product.taxClass,
    }));
    const subtotalCents = lines.reduce((a, l) => a + l.lineTotalCents, 0);
    // Every other order is published as today's events are (no tax lines, no tenders): all standard.
    const withClasses = n % 2 === 0;
    const taxLines = withClasses
      ? taxLinesOf(lines.map((l) => ({ taxClass: l.taxClass, amountCents: l.lineTotalCents })))
      : taxLinesOf([{ taxClass: 'standard', amountCents: subtotalCents }]);
    const gstCents = taxLines.reduce((a, t) => a + t.gstCents, 0);
    const qstCents = taxLines.reduce((a, t) => a + t.qstCents, 0);
    const method: 'cash' | 'card' = rnd() < 0.4 ? 'cash' : 'card';
    const exact = subtotalCents + gstCents + qstCents;
    const totalCents = method === 'cash' ? roundCash(exact) : exact;
    // A few split payments: 10 $ cash, the rest by card.
    const split = withClasses && totalCents > 1500 && rnd() < 0.3;
    const tenders: Receipt['tenders'] = split
      ? [
          { method: 'cash', amountCents: 1000 },
          { method: 'card', amountCents: totalCents - 1000 },
        ]
      : [{ method, amountCents: totalCents }];
    const orderId = `tx-o${n}`;
    events.push(
      OrderConfirmed.make(
        {
          orderId,
          channel: locationId === 'warehouse' ? 'web' : 'pos',
          locationId,
          lines: lines.map(({ taxClass: _class, ...l }) => l),
          subtotalCents,
          gstCents,
          qstCents,
          totalCents,
          paymentMethod: split ? 'card' : method,
          createdAt,
          ...(withClasses ? { taxLines, tenders, roundingCents: totalCents - exact } : {}),
        },
        meta(createdAt),
      ),
    );
    if (counted) receipts.push({ locationId, day: dayOf(createdAt), taxes: taxLines, totalCents, tenders });
    return { orderId, lines, method: split ? ('card' as const) : method, withClasses };
  };

  for (let day = monthStart; day <= monthEnd; day = addDays(day, 1)) {
    for (let k = 0, count = 2 + Math.floor(rnd() * 3); k < count; k++) {
      const locationId = salesLocations[Math.floor(rnd() * salesLocations.length)]!;
      const minute = Math.floor(rnd() * 300);
      const at = `${day}T${String(16 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00.000Z`;
      const sold = sell(locationId, at, true);
      // One sale in ten is partly brought back two days later (within the month).
      if (rnd() < 0.1 && addDays(day, 2) <= monthEnd) {
        const line = sold.lines[0]!;
        const returnedAt = `${addDays(day, 2)}T17:00:00.000Z`;
        const preTax = line.unitPriceCents;
        const taxLines = sold.withClasses
          ? taxLinesOf([{ taxClass: line.taxClass, amountCents: preTax }])
          : taxLinesOf([{ taxClass: 'standard', amountCents: preTax }]);
        const exact = preTax + taxLines[0]!.gstCents + taxLines[0]!.qstCents;
        const amountCents = sold.method === 'cash' ? roundCash(exact) : exact;
        returns.push(
          OrderReturned.make(
            {
              orderId: sold.orderId,
              returnId: `${sold.orderId}-r1`,
              channel: locationId === 'warehouse' ? 'web' : 'pos',
              locationId,
              lines: [{ productId: line.productId, quantity: 1, unitPriceCents: line.unitPriceCents }],
              amountCents,
              returnedAt,
              // Returns of orders with classes carry theirs; the others rely on the standard fallback.
              ...(sold.withClasses ? { taxLines, tenders: [{ method: sold.method, amountCents }] } : {}),
            },
            meta(returnedAt),
          ),
        );
        refunds.push({
          locationId,
          day: addDays(day, 2),
          taxes: taxLines,
          totalCents: amountCents,
          tenders: [{ method: sold.method, amountCents }],
        });
      }
    }
  }
  // Montréal evenings on the month's edges: 21:30 on its last day (02:30 UTC the next day) counts,
  // 22:00 on the day before it starts (03:00 UTC on the 1st) does not.
  sell('store-2', `${addDays(monthEnd, 1)}T02:30:00.000Z`, true);
  sell('store-2', `${monthStart}T03:00:00.000Z`, false);
  return { sales: events, returns };
}

const sum = (list: Receipt[], pick: (t: Receipt['taxes'][number]) => number, keep = (_r: Receipt) => true) =>
  list.filter(keep).reduce((a, r) => a + r.taxes.reduce((b, t) => b + pick(t), 0), 0);

describe('the remittance report for a generated month', () => {
  let report: any;
  beforeAll(async () => {
    const { sales, returns } = await generateMonth();
    await publish(sales);
    await publish(returns);
    // A publisher retry sends some of them again (new event ids): they count once.
    await publish([...sales.slice(0, 15), ...returns.slice(0, 2)]);
    const res = await manager.get(`/reports/sales?from=${monthStart}&to=${monthEnd}`);
    expect(res.status).toBe(200);
    report = res.body;
  }, 120_000);

  it('equals the sum of the receipts’ GST and QST minus the refunds’, for the whole chain', () => {
    expect(receipts.length).toBeGreaterThan(60);
    expect(refunds.length).toBeGreaterThan(3);
    const gst = sum(receipts, (t) => t.gstCents) - sum(refunds, (t) => t.gstCents);
    const qst = sum(receipts, (t) => t.qstCents) - sum(refunds, (t) => t.qstCents);
    expect(report.taxes.totals).toMatchObject({
      gstCollectedCents: sum(receipts, (t) => t.gstCents),
      gstRefundedCents: sum(refunds, (t) => t.gstCents),
      gstCents: gst,
      qstCollectedCents: sum(receipts, (t) => t.qstCents),
      qstRefundedCents: sum(refunds, (t) => t.qstCents),
      qstCents: qst,
    });
    expect([report.totals.gstCents, report.totals.qstCents]).toEqual([gst, qst]);
  });

  it('equals them per store and per tax class', () => {
    for (const l of report.taxes.locations as { locationId: string; classes: any[]; totals: any }[]) {
      const mine = (r: Receipt) => r.locationId === l.locationId;
      expect(l.totals.gstCents, l.locationId).toBe(
        sum(receipts, (t) => t.gstCents, mine) - sum(refunds, (t) => t.gstCents, mine),
      );
      expect(l.totals.qstCents, l.locationId).toBe(
        sum(receipts, (t) => t.qstCents, mine) - sum(refunds, (t) => t.qstCents, mine),
      );
      for (const c of l.classes) {
        const of = (t: Receipt['taxes'][number]) => (t.taxClass === c.taxClass ? t.gstCents : 0);
        expect(c.gstCents, `${l.locationId} ${c.taxClass}`).toBe(
          sum(receipts, of, mine) - sum(refunds, of, mine),
        );
      }
    }
    expect(report.taxes.classes.map((c: { taxClass: string }) => c.taxClass)).toEqual([
      'standard',
      'zero-rated',
      'bakery-single',
    ]);
    const zero = report.taxes.classes.find((c: { taxClass: string }) => c.taxClass === 'zero-rated');
    expect(zero.netSalesCents).toBeGreaterThan(0);
    expect([zero.gstCents, zero.qstCents]).toEqual([0, 0]);
  });

  it('splits the money by tender as the receipts were paid', () => {
    const paid = (method: string, list: Receipt[]) =>
      list.reduce(
        (a, r) => a + r.tenders.filter((t) => t.method === method).reduce((b, t) => b + t.amountCents, 0),
        0,
      );
    for (const method of ['cash', 'card']) {
      const row = report.tenders.methods.find((m: { method: string }) => m.method === method);
      expect(row, method).toMatchObject({
        amountCents: paid(method, receipts),
        refundedCents: paid(method, refunds),
        netCents: paid(method, receipts) - paid(method, refunds),
      });
    }
    const net = report.tenders.methods.reduce((a: number, m: { netCents: number }) => a + m.netCents, 0);
    expect(net).toBe(report.totals.revenueWithTaxesCents);
  });

  it('compares the month with the month before and the same month a year earlier', () => {
    const before = addDays(monthStart, -1);
    expect(report.comparison.previous.period).toEqual({ from: `${before.slice(0, 7)}-01`, to: before });
    // The one sale of 22:00 on the eve of the month is the month before's.
    expect(report.comparison.previous.totals.orders).toBe(1);
    expect(report.comparison.yearEarlier.period.from).toBe(
      `${Number(monthStart.slice(0, 4)) - 1}${monthStart.slice(4)}`,
    );
    expect(report.comparison.yearEarlier.totals.orders).toBe(0);
  });

  it('exports the same remittance in a French CSV', async () => {
    const created = await manager.post('/reports/exports', {
      from: monthStart,
      to: monthEnd,
      format: 'csv',
      locale: 'fr-CA',
    });
    expect(created.status).toBe(201);
    const link = await manager.get(`/reports/exports/${created.body.exportId}`);
    const bytes = Buffer.from(await (await fetch(link.body.downloadUrl)).arrayBuffer());
    const rows = parse(bytes, { bom: true, columns: true, delimiter: ';' }) as Record<string, string>[];
    const cents = (v: string) => Math.round(Number(v.replace(',', '.')) * 100);
    const chainTaxes = rows.filter((r) => r.section === 'taxe' && r.id === '');
    expect(chainTaxes.reduce((a, r) => a + cents(r.tps!), 0)).toBe(report.taxes.totals.gstCents);
    expect(chainTaxes.reduce((a, r) => a + cents(r.tvq!), 0)).toBe(report.taxes.totals.qstCents);
  });
});

describe('taxes of a sale at the till', () => {
  it('are in the day’s remittance as the receipt shows them, and a return takes its taxes back off', async () => {
    // Prepare: cashier5 sells 3 coffees and a bagel at store-5 (today), then takes 1 coffee back.
    const cashier = api.as('cashier5');
    const sold = await cashier.post(
      '/locations/store-5/sales',
      {
        lines: [
          { productId: 'coffee', quantity: 3 },
          { productId: 'bagel', quantity: 1 },
        ],
        payment: { method: 'cash' },
      },
      { idempotencyKey: 'remittance-till-sale-1' },
    );
    expect(sold.status).toBe(201);
    const back = await cashier.post(
      `/orders/${sold.body.id}/returns`,
      { lines: [{ productId: 'coffee', quantity: 1 }] },
      { idempotencyKey: 'remittance-till-return-1' },
    );
    expect(back.status).toBeLessThan(300);
    await api.runtime.bus.settled();
    // Act
    const res = await manager.get(`/reports/sales?from=${today}&to=${today}&locationId=store-5`);
    // Assess: the receipt's taxes, minus GST and QST on the 1.99 $ returned (10 ¢ and 20 ¢)
    expect(res.body.taxes.totals).toMatchObject({
      gstCollectedCents: sold.body.gstCents,
      qstCollectedCents: sold.body.qstCents,
      gstCents: sold.body.gstCents - taxOn(199, gstRate),
      qstCents: sold.body.qstCents - taxOn(199, qstRate),
    });
    expect(res.body.tenders.methods.find((m: { method: string }) => m.method === 'cash')).toMatchObject({
      orders: 1,
      amountCents: sold.body.totalCents,
      returns: 1,
    });
  });
});
