import {
  centralWarehouse,
  isOpen,
  moved,
  newReplenishment,
  nextStep,
  receiptOf,
  sameReceipt,
  shortageReason,
  waitsWhenShort,
  type RaisedBy,
  type Replenishment,
  type ReplenishmentStatus,
} from '#domain/inventory/replenishment.ts';
import { ConflictError, NotFoundError, RuleViolation } from '#domain/shared/errors.ts';
import type { EventPublisher } from '#functions/adapters/event-publisher.ts';
import { ReplenishmentFulfilled } from '#functions/events/replenishment-fulfilled.ts';
import { ReplenishmentRejected } from '#functions/events/replenishment-rejected.ts';
import { ReplenishmentRequested } from '#functions/events/replenishment-requested.ts';
import { currentCorrelationId, log } from '#functions/shared/correlation.ts';
import { assertStore } from '#functions/shared/access.ts';
import type { Caller } from '#functions/shared/http.ts';
import type { ReplenishmentPage, ReplenishmentRepository } from './adapters/replenishment-repository.ts';
import { marker, type StockMover } from './adapters/stock-mover.ts';
import type { ShrinkageEntry } from '#domain/inventory/count.ts';
import { valueOf } from '#domain/inventory/count.ts';
import { dayOf } from '#domain/reporting/days.ts';
import type { StockRepository } from './adapters/stock-repository.ts';
import { m } from '#domain/shared/message.ts';

/**
 * Replenishment of a store from the central warehouse (domain/inventory/replenishment.ts):
 * a request (one open per store and product), then a consumer of ReplenishmentRequested that moves
 * the units step by step, resuming from the request's status after any failure.
 */
export interface ReplenishmentDeps {
  readonly stock: Pick<StockRepository, 'getLocation' | 'stockLine'>;
  readonly replenishments: ReplenishmentRepository;
  readonly mover: StockMover;
  readonly events: EventPublisher;
  readonly now: () => Date;
  /** Where a transfer's missing units are reported (the shrinkage report), with what a unit costs. */
  readonly shrinkage?: {
    put(entry: ShrinkageEntry & { readonly day: string }): Promise<void>;
    unitCost(productId: string): Promise<number | undefined>;
  };
  /** Told each time a request waits for the warehouse: the warehouse's purchasing looks at the product. */
  readonly onWaiting?: (r: Replenishment) => Promise<void>;
}

/** A claim or a `requested` request older than this was left by a request that died: taken over or nudged. */
export const stuckAfterMs = 60_000;

export interface RequestInput {
  /** Stable per request (derived from the Idempotency-Key), so that a retried request finds its own claim. */
  readonly id: string;
  readonly storeId: string;
  readonly productId: string;
  readonly quantity: number;
  readonly requestedBy: string;
  /** An automatic request: the reorder rule that raised it. */
  readonly raisedBy?: RaisedBy;
}

/** What raising a request needs (no stock write: the fulfilment moves the units). */
export type RaiseDeps = Pick<ReplenishmentDeps, 'stock' | 'replenishments' | 'events' | 'now'>;

export async function requestReplenishment(
  deps: RaiseDeps,
  input: RequestInput,
): Promise<{ replenishment: Replenishment; created: boolean }> {
  const out = await raise(deps, input);
  if (!out) throw new Error('a request with no recheck is always raised');
  return out;
}

/**
 * What a reorder rule orders once it holds the claim: the quantity and what the rule saw, from a
 * fresh read of the store's stock — or undefined when nothing is needed any more.
 */
export type Recheck = () => Promise<{ quantity: number; raisedBy: RaisedBy } | undefined>;

/**
 * Raises a request under the one open-request claim of its (store, product). With `recheck` (a
 * reorder rule), the quantity is computed again once the claim is held: no other request can open
 * or close meanwhile, so what the store has then plus what is ordered is what it will have (the
 * rule's target), never what a stale read before a delivery suggested. Undefined: nothing raised.
 */
