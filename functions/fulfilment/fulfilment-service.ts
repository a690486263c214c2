import {
  advance,
  collect,
  openFulfilment,
  openStatuses,
  type CancelReason,
  type Fulfilment,
  type FulfilmentAction,
  type TransitionInput,
} from '#domain/fulfilment/fulfilment.ts';
import { ConflictError, DomainError, NotFoundError } from '#domain/shared/errors.ts';
import { m } from '#domain/shared/message.ts';
import type { DomainEvent, EventPublisher } from '#functions/adapters/event-publisher.ts';
import { OrderCancelled } from '#functions/events/order-cancelled.ts';
import { OrderCollected } from '#functions/events/order-collected.ts';
import type { OrderConfirmed } from '#functions/events/order-confirmed.ts';
import { OrderDelivered } from '#functions/events/order-delivered.ts';
import { OrderPacked } from '#functions/events/order-packed.ts';
import { OrderPickingStarted } from '#functions/events/order-picking-started.ts';
import { OrderReadyForPickup } from '#functions/events/order-ready-for-pickup.ts';
import { OrderShipped } from '#functions/events/order-shipped.ts';
import { assertOwner, assertStore, centralLocation, forbidden } from '#functions/shared/access.ts';
import { currentCorrelationId, log } from '#functions/shared/correlation.ts';
import type { Caller } from '#functions/shared/http.ts';
import type { FulfilmentRepository, StoredFulfilment } from './adapters/fulfilment-repository.ts';

/**
 * Fulfilment use cases (a choreographed flow, docs/events.md "Choreography"): a fulfilment is opened
 * when sales announces a confirmed web order, staff move it along (pick, pack, ship, deliver; or
 * ready, collect by code), the customer may cancel before picking, and a schedule returns the pickup
 * orders not collected by their deadline. Each transition is one conditional write that also stores
 * its event (the item's outbox), then the event is published and the outbox cleared: a crash in
 * between leaves the outbox, which the retry of the same request or the sweep publishes. Nobody here
 * refunds or restocks: sales and inventory react to OrderCancelled on their own.
 */
export interface FulfilmentDeps {
  readonly fulfilments: FulfilmentRepository;
  readonly events: EventPublisher;
  /** ISO-8601 UTC now. */
  readonly now: () => string;
  /** A six-digit pickup code, drawn at random. */
  readonly pickupCode: () => string;
  /** Days a ready pickup order waits on the shelf. */
  readonly pickupDays: number;
}

type ConfirmedDetail = ReturnType<typeof OrderConfirmed.parse>;

/** Opens the fulfilment of a confirmed web order (consumer of OrderConfirmed); POS sales have none. */
export async function openFromOrder(deps: FulfilmentDeps, d: ConfirmedDetail): Promise<boolean> {
  if (d.channel !== 'web') return false;
  const method = d.delivery?.method ?? (d.locationId === centralLocation ? 'ship' : 'pickup');
  const a = d.delivery?.address;
  const f = openFulfilment({
    orderId: d.orderId,
    method,
    locationId: d.locationId,
    customerId: d.customerId,
    lines: d.lines,
    totalCents: d.totalCents,
    address: a
      ? {
          name: a.name,
          street: a.street,
          ...(a.street2 ? { street2: a.street2 } : {}),
          city: a.city,
          province: a.province as never,
          postalCode: a.postalCode,
          country: 'CA',
        }
      : undefined,
    optionId: d.delivery?.optionId,
    orderedAt: d.createdAt,
    at: deps.now(),
  });
  const created = await deps.fulfilments.create(f);
  if (!created) log.info('fulfilment already open', { orderId: d.orderId });
  return created;
}

/**
 * What a caller sees of a fulfilment: the customer their own (with the pickup code, which only they
 * are shown); staff of the location serving it (a cashier: their store's pickups), managers, ops —
 * without the code, which the store checks but never reads.
 */
export function fulfilmentView(f: StoredFulfilment, caller: Caller | undefined) {
  const { outbox: _outbox, version: _version, pickupCode, ...view } = f;
  const mine = caller?.role === 'customer' && caller.userId === f.customerId;
  return { ...view, ...(mine && pickupCode ? { pickupCode } : {}) };
}
export type FulfilmentView = ReturnType<typeof fulfilmentView>;

function assertCanSee(caller: Caller | undefined, f: Fulfilment): void {
  if (caller?.role === 'customer') assertOwner(caller, f.customerId ?? '', 'order');
  else assertStore(caller, f.locationId);
}

async function load(deps: FulfilmentDeps, orderId: string): Promise<StoredFulfilment> {
  const f = await deps.fulfilments.get(orderId);
  if (!f) throw new NotFoundError('Fulfilment', orderId);
  return f;
}

