import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '#functions/adapters/event-publisher.ts';
import type { StockWriter } from '#functions/inventory/adapters/stock-writer.ts';
import { commitStock, releaseStock, reserveStock } from '#functions/inventory/saga/steps.ts';
import type { SagaLine, SagaState } from '#functions/shared/saga-task.ts';

/** The saga's stock steps never ask the stock writer about products made to order (`stocked: false`). */
function harness() {
  const calls: { op: string; productIds: string[] }[] = [];
  const published: DomainEvent[] = [];
  const record = (op: string, lines: readonly { productId: string }[]) =>
    calls.push({ op, productIds: lines.map((l) => l.productId) });
  const stock = {
    reserve: async (_r: string, _l: string, lines: readonly { productId: string }[]) => {
      record('reserve', lines);
      return { ok: true as const };
    },
    commit: async (_r: string, _l: string, lines: readonly { productId: string }[]) => {
      record('commit', lines);
      return 'committed' as const;
    },
    release: async (_r: string, _l: string, lines: readonly { productId: string; quantity: number }[]) => {
      record('release', lines);
      return lines.map((l) => ({ ...l }));
    },
  } as unknown as StockWriter;
  const deps = {
    stock,
    events: { publish: async (e: readonly DomainEvent[]) => void published.push(...e) },
    now: () => '2026-12-01T12:00:00.000Z',
  };
  return { deps, calls, published };
}

const line = (productId: string, stocked?: false): SagaLine => ({
  productId,
  quantity: 2,
  name: productId,
  unitPriceCents: 275,
  lineTotalCents: 550,
  taxClass: 'standard',
  ...(stocked === false ? { stocked } : {}),
});

const stateOf = (lines: SagaLine[]): SagaState =>
  ({
    correlationId: 'c1',
    mode: 'run',
    actor: 'saga',
    order: {
      id: 'ord_1',
      attempt: 1,
      runId: 'ord_1#1',
      channel: 'pos',
      locationId: 'store-4',
      lines,
      subtotalCents: 0,
      gstCents: 0,
      qstCents: 0,
      roundingCents: 0,
      totalCents: 0,
      taxLines: [],
      payment: { method: 'cash' },
      createdAt: '2026-12-01T12:00:00.000Z',
      pricedAt: '2026-12-01T12:00:00.000Z',
      leaseUntil: '2026-12-01T12:05:00.000Z',
    },
  }) as SagaState;

describe('saga stock steps and products made to order', () => {
  it('hold, commit and release only the stocked lines of a mixed order', async () => {
    const { deps, calls } = harness();
    const state = stateOf([line('americano', false), line('muffin')]);
    await reserveStock(deps, state);
    await commitStock(deps, state);
    await releaseStock(deps, state);
    expect(calls).toEqual([
      { op: 'reserve', productIds: ['muffin'] },
      { op: 'commit', productIds: ['muffin'] },
      { op: 'release', productIds: ['muffin'] },
    ]);
  });

  it('ask nothing and announce nothing for an order of drinks only, and still complete', async () => {
    const { deps, calls, published } = harness();
    const state = stateOf([line('americano', false), line('espresso', false)]);
    expect((await reserveStock(deps, state)).step).toMatchObject({
      name: 'reserve-stock',
      status: 'completed',
    });
    expect((await commitStock(deps, state)).step).toMatchObject({
      name: 'commit-stock',
      status: 'completed',
    });
    expect(await releaseStock(deps, state)).toEqual({});
    expect(calls).toEqual([]);
    expect(published).toEqual([]);
  });
});
