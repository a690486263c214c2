import { ConflictError, RuleViolation } from '#domain/shared/errors.ts';
import { m } from '../shared/message.ts';

/**
 * A replenishment moves units from the central warehouse to a store:
 *
 *   requested ──(warehouse −q)──▶ in-transit ──(the store confirms what arrived)──▶ receiving ──(store +q, − missing)──▶ fulfilled
 *       │  ▲                          the units are on the road until the store counts them
 *       │  └──(warehouse −q, once it has the units)── waiting ◀── an automatic request (raised by a
 *       │                                              reorder rule) the warehouse cannot serve yet
 *       └──(a person's request the warehouse cannot serve: nothing moves)──▶ rejected(reason)
 *
 * Each automated arrow is one conditional write of a stock item followed by one conditional write
 * of the request's status, so a step that fails or runs twice is resumed from the status: the units
 * are at the warehouse while `requested` or `waiting`, on the road while `in-transit`, at the store
 * once `fulfilled` — never in two places, never nowhere. `receiving` holds what the store counted
 * (its receipt) until the store's stock writes are done: a confirmation that dies half-way is
 * finished by its retry or by the recovery. The store takes in what was shipped
 * (`replenishment-in`), and the units that did not arrive (missing, damaged) go out again at once as
 * a `discrepancy` movement with the reason.
 * At most one request per (store, product) is open (every status but `fulfilled` and `rejected`): an
 * automatic request that waits keeps its claim, so its rule raises no second one meanwhile.
 */
export type ReplenishmentStatus =
  'requested' | 'waiting' | 'in-transit' | 'receiving' | 'fulfilled' | 'rejected';
export const replenishmentStatuses: readonly ReplenishmentStatus[] = [
  'requested',
  'waiting',
  'in-transit',
  'receiving',
  'fulfilled',
  'rejected',
];

export const centralWarehouse = 'warehouse';
/** Largest quantity one request may ask for (a pallet; larger needs head office). */
export const maxReplenishmentQuantity = 1000;

const next: Readonly<Record<ReplenishmentStatus, readonly ReplenishmentStatus[]>> = {
  requested: ['in-transit', 'waiting', 'rejected'],
  waiting: ['in-transit'],
  'in-transit': ['receiving'],
  receiving: ['fulfilled'],
  fulfilled: [],
  rejected: [],
};

export const canMove = (from: ReplenishmentStatus, to: ReplenishmentStatus): boolean =>
  next[from].includes(to);

export const isOpen = (s: ReplenishmentStatus): boolean => s !== 'fulfilled' && s !== 'rejected';

/**
 * What the fulfilment does next for a request in this status: `await-store` — nothing until the
 * store confirms what arrived (an in-transit request is not stuck).
 */
export type FulfilmentStep = 'take-from-warehouse' | 'await-store' | 'receive-at-store' | 'none';
export function nextStep(status: ReplenishmentStatus): FulfilmentStep {
  if (status === 'requested' || status === 'waiting') return 'take-from-warehouse';
  if (status === 'in-transit') return 'await-store';
  if (status === 'receiving') return 'receive-at-store';
  return 'none';
}

/** Statuses in which the system, not a person, has the next step (the recovery's queue). */
export const isPending = (s: ReplenishmentStatus): boolean =>
  s === 'requested' || s === 'waiting' || s === 'receiving';

export interface StatusChange {
  readonly status: ReplenishmentStatus;
  readonly at: string;
  /** What happened at this step, as a person reads it (a shortage, what arrived). */
  readonly detail?: string;
}

/** What the store counted when the units arrived. */
export interface Receipt {
  /** Units that arrived in a sellable state. */
  readonly received: number;
  /** received − shipped: negative when units are missing or damaged. */
  readonly difference: number;
  readonly reason?: string;
  readonly confirmedBy: string;
  readonly at: string;
}

/** Which reorder rule raised an automatic request, and what it saw. */
export interface RaisedBy {
  readonly ruleId: string;
  readonly reorderPoint: number;
  readonly orderUpTo: number;
  readonly multiple: number;
  readonly minimum: number;
  /** Projected stock when raised (available + incoming), below the point. */
  readonly projected: number;
  /** What made the rule look: a stock event (`seq <n>`), a closed request, the rule being set. */
  readonly trigger: string;
}