export async function getFulfilment(deps: FulfilmentDeps, caller: Caller | undefined, orderId: string) {
  const f = await load(deps, orderId);
  assertCanSee(caller, f);
  return fulfilmentView(f, caller);
}

/**
 * The warehouse's pick list or a store's pickup shelf: the fulfilments still to act on at a location,
 * oldest order first (a cashier: their store only, by the route's store scope).
 */
export async function listOpen(deps: FulfilmentDeps, caller: Caller | undefined, locationId: string) {
  assertStore(caller, locationId);
  const open = await deps.fulfilments.open(locationId);
  return open
    .filter((f) => openStatuses[f.method].includes(f.status))
    .sort((a, b) => (a.orderedAt < b.orderedAt ? -1 : a.orderedAt > b.orderedAt ? 1 : 0))
    .map((f) => fulfilmentView(f, caller));
}

/** The event a transition announces. */
function eventOf(f: Fulfilment, action: FulfilmentAction, by: string, at: string): DomainEvent {
  const meta = { correlationId: currentCorrelationId() ?? `fulfilment-${f.orderId}`, occurredAt: at };
  const base = {
    orderId: f.orderId,
    method: f.method,
    locationId: f.locationId,
    ...(f.customerId ? { customerId: f.customerId } : {}),
    by,
  };
  switch (action) {
    case 'start-picking':
      return OrderPickingStarted.make(base, meta);
    case 'pack':
      return OrderPacked.make(base, meta);
    case 'ship': {
      const { country: _c, phone: _p, ...address } = f.address ?? ({} as never);
      return OrderShipped.make(
        {
          ...base,
          carrier: f.carrier!,
          trackingNumber: f.trackingNumber!,
          ...(f.address ? { address } : {}),
        },
        meta,
      );
    }
    case 'deliver':
      return OrderDelivered.make(base, meta);
    case 'ready':
      return OrderReadyForPickup.make(
        { ...base, pickupCode: f.pickupCode!, pickupDeadline: f.pickupDeadline! },
        meta,
      );
    case 'collect':
      return OrderCollected.make(base, meta);
    case 'cancel':
    case 'expire':
      return OrderCancelled.make(
        {
          ...base,
          reason: f.cancelReason ?? 'customer',
          lines: f.lines.map((l) => ({ productId: l.productId, quantity: l.quantity })),
          totalCents: f.totalCents,
        },
        meta,
      );
  }
}

/** Publishes the outbox of a fulfilment and clears it (idempotent: a concurrent flush is fine). */
async function flush(deps: FulfilmentDeps, f: StoredFulfilment): Promise<StoredFulfilment> {
  if (!f.outbox || f.outbox.length === 0) return f;
  await deps.events.publish(f.outbox);
  let current = f;
  for (let attempt = 0; attempt < 5; attempt++) {
    const cleared: StoredFulfilment = { ...current, outbox: [], version: current.version + 1 };
    try {
      await deps.fulfilments.replace(cleared, current.version);
      return cleared;
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e;
      const again = await load(deps, f.orderId);
      // Someone else moved on: their write kept or cleared the outbox; they publish what is left.
      if (!again.outbox || again.outbox.length === 0 || again.outbox[0] !== f.outbox[0]) return again;
      current = again;
    }
  }
  return current;
}

/** How long the request that wrote an outbox has to publish it before a retry or the sweep does. */
export const outboxGraceMs = 10_000;

/**
 * A retry found the fulfilment already where it asked: an outbox still there is published when its
 * writer had its time to do so (it crashed), not while that writer is most likely publishing it — so
 * two concurrent identical requests announce the transition once.
 */
function settled(
  deps: FulfilmentDeps,
  f: StoredFulfilment,
  at: string,
): Promise<StoredFulfilment> | StoredFulfilment {
  const stale = Date.parse(f.updatedAt) + outboxGraceMs <= Date.parse(at);
  return stale ? flush(deps, f) : f;
}

/**
 * Applies one transition, at most once: a retry finds the fulfilment where the action leads and
 * changes nothing (but publishes the outbox a crash left, once its writer's grace is over). `check` runs on the fresh item before the
 * change (who may act).
 */
async function transition(
  deps: FulfilmentDeps,
  orderId: string,
  input: Omit<TransitionInput, 'at'> & { readonly at?: string },
  check: (f: StoredFulfilment) => void,
): Promise<StoredFulfilment> {
  for (let attempt = 0; ; attempt++) {
    const f = await load(deps, orderId);
    check(f);
    const at = input.at ?? deps.now();
    const t = advance(f, { ...input, at });
    if (!t.changed) return settled(deps, f, at);
    const next: StoredFulfilment = {
      ...t.fulfilment,
      version: f.version + 1,
      outbox: [...(f.outbox ?? []), eventOf(t.fulfilment, input.action, input.by, at)],
    };
    try {
      await deps.fulfilments.replace(next, f.version);
    } catch (e) {
      if (e instanceof ConflictError && attempt < 5) continue;
      throw e;
    }
    return flush(deps, next);
  }
}

