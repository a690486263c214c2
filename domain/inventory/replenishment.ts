import { ConflictError, RuleViolation } from '#domain/shared/errors.ts';
import { m } from '../shared/message.ts';

/**
 * A replenishment moves units from the central warehouse to a store:
 *
 *   requested ──(warehouse −q)──▶ in-transit ──(store +q)──▶ fulfilled
 *       │  ▲
 *       │  └──(warehouse −q, once it has the units)── waiting ◀── an automatic request (raised by a
 *       │                                              reorder rule) the warehouse cannot serve yet
 *       └──(a person's request the warehouse cannot serve: nothing moves)──▶ rejected(reason)
 *
 * Each arrow is one conditional write of a stock item followed by one conditional write of the
 * request's status, so a step that fails or runs twice is resumed from the status: the units are
 * at the warehouse while `requested` or `waiting`, on the road while `in-transit`, at the store once
 * `fulfilled` — never in two places, never nowhere.
 * At most one request per (store, product) is open (`requested`, `waiting` or `in-transit`): an
 * automatic request that waits keeps its claim, so its rule raises no second one meanwhile.
 */
export type ReplenishmentStatus = 'requested' | 'waiting' | 'in-transit' | 'fulfilled' | 'rejected';
export const replenishmentStatuses: readonly ReplenishmentStatus[] = [
  'requested',
  'waiting',
  'in-transit',
  'fulfilled',
  'rejected',
];

export const centralWarehouse = 'warehouse';
/** Largest quantity one request may ask for (a pallet; larger needs head office). */
export const maxReplenishmentQuantity = 1000;

const next: Readonly<Record<ReplenishmentStatus, readonly ReplenishmentStatus[]>> = {
  requested: ['in-transit', 'waiting', 'rejected'],
  waiting: ['in-transit'],
  'in-transit': ['fulfilled'],
  fulfilled: [],
  rejected: [],
};

export const canMove = (from: ReplenishmentStatus, to: ReplenishmentStatus): boolean =>
  next[from].includes(to);

export const isOpen = (s: ReplenishmentStatus): boolean => s !== 'fulfilled' && s !== 'rejected';

/** What the fulfilment consumer does next for a request in this status. */
export type FulfilmentStep = 'take-from-warehouse' | 'receive-at-store' | 'none';
export function nextStep(status: ReplenishmentStatus): FulfilmentStep {
  if (status === 'requested' || status === 'waiting') return 'take-from-warehouse';
  if (status === 'in-transit') return 'receive-at-store';
  return 'none';
}

export interface StatusChange {
  readonly status: ReplenishmentStatus;
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
export function moved(r: Replenishment, to: ReplenishmentStatus, at: string, reason?: string): Replenishment {
  if (!canMove(r.status, to))
    throw new ConflictError(
      'replenishment-status',
      m`replenishment ${r.id} is ${r.status}, not ready for ${to}`,
    );
  return {
    ...r,
    status: to,
    ...(reason !== undefined ? { reason } : {}),
    history: [...r.history, { status: to, at }],
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

/** Units a request brings to its store that are not there yet (0 once closed). */
export const incomingOf = (r: Pick<Replenishment, 'status' | 'quantity'>): number =>
  isOpen(r.status) ? r.quantity : 0;