export interface Replenishment {
  readonly id: string;
  readonly storeId: string;
  readonly productId: string;
  readonly quantity: number;
  readonly status: ReplenishmentStatus;
  /** `manual`: a cashier or a manager asked; `rule`: a reorder rule raised it (requests from before rules: manual). */
  readonly origin?: 'manual' | 'rule';
  readonly raisedBy?: RaisedBy;
  /** Why it was rejected, or why it waits. */
  readonly reason?: string;
  /** What the store confirmed it received (from `receiving` on). */
  readonly receipt?: Receipt;
  /** Every status it went through, oldest first. */
  readonly history: readonly StatusChange[];
  readonly requestedBy: string;
  readonly correlationId: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function newReplenishment(input: {
  id: string;
  storeId: string;
  storeKind: string;
  productId: string;
  quantity: number;
  requestedBy: string;
  correlationId: string;
  now: string;
  raisedBy?: RaisedBy;
}): Replenishment {
  if (input.storeKind !== 'store')
    throw new RuleViolation('storeId', m`${input.storeId} is not a store: only stores are replenished`);
  if (!Number.isInteger(input.quantity) || input.quantity < 1 || input.quantity > maxReplenishmentQuantity)
    throw new RuleViolation(
      'quantity',
      m`quantity must be a whole number from 1 to ${maxReplenishmentQuantity}`,
    );
  return {
    id: input.id,
    storeId: input.storeId,
    productId: input.productId,
    quantity: input.quantity,
    status: 'requested',
    origin: input.raisedBy ? 'rule' : 'manual',
    ...(input.raisedBy ? { raisedBy: input.raisedBy } : {}),
    history: [{ status: 'requested', at: input.now }],
    requestedBy: input.requestedBy,
    correlationId: input.correlationId,
    createdAt: input.now,
    updatedAt: input.now,
  };
}

/** The request after a move to `to` (throws if the status does not allow it). */
export function moved(
  r: Replenishment,
  to: ReplenishmentStatus,
  at: string,
  changes: { reason?: string; detail?: string; receipt?: Receipt } = {},
): Replenishment {
  if (!canMove(r.status, to))
    throw new ConflictError(
      'replenishment-status',
      m`replenishment ${r.id} is ${r.status}, not ready for ${to}`,
    );
  return {
    ...r,
    status: to,
    ...(changes.reason !== undefined ? { reason: changes.reason } : {}),
    ...(changes.receipt !== undefined ? { receipt: changes.receipt } : {}),
    history: [
      ...r.history,
      { status: to, at, ...(changes.detail !== undefined ? { detail: changes.detail } : {}) },
    ],
    updatedAt: at,
  };
}

export const shortageReason = (available: number, requested: number): string =>
  `The warehouse has ${Math.max(available, 0)} available, ${requested} requested`;

/**
 * Automatic requests wait for the warehouse's stock (a backorder its purchases will serve); a
 * person's request is answered at once.
 */
export const waitsWhenShort = (r: Replenishment): boolean => r.origin === 'rule';

/**
 * The store's count of a transfer at arrival: at most what was shipped (more than shipped is not
 * this transfer's: count it, or adjust); fewer needs its reason (missing, damaged…).
 */
export function receiptOf(
  r: Pick<Replenishment, 'quantity'>,
  input: { received: number; reason?: string | undefined; confirmedBy: string; at: string },
): Receipt {
  if (!Number.isInteger(input.received) || input.received < 0 || input.received > r.quantity)
    throw new RuleViolation('received', m`received must be a whole number from 0 to ${r.quantity} (shipped)`);
  const difference = input.received - r.quantity;
  const reason = input.reason?.trim();
  if (difference !== 0 && !reason)
    throw new RuleViolation(
      'reason',
      m`${input.received} received of ${r.quantity} shipped: say why (missing, damaged…)`,
    );
  return {
    received: input.received,
    difference,
    ...(difference !== 0 && reason ? { reason } : {}),
    confirmedBy: input.confirmedBy,
    at: input.at,
  };
}

/** The same receipt again (a retry): same count and reason. */
export const sameReceipt = (a: Receipt, b: Pick<Receipt, 'received' | 'reason'>): boolean =>
  a.received === b.received && (a.reason ?? '') === (b.reason?.trim() ?? '');

/** Units a request brings to its store that are not there yet (0 once closed). */
export const incomingOf = (r: Pick<Replenishment, 'status' | 'quantity'>): number =>
  isOpen(r.status) ? r.quantity : 0;
