import {
  newCountSheet,
  shrinkageOf,
  valueOf,
  withCounts,
  type CountLine,
  type CountSheet,
  type ShrinkageSummary,
} from '#domain/inventory/count.ts';
import { checkPeriod, dayOf } from '#domain/reporting/days.ts';
import { ConflictError, NotFoundError, RuleViolation } from '#domain/shared/errors.ts';
import { m } from '#domain/shared/message.ts';
import { log } from '#functions/shared/correlation.ts';
import type { CountRepository } from './adapters/count-repository.ts';
import type { PurchasingRepository } from './adapters/purchasing-repository.ts';
import { marker, type StockMover } from './adapters/stock-mover.ts';
import type { StockRepository } from './adapters/stock-repository.ts';

/**
 * Stock counts (domain/inventory/count.ts): a store or the warehouse posts what it counted for some
 * products. The count is stored first (`posting`, with the counted figures), then each line is set
 * to its counted figure by one stock write — a `count` movement of the variance, counted − on hand
 * **at that write** (the count's moment: a sale committed before it is already out of `onHand`, one
 * after it applies on top of the counted figure) — then the count is stored `posted` with each
 * line's variance and value, and one shrinkage entry per variance. A retry (same Idempotency-Key)
 * or the recovery finishes a count that died half-way; each line moves once (marker `cnt#<id>`).
 */
export interface CountDeps {
  readonly counts: CountRepository;
  readonly stock: Pick<StockRepository, 'getLocation' | 'stockLine' | 'listLocations'>;
  readonly purchasing: Pick<PurchasingRepository, 'offerOf'>;
  readonly mover: Pick<StockMover, 'countTo' | 'clearMarker'>;
  readonly now: () => Date;
}

export const stuckCountAfterMs = 60_000;

export async function postCount(
  deps: CountDeps,
  input: {
    countId: string;
    locationId: string;
    lines: readonly { productId: string; counted: number }[];
    by: string;
  },
): Promise<CountSheet> {
  const existing = await deps.counts.get(input.countId);
  if (existing) return finish(deps, existing);
  const location = await deps.stock.getLocation(input.locationId);
  if (!location) throw new NotFoundError('Location', input.locationId);
  if (location.kind === 'head-office')
    throw new RuleViolation('locationId', m`${input.locationId} stocks nothing to count`);
  const stockLines = await Promise.all(
    input.lines.map((l) => deps.stock.stockLine(input.locationId, l.productId)),
  );
  input.lines.forEach((l, i) => {
    const line = stockLines[i];
    if (!line)
      throw new RuleViolation(
        `lines.${i}.productId`,
        m`${l.productId} is not stocked at ${input.locationId}`,
      );
    // Held units are on the shelf (reserved by orders in progress): fewer counted is refused at once.
    if (line.reserved > l.counted)
      throw new ConflictError(
        'count-below-held',
        m`${l.productId}: ${l.counted} counted, but orders in progress hold ${line.reserved}; count again once they are sold`,
      );
  });
  const now = deps.now().toISOString();
  const sheet = withCounts(
    newCountSheet({
      countId: input.countId,
      locationId: input.locationId,
      products: stockLines.map((l) => ({ productId: l!.productId, name: l!.name })),
      createdBy: input.by,
      now,
    }),
    input.lines,
    input.by,
    now,
  );
  if (!(await deps.counts.create(sheet)))
    return finish(deps, (await deps.counts.get(input.countId)) ?? sheet);
  return finish(deps, sheet);
}

/** Posts each counted line of a `posting` count, then stores it `posted`. */
async function finish(deps: CountDeps, sheet: CountSheet): Promise<CountSheet> {
  if (sheet.status === 'posted') {
    // A retry: the first attempt may have died after storing the count posted, before the markers went.
    await clearMarkers(deps, sheet);
    return sheet;
  }
  if (sheet.status !== 'posting') return sheet;
  const at = sheet.postedAt ?? sheet.updatedAt;
  const lines: CountLine[] = [];
  for (const l of sheet.lines) {
    if (l.counted === undefined) {
      lines.push(l);
      continue;
    }
    const { variance, onHandBefore } = await deps.mover.countTo(
      sheet.countId,
      sheet.locationId,
      l.productId,
      l.counted,
    );
    const cost = (await deps.purchasing.offerOf(l.productId))?.costCents;
    const valueCents = valueOf(variance, cost);
    if (variance !== 0)
      await deps.counts.putShrinkage({
        locationId: sheet.locationId,
        productId: l.productId,
        name: l.name,
        kind: 'count',
        reference: sheet.countId,
        units: variance,
        ...(valueCents !== undefined ? { valueCents } : {}),
        at,
        day: dayOf(at),
      });
    lines.push({ ...l, onHandBefore, variance, ...(valueCents !== undefined ? { valueCents } : {}) });
  }
  const posted: CountSheet = { ...sheet, status: 'posted', lines, updatedAt: deps.now().toISOString() };
  await deps.counts.save(posted);
  await clearMarkers(deps, posted);
  return posted;
}

async function clearMarkers(deps: CountDeps, sheet: CountSheet): Promise<void> {
  for (const l of sheet.lines)
    if (l.variance) await deps.mover.clearMarker(sheet.locationId, l.productId, marker.count(sheet.countId));
}

export async function getCount(deps: Pick<CountDeps, 'counts'>, countId: string): Promise<CountSheet> {
  const c = await deps.counts.get(countId);
  if (!c) throw new NotFoundError('Count', countId);
  return c;
}

/** The recovery's part: counts left `posting` (their request died half-way) are finished. */
export async function recoverCounts(deps: CountDeps, limit = 20): Promise<number> {
  const before = new Date(deps.now().getTime() - stuckCountAfterMs).toISOString();
  const stuck = await deps.counts.posting(before, limit);
  for (const c of stuck) {
    log.warn('count left posting, finished by the recovery', { countId: c.countId });
    await finish(deps, c);
  }
  return stuck.length;
}

/**
 * Shrinkage per location and product over Montréal days `from`–`to`: what counts found missing (or
 * extra) and what transfers lost on the way, in units and at cost.
 */
export async function shrinkageReport(
  deps: Pick<CountDeps, 'counts' | 'stock'>,
  query: { from: string; to: string; locationId?: string | undefined },
): Promise<{ from: string; to: string; locations: ShrinkageSummary[] }> {
  checkPeriod(query);
  let ids: string[];
  if (query.locationId) {
    if (!(await deps.stock.getLocation(query.locationId)))
      throw new NotFoundError('Location', query.locationId);
    ids = [query.locationId];
  } else ids = (await deps.stock.listLocations()).filter((l) => l.kind !== 'head-office').map((l) => l.id);
  const locations = await Promise.all(
    ids.map(async (id) => shrinkageOf(id, await deps.counts.shrinkage(id, query.from, query.to))),
  );
  return { from: query.from, to: query.to, locations };
}
