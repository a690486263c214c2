import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { SingleBar, Presets } from 'cli-progress';
import { addDays } from '#domain/reporting/days.ts';
import { fingerprintOf, salesLocations, settledTopDays, sumProductDays } from '#domain/reporting/report.ts';
import {
  returnContribution,
  saleContribution,
  standardTaxClass,
  type Contribution,
  type SoldOrder,
  type TaxLine,
} from '#domain/reporting/sales.ts';
import { gstRate, qstRate, roundCash, taxOn } from '#domain/sales/money.ts';
import {
  aggregateUpdates,
  bulkItems,
  topProductDaysOf,
  topProductsKey,
} from '#functions/reporting/adapters/reporting-repository.ts';
import type { LocalCredentials } from '#local/credentials.ts';
import { demoProducts } from '#local/seed/demo-catalog.ts';

/**
 * Confirmed sales generated straight into the reporting read models, for the reports benchmark:
 * deterministic orders (seeded PRNG) over the last `days` Montréal days at the 6 sales locations,
 * 1–4 lines of demo products, paid cash (40 %, rounded to 5 ¢) or by card, with their taxes per
 * class; 2 % of them partly returned the same day. They are folded with the projection's own rules
 * (saleContribution / returnContribution → aggregateUpdates) into the aggregate items, which are
 * then written whole with BatchWriteItem — the same items the event projection builds up.
 */
type Item = Record<string, NativeAttributeValue>;

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Aggregates {
  /** Aggregate items by `pk|sk`, as the projection's conditional ADDs would leave them. */
  readonly items: Map<string, Item>;
  sales: number;
}

export const emptyAggregates = (): Aggregates => ({ items: new Map(), sales: 0 });

function fold(agg: Aggregates, c: Contribution) {
  for (const u of aggregateUpdates(c)) bulkItems.fold(agg.items, u);
}

/**
 * The tax class of a demo product once the catalog carries one, else `standard`. The generator is no
 * pricing engine: classes other than `standard` are generated as zero-rated (no tax).
 */
const taxClassOf = (p: object): string =>
  'taxClass' in p && typeof p.taxClass === 'string' ? p.taxClass : standardTaxClass;

function taxLinesOf(lines: readonly { taxClass: string; lineTotalCents: number }[]): TaxLine[] {
  const bases = new Map<string, number>();
  for (const l of lines) bases.set(l.taxClass, (bases.get(l.taxClass) ?? 0) + l.lineTotalCents);
  return [...bases].map(([taxClass, taxableCents]) => ({
    taxClass,
    taxableCents,
    gstCents: taxClass === standardTaxClass ? taxOn(taxableCents, gstRate) : 0,
    qstCents: taxClass === standardTaxClass ? taxOn(taxableCents, qstRate) : 0,
  }));
}

/** The n-th generated sale (deterministic), on one of the `days` days ending `today`. */
export function generatedSale(
  n: number,
  today: string,
  days: number,
): { order: SoldOrder; returned: boolean } {
  const rnd = prng(n * 2654435761);
  const day = addDays(today, -Math.floor(rnd() * days));
  const locationId = salesLocations[Math.floor(rnd() * salesLocations.length)]!;
  const lineCount = 1 + Math.floor(rnd() * 4);
  const lines = new Map<string, SoldOrder['lines'][number] & { taxClass: string }>();
  for (let i = 0; i < lineCount; i++) {
    const p = demoProducts[Math.floor(rnd() * demoProducts.length)]!;
    const quantity = 1 + Math.floor(rnd() * 3);
    const seen = lines.get(p.id);
    const q = (seen?.quantity ?? 0) + quantity;
    lines.set(p.id, {
      productId: p.id,
      name: p.name,
      quantity: q,
      unitPriceCents: p.priceCents,
      lineTotalCents: q * p.priceCents,
      taxClass: taxClassOf(p),
    });
  }
  const subtotalCents = [...lines.values()].reduce((a, l) => a + l.lineTotalCents, 0);
  const taxLines = taxLinesOf([...lines.values()]);
  const gstCents = taxLines.reduce((a, t) => a + t.gstCents, 0);
  const qstCents = taxLines.reduce((a, t) => a + t.qstCents, 0);
  const method = rnd() < 0.4 ? 'cash' : 'card';
  const exact = subtotalCents + gstCents + qstCents;
  const totalCents = method === 'cash' ? roundCash(exact) : exact;
  // 16:00–21:00 UTC is daytime in Montréal: the sale stays on its day.
  const minute = Math.floor(rnd() * 300);
  const createdAt = `${day}T${String(16 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00.000Z`;
  return {
    order: {
      orderId: `bench-${n}`,
      locationId,
      channel: locationId === 'warehouse' ? 'web' : 'pos',
      createdAt,
      lines: [...lines.values()].map(({ taxClass: _class, ...l }) => l),
      subtotalCents,
      gstCents,
      qstCents,
      totalCents,
      paymentMethod: method,
      taxLines,
      tenders: [{ method, amountCents: totalCents }],
    },
    returned: rnd() < 0.02,
  };
}