/** Staff actions: a cashier only at their own store (so never at the warehouse); managers anywhere. */
export const staffActions = ['start-picking', 'pack', 'ship', 'deliver', 'ready', 'cancel'] as const;
export type StaffAction = (typeof staffActions)[number];

export async function advanceFulfilment(
  deps: FulfilmentDeps,
  caller: Caller | undefined,
  orderId: string,
  input: { action: StaffAction; carrier?: string | undefined; trackingNumber?: string | undefined },
) {
  if (!caller) throw forbidden('A signed-in staff member is required');
  const f = await transition(
    deps,
    orderId,
    {
      action: input.action,
      by: caller.userId,
      carrier: input.carrier,
      trackingNumber: input.trackingNumber,
      ...(input.action === 'ready' ? { pickupCode: deps.pickupCode(), pickupDays: deps.pickupDays } : {}),
      ...(input.action === 'cancel' ? { reason: 'staff' as CancelReason } : {}),
    },
    (current) => assertStore(caller, current.locationId),
  );
  return fulfilmentView(f, caller);
}

/** The customer cancels their own order before picking starts; refund and stock back follow from OrderCancelled. */
export async function cancelByCustomer(deps: FulfilmentDeps, caller: Caller | undefined, orderId: string) {
  if (caller?.role !== 'customer') return advanceFulfilment(deps, caller, orderId, { action: 'cancel' });
  const f = await transition(
    deps,
    orderId,
    { action: 'cancel', by: caller.userId, reason: 'customer' },
    (current) => assertOwner(caller, current.customerId ?? '', 'order'),
  );
  return fulfilmentView(f, caller);
}

/**
 * The store hands a pickup order over when the customer shows its code. A wrong code is counted and
 * refused (422 wrong-pickup-code); after too many, the pickup is locked for a manager to check.
 */
export async function collectPickup(
  deps: FulfilmentDeps,
  caller: Caller | undefined,
  orderId: string,
  code: string,
) {
  if (!caller) throw forbidden('A signed-in staff member is required');
  for (let attempt = 0; ; attempt++) {
    const f = await load(deps, orderId);
    assertStore(caller, f.locationId);
    const at = deps.now();
    const result = collect(f, code, at, caller.userId);
    if ('wrong' in result) {
      try {
        await deps.fulfilments.replace(
          { ...result.wrong, outbox: f.outbox ?? [], version: f.version + 1 },
          f.version,
        );
      } catch (e) {
        if (e instanceof ConflictError && attempt < 5) continue;
        throw e;
      }
      throw new DomainError('wrong-pickup-code', m`This is not the pickup code of order ${orderId}`, {
        orderId,
        attemptsLeft: Math.max(0, 5 - result.wrong.wrongCodes),
      });
    }
    if (!result.changed) return fulfilmentView(await settled(deps, f, at), caller);
    const next: StoredFulfilment = {
      ...result.fulfilment,
      version: f.version + 1,
      outbox: [...(f.outbox ?? []), eventOf(result.fulfilment, 'collect', caller.userId, at)],
    };
    try {
      await deps.fulfilments.replace(next, f.version);
    } catch (e) {
      if (e instanceof ConflictError && attempt < 5) continue;
      throw e;
    }
    return fulfilmentView(await flush(deps, next), caller);
  }
}

export interface SweepReport {
  readonly expired: number;
  readonly published: number;
  readonly errors: number;
}

/**
 * The `fulfilment-sweep` schedule: pickup orders still on the shelf after their deadline are
 * cancelled as not collected (sales refunds them, inventory puts the units back), and outboxes a crash
 * left unpublished are published. `at` is the schedule's time (injected by tests).
 */
export async function sweep(deps: FulfilmentDeps, at: string, limit = 50): Promise<SweepReport> {
  let expired = 0;
  let published = 0;
  let errors = 0;
  for (const f of await deps.fulfilments.pickupsDue(at, limit)) {
    try {
      await transition(deps, f.orderId, { action: 'expire', by: 'system', at }, () => undefined);
      expired++;
    } catch (error) {
      if (error instanceof ConflictError) continue; // collected meanwhile
      errors++;
      log.error('could not return a pickup order not collected', { orderId: f.orderId, error });
    }
  }
  const grace = new Date(Date.parse(at) - outboxGraceMs).toISOString();
  for (const f of await deps.fulfilments.outboxDue(grace, limit)) {
    try {
      await flush(deps, f);
      published++;
    } catch (error) {
      errors++;
      log.error('could not publish a fulfilment event', { orderId: f.orderId, error });
    }
  }
  return { expired, published, errors };
}