export async function raise(
  deps: RaiseDeps,
  input: RequestInput,
  recheck?: Recheck,
): Promise<{ replenishment: Replenishment; created: boolean } | undefined> {
  const store = await deps.stock.getLocation(input.storeId);
  if (!store) throw new NotFoundError('Location', input.storeId);
  const now = deps.now();
  const request = newReplenishment({
    ...input,
    storeKind: store.kind,
    correlationId: currentCorrelationId() ?? 'none',
    now: now.toISOString(),
  });
  const [atStore, atWarehouse] = await Promise.all([
    deps.stock.stockLine(input.storeId, input.productId),
    deps.stock.stockLine(centralWarehouse, input.productId),
  ]);
  if (!atStore || !atWarehouse)
    throw new RuleViolation(
      'productId',
      atStore
        ? m`${input.productId} is not stocked at the warehouse`
        : m`${input.productId} is not stocked at ${input.storeId}`,
    );

  for (let attempt = 0; attempt < 3; attempt++) {
    const claim = await deps.replenishments.claimOpen(
      input.storeId,
      input.productId,
      request.id,
      request.createdAt,
    );
    if (claim.claimed) {
      let toCreate = request;
      if (recheck) {
        const now = await recheck();
        if (!now) {
          await deps.replenishments.releaseClaim(input.storeId, input.productId, request.id);
          return undefined;
        }
        toCreate = newReplenishment({
          ...input,
          quantity: now.quantity,
          raisedBy: now.raisedBy,
          storeKind: store.kind,
          correlationId: request.correlationId,
          now: request.createdAt,
        });
      }
      const created = await deps.replenishments.create(toCreate);
      const stored = created ? toCreate : ((await deps.replenishments.get(request.id)) ?? toCreate);
      // Published on a retry too: the first attempt may have died before publishing (the consumer resumes by status).
      if (stored.status === 'requested') await publishRequested(deps, stored);
      return { replenishment: stored, created };
    }
    const open = await deps.replenishments.get(claim.openId);
    if (open && isOpen(open.status)) {
      if (open.status === 'requested' && now.getTime() - Date.parse(open.updatedAt) > stuckAfterMs) {
        log.warn('replenishment stuck in requested, published again', { replenishmentId: open.id });
        await publishRequested(deps, open);
      }
      return { replenishment: open, created: false };
    }
    if (!open && now.getTime() - Date.parse(claim.claimedAt) <= stuckAfterMs)
      throw new ConflictError(
        'replenishment-in-progress',
        m`A replenishment of ${input.productId} for ${input.storeId} is being requested; retry in a moment`,
      );
    // The claim names a closed request (its closing died before releasing it) or one never stored.
    await deps.replenishments.releaseClaim(input.storeId, input.productId, claim.openId);
  }
  throw new ConflictError(
    'replenishment-in-progress',
    'Could not claim the replenishment; retry in a moment',
  );
}

async function publishRequested(deps: Pick<RaiseDeps, 'events' | 'now'>, r: Replenishment): Promise<void> {
  await deps.events.publish([
    ReplenishmentRequested.make(
      { replenishmentId: r.id, storeId: r.storeId, productId: r.productId, quantity: r.quantity },
      { correlationId: currentCorrelationId() ?? r.correlationId, occurredAt: deps.now().toISOString() },
    ),
  ]);
}

/** One request; a cashier sees their own store's only. */
export async function getReplenishment(
  deps: Pick<ReplenishmentDeps, 'replenishments'>,
  id: string,
  caller: Caller | undefined,
) {
  const r = await deps.replenishments.get(id);
  if (!r) throw new NotFoundError('Replenishment', id);
  assertStore(caller, r.storeId);
  return r;
}