/** Adds sales [from, to] to the aggregates; returns the orders (for their projection items). */
export function foldSales(
  agg: Aggregates,
  from: number,
  to: number,
  today: string,
  days: number,
  onOrder?: (o: SoldOrder) => void,
) {
  for (let n = from; n <= to; n++) {
    const { order, returned } = generatedSale(n, today, days);
    fold(agg, saleContribution(order));
    if (returned) {
      const line = order.lines[0]!;
      const taxLine = taxLinesOf([
        {
          taxClass: taxClassOf(demoProducts.find((p) => p.id === line.productId) ?? {}),
          lineTotalCents: line.unitPriceCents,
        },
      ])[0]!;
      const exact = taxLine.taxableCents + taxLine.gstCents + taxLine.qstCents;
      const amountCents = order.paymentMethod === 'cash' ? roundCash(exact) : exact;
      fold(
        agg,
        returnContribution(
          {
            returnId: `ret-${n}`,
            orderId: order.orderId,
            locationId: order.locationId,
            returnedAt: order.createdAt,
            lines: [{ productId: line.productId, quantity: 1, unitPriceCents: line.unitPriceCents }],
            amountCents,
            taxLines: [taxLine],
          },
          order,
        ),
      );
    }
    onOrder?.(order);
    agg.sales++;
  }
}

/**
 * The aggregate items, plus what the projection keeps for today's dashboard: the sums of each
 * location's best sellers over the settled days (made by the day's first sale there).
 */
export function aggregateItems(agg: Aggregates, today: string): Item[] {
  const settled = settledTopDays(today);
  const kept = salesLocations.map((locationId) => {
    const days = [...agg.items.values()].filter(
      (i) =>
        i.pk === topProductsKey(locationId, today).pk &&
        (i.sk as string) >= settled.from &&
        (i.sk as string) <= settled.to,
    );
    return bulkItems.settledTopProducts(
      locationId,
      settled.to,
      sumProductDays(days.flatMap(topProductDaysOf), locationId),
      fingerprintOf(
        days.map((i) => ({
          day: i.sk as string,
          orders: Number(i.orders ?? 0),
          returns: Number(i.returns ?? 0),
        })),
        settled.from,
        settled.to,
      ),
      new Date(),
    );
  });
  return [...agg.items.values(), ...kept];
}

export class BulkWriter {
  private readonly client: DynamoDBDocumentClient;
  private readonly table: string;
  /** `credentials`: the system's own (`SystemHandle.credentials`), the only ones its endpoints accept. */
  constructor(endpoint: string, table: string, credentials: LocalCredentials) {
    this.client = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint, region: 'ca-central-1', credentials }),
      { marshallOptions: { removeUndefinedValues: true } },
    );
    this.table = table;
  }

  /**
   * Writes items with BatchWriteItem (25 per call, `workers` calls in flight, unprocessed items
   * retried), with a progress bar; stops early once `budgetMs` has passed and says how far it got.
   */
  async write(
    label: string,
    items: AsyncIterable<Item> | Iterable<Item>,
    total: number,
    budgetMs = Infinity,
    workers = 8,
  ) {
    const bar = new SingleBar(
      {
        format: `  ${label} [{bar}] {percentage}% {value}/{total} {rate}/s eta {eta}s`,
        stream: process.stderr,
      },
      Presets.shades_classic,
    );
    bar.start(total, 0, { rate: 0 });
    const started = performance.now();
    let written = 0;
    const iterator = (
      Symbol.asyncIterator in items
        ? items[Symbol.asyncIterator]()
        : (items as Iterable<Item>)[Symbol.iterator]()
    ) as AsyncIterator<Item> | Iterator<Item>;
    let exhausted = false;
    const nextBatch = async (): Promise<Item[]> => {
      const batch: Item[] = [];
      while (batch.length < 25 && !exhausted) {
        const r = await iterator.next();
        if (r.done) exhausted = true;
        else batch.push(r.value);
      }
      return batch;
    };
    const worker = async () => {
      for (;;) {
        if (performance.now() - started > budgetMs) return;
        const batch = await nextBatch();
        if (batch.length === 0) return;
        let pending = batch.map((Item) => ({ PutRequest: { Item } }));
        for (let attempt = 0; pending.length > 0; attempt++) {
          const out = await this.client.send(
            new BatchWriteCommand({ RequestItems: { [this.table]: pending } }),
          );
          pending = (out.UnprocessedItems?.[this.table] ?? []) as typeof pending;
          if (pending.length > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
        }
        written += batch.length;
        bar.update(written, { rate: Math.round(written / ((performance.now() - started) / 1000)) });
      }
    };
    await Promise.all(Array.from({ length: workers }, worker));
    bar.stop();
    const seconds = (performance.now() - started) / 1000;
    return {
      written,
      total,
      seconds: Math.round(seconds * 10) / 10,
      itemsPerSec: Math.round(written / seconds),
      complete: written >= total,
    };
  }

  destroy() {
    this.client.destroy();
  }
}
