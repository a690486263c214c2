import { ConflictError, RuleViolation } from '#domain/shared/errors.ts';
import { m } from '../shared/message.ts';

/**
 * Stock counts (cycle counts): a count sheet lists the products of a location (all of them, or one
 * category) to count; the counter types what is on the shelf — blind: the sheet does not show what
 * the system expects — and posts it. Each counted line whose quantity differs from the units on hand
 * at posting becomes a `count` movement of the variance (counted − on hand, signed) with its value at
 * cost: the store's shrinkage when negative.
 *
 *   open ──(post: the counted quantities)──▶ posting ──(every line's movement written)──▶ posted
 *
 * `posting` keeps the counted quantities until every stock write is done: a post that dies half-way
 * is finished by its retry or by the recovery, each line moved once. Pure.
 */
export type CountStatus = 'open' | 'posting' | 'posted';
export const countStatuses: readonly CountStatus[] = ['open', 'posting', 'posted'];

export const maxCountedUnits = 100_000;

export interface CountLine {
  readonly productId: string;
  readonly name: string;
  /** What the counter found (absent: not counted, left as it is). */
  readonly counted?: number;
  /** Units on hand just before the count movement (posted lines). */
  readonly onHandBefore?: number;
  /** counted − onHandBefore (posted lines). */
  readonly variance?: number;
  /** variance × unit cost, in cents (posted lines with a known cost). */
  readonly valueCents?: number;
}

export interface CountSheet {
  readonly countId: string;
  readonly locationId: string;
  readonly category?: string;
  readonly status: CountStatus;
  readonly lines: readonly CountLine[];
  readonly createdBy: string;
  readonly createdAt: string;
  readonly postedBy?: string;
  readonly postedAt?: string;
  readonly updatedAt: string;
}

export function newCountSheet(input: {
  countId: string;
  locationId: string;
  category?: string | undefined;
  products: readonly { productId: string; name: string }[];
  createdBy: string;
  now: string;
}): CountSheet {
  if (input.products.length === 0)
    throw new RuleViolation(
      'category',
      input.category
        ? m`${input.locationId} stocks nothing in category ${input.category}`
        : m`${input.locationId} stocks nothing to count`,
    );
  return {
    countId: input.countId,
    locationId: input.locationId,
    ...(input.category ? { category: input.category } : {}),
    status: 'open',
    lines: [...input.products]
      .sort((a, b) => a.name.localeCompare(b.name, 'fr-CA'))
      .map((p) => ({ productId: p.productId, name: p.name })),
    createdBy: input.createdBy,
    createdAt: input.now,
    updatedAt: input.now,
  };
}

/** The sheet with the counted quantities, ready to post (lines not given stay uncounted). */
export function withCounts(
  sheet: CountSheet,
  counted: readonly { productId: string; counted: number }[],
  by: string,
  now: string,
): CountSheet {
  if (sheet.status !== 'open')
    throw new ConflictError(
      'count-status',
      m`count ${sheet.countId} is ${sheet.status}: it was posted already`,
    );
  const byProduct = new Map<string, number>();
  counted.forEach((c, i) => {
    if (!sheet.lines.some((l) => l.productId === c.productId))
      throw new RuleViolation(
        `lines.${i}.productId`,
        m`${c.productId} is not on count sheet ${sheet.countId}`,
      );
    if (byProduct.has(c.productId))
      throw new RuleViolation(`lines.${i}.productId`, m`${c.productId} is listed twice`);
    if (!Number.isInteger(c.counted) || c.counted < 0 || c.counted > maxCountedUnits)
      throw new RuleViolation(
        `lines.${i}.counted`,
        m`counted must be a whole number from 0 to ${maxCountedUnits}`,
      );
    byProduct.set(c.productId, c.counted);
  });
  if (byProduct.size === 0) throw new RuleViolation('lines', 'count at least one product');
  return {
    ...sheet,
    status: 'posting',
    lines: sheet.lines.map((l) =>
      byProduct.has(l.productId) ? { ...l, counted: byProduct.get(l.productId)! } : l,
    ),
    postedBy: by,
    postedAt: now,
    updatedAt: now,
  };
}

/** The variance of a counted line against the units on hand. */
export const varianceOf = (counted: number, onHand: number): number => counted - onHand;

/** value = units × unit cost (undefined when the cost is not known). */
export const valueOf = (units: number, unitCostCents: number | undefined): number | undefined =>
  unitCostCents === undefined ? undefined : units * unitCostCents;

// ---- shrinkage

/** One loss or gain of a location: a count's variance or a transfer's discrepancy. */
export interface ShrinkageEntry {
  readonly locationId: string;
  readonly productId: string;
  readonly name: string;
  readonly kind: 'count' | 'discrepancy';
  /** The count or the replenishment. */
  readonly reference: string;
  /** Signed units: negative lost, positive found. */
  readonly units: number;
  readonly valueCents?: number;
  readonly reason?: string;
  readonly at: string;
}

export interface ShrinkageLine {
  readonly productId: string;
  readonly name: string;
  readonly lostUnits: number;
  readonly foundUnits: number;
  /** Net units (found − lost). */
  readonly units: number;
  readonly valueCents: number;
  /** Entries without a known cost (their value is not in `valueCents`). */
  readonly unvalued: number;
}

export interface ShrinkageSummary {
  readonly locationId: string;
  readonly counts: number;
  readonly discrepancies: number;
  readonly lostUnits: number;
  readonly foundUnits: number;
  readonly units: number;
  /** Net value: negative is what the location lost at cost. */
  readonly valueCents: number;
  readonly products: readonly ShrinkageLine[];
}

/** A location's shrinkage over its entries: per product, worst value first, and in total. */
export function shrinkageOf(locationId: string, entries: readonly ShrinkageEntry[]): ShrinkageSummary {
  const byProduct = new Map<string, ShrinkageLine>();
  for (const e of entries) {
    const l = byProduct.get(e.productId) ?? {
      productId: e.productId,
      name: e.name,
      lostUnits: 0,
      foundUnits: 0,
      units: 0,
      valueCents: 0,
      unvalued: 0,
    };
    byProduct.set(e.productId, {
      ...l,
      lostUnits: l.lostUnits + Math.max(0, -e.units),
      foundUnits: l.foundUnits + Math.max(0, e.units),
      units: l.units + e.units,
      valueCents: l.valueCents + (e.valueCents ?? 0),
      unvalued: l.unvalued + (e.valueCents === undefined && e.units !== 0 ? 1 : 0),
    });
  }
  const products = [...byProduct.values()].sort(
    (a, b) => a.valueCents - b.valueCents || a.units - b.units || a.productId.localeCompare(b.productId),
  );
  const sum = (f: (l: ShrinkageLine) => number) => products.reduce((n, l) => n + f(l), 0);
  return {
    locationId,
    counts: new Set(entries.filter((e) => e.kind === 'count').map((e) => e.reference)).size,
    discrepancies: new Set(entries.filter((e) => e.kind === 'discrepancy').map((e) => e.reference)).size,
    lostUnits: sum((l) => l.lostUnits),
    foundUnits: sum((l) => l.foundUnits),
    units: sum((l) => l.units),
    valueCents: sum((l) => l.valueCents),
    products,
  };
}