export async function listReplenishments(
  deps: Pick<ReplenishmentDeps, 'replenishments' | 'stock'>,
  storeId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<ReplenishmentPage> {
  if (!(await deps.stock.getLocation(storeId))) throw new NotFoundError('Location', storeId);
  const out = await deps.replenishments.listByStore(storeId, page);
  if (!out) throw new RuleViolation('query.cursor', 'this cursor does not belong to this listing');
  return out;
}

/**
 * The store confirms what arrived of an in-transit request: the receipt is stored with the move to
 * `receiving`, then the fulfilment takes the units in (`replenishment-in` of what was shipped) and
 * posts what did not arrive as a `discrepancy` (−missing, with the reason). A retry with the same
 * count resumes; another count once one is stored is refused (409).
 */
export async function confirmReceipt(
  deps: ReplenishmentDeps,
  id: string,
  input: { received: number; reason?: string | undefined },
  caller: Caller | undefined,
): Promise<Replenishment> {
  const r = await deps.replenishments.get(id);
  if (!r) throw new NotFoundError('Replenishment', id);
  assertStore(caller, r.storeId);
  if (r.status === 'in-transit') {
    const receipt = receiptOf(r, {
      received: input.received,
      reason: input.reason,
      confirmedBy: caller?.userId ?? 'anonymous',
      at: deps.now().toISOString(),
    });
    const detail =
      receipt.difference === 0
        ? `${receipt.received} received`
        : `${receipt.received} received of ${r.quantity}: ${receipt.reason ?? ''}`;
    const next = await advance(deps, r, 'receiving', { receipt, detail });
    if (next.receipt && !sameReceipt(next.receipt, input))
      throw new ConflictError('replenishment-received', m`replenishment ${id} was already confirmed`);
    return fulfil(deps, id);
  }
  if ((r.status === 'receiving' || r.status === 'fulfilled') && r.receipt) {
    if (!sameReceipt(r.receipt, input))
      throw new ConflictError('replenishment-received', m`replenishment ${id} was already confirmed`);
    return fulfil(deps, id);
  }
  throw new ConflictError(
    'replenishment-status',
    m`replenishment ${id} is ${r.status}: only a request in transit can be received`,
  );
}

/**
 * The fulfilment, run by the consumer of ReplenishmentRequested and by the store's confirmation:
 * each step is a conditional stock write (guarded by the request's marker on the stock item,
 * recorded in the ledger) followed by a conditional move of the status. A step that fails is
 * retried by the bus (or the recovery) and resumes from the status; a step that ran twice finds
 * its marker and applies nothing more. An in-transit request waits for the store.
 */
export async function fulfil(deps: ReplenishmentDeps, id: string): Promise<Replenishment> {
  let r = await deps.replenishments.get(id);
  // The request is stored before its event is published: a missing one is an anomaly worth a retry.
  if (!r) throw new Error(`replenishment ${id} not found`);
  for (;;) {
    const step = nextStep(r.status);
    if (step === 'take-from-warehouse') {
      const taken = await deps.mover.takeFromWarehouse(r.id, r.productId, r.quantity);
      if (!taken.ok && waitsWhenShort(r)) {
        // An automatic request waits for the warehouse (keeping its claim): the recovery tries again.
        const reason = shortageReason(taken.available, r.quantity);
        if (r.status === 'waiting')
          await deps.replenishments.postpone(r.id, 'waiting', deps.now().toISOString());
        else r = await advance(deps, r, 'waiting', { reason, detail: reason });
        if (r.status === 'waiting') {
          // The warehouse buys what it lacks (one open purchase order per supplier and product).
          await deps.onWaiting?.(r);
          return r;
        }
        continue;
      }
      const shortage: string | undefined = taken.ok ? undefined : shortageReason(taken.available, r.quantity);
      r =
        shortage === undefined
          ? await advance(deps, r, 'in-transit')
          : await advance(deps, r, 'rejected', { reason: shortage, detail: shortage });
      if (r.status === 'in-transit')
        await deps.mover.clearReplenishmentMarker(r.id, centralWarehouse, r.productId);
    } else if (step === 'await-store') {
      return r;
    } else if (step === 'receive-at-store') {
      await deps.mover.receiveAtStore(r.id, r.storeId, r.productId, r.quantity);
      const receipt = r.receipt;
      if (receipt && receipt.difference < 0) {
        const missing = -receipt.difference;
        const reason = receipt.reason ?? 'missing';
        if (!(await deps.mover.postDiscrepancy(r.id, r.storeId, r.productId, missing, reason))) {
          // Orders in progress hold the units right now: the recovery posts it once they are sold or released.
          log.warn('discrepancy postponed: units held by orders', { replenishmentId: r.id });
          return r;
        }
        if (deps.shrinkage) {
          const [cost, line] = await Promise.all([
            deps.shrinkage.unitCost(r.productId),
            deps.stock.stockLine(r.storeId, r.productId),
          ]);
          const valueCents = valueOf(-missing, cost);
          await deps.shrinkage.put({
            locationId: r.storeId,
            productId: r.productId,
            name: line?.name ?? r.productId,
            kind: 'discrepancy',
            reference: r.id,
            units: -missing,
            ...(valueCents !== undefined ? { valueCents } : {}),
            reason,
            at: receipt.at,
            day: dayOf(receipt.at),
          });
        }
      }
      r = await advance(deps, r, 'fulfilled');
    } else {
      await close(deps, r);
      return r;
    }
  }
}

/** Moves the status if it is still the one read; otherwise continues from the stored one. */
async function advance(
  deps: ReplenishmentDeps,
  r: Replenishment,
  to: ReplenishmentStatus,
  changes: Parameters<typeof moved>[3] = {},
): Promise<Replenishment> {
  const next = moved(r, to, deps.now().toISOString(), changes);
  if (await deps.replenishments.move(next, r.status)) {
    log.info('replenishment moved', { replenishmentId: r.id, from: r.status, to });
    return next;
  }
  const stored = await deps.replenishments.get(r.id);
  if (!stored) throw new Error(`replenishment ${r.id} disappeared`);
  return stored;
}

/**
 * A closed request: its markers removed, its claim released and its outcome published. Runs again
 * when a delivery resumes a closed request (the first one died before finishing): the event may
 * then be published twice, which its consumers tolerate (at least once, like every event).
 */
async function close(deps: ReplenishmentDeps, r: Replenishment): Promise<void> {
  if (r.status === 'fulfilled') {
    await deps.mover.clearReplenishmentMarker(r.id, r.storeId, r.productId);
    if (r.receipt && r.receipt.difference < 0)
      await deps.mover.clearMarker(r.storeId, r.productId, marker.discrepancy(r.id));
  }
  const meta = { correlationId: currentCorrelationId() ?? r.correlationId, occurredAt: r.updatedAt };
  const common = { replenishmentId: r.id, storeId: r.storeId, productId: r.productId, quantity: r.quantity };
  await deps.events.publish([
    r.status === 'fulfilled'
      ? ReplenishmentFulfilled.make(common, meta)
      : ReplenishmentRejected.make({ ...common, reason: r.reason ?? 'rejected' }, meta),
  ]);
  await deps.replenishments.releaseClaim(r.storeId, r.productId, r.id);
}

/**
 * The recovery's part for replenishments: every request still open whose last move is older than
 * `stuckAfterMs` (its event lost, its consumer dead past its retries) is driven to its end by the
 * same resumable fulfilment. Returns the requests driven.
 */
export async function recoverReplenishments(deps: ReplenishmentDeps, limit = 50): Promise<number> {
  const before = new Date(deps.now().getTime() - stuckAfterMs).toISOString();
  const stuck = await deps.replenishments.stuck(before, limit);
  for (const r of stuck) {
    log.warn('replenishment stuck past its deadline, driven by the recovery', {
      replenishmentId: r.id,
      status: r.status,
    });
    await fulfil(deps, r.id);
  }
  return stuck.length;
}
