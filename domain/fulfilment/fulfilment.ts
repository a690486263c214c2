import { ConflictError, DomainError, RuleViolation } from '../shared/errors.ts';
import { m } from '../shared/message.ts';
import type { Address } from '../sales/delivery.ts';

/**
 * Fulfilment of a confirmed web order, a state machine of its own (docs/events.md, "Choreography"):
 *
 *   ship:   confirmed → picking → packed → shipped (carrier, tracking number) → delivered
 *   pickup: confirmed → ready-for-pickup (pickup code, deadline) → collected
 *   either: confirmed → cancelled (before picking: refund and stock back, by the sales and inventory
 *           consumers of OrderCancelled); pickup: ready-for-pickup → not-collected after the deadline
 *           (the same refund and stock back)
 *
 * Each transition is idempotent: asking for the state the fulfilment is already in (with the same
 * facts) changes nothing and announces nothing again; asking for a state it cannot reach from where
 * it is is a conflict. Pure: the time, who acts and the pickup code come in.
 */
export type FulfilmentMethod = 'ship' | 'pickup';

export const fulfilmentStatuses = [
  'confirmed',
  'picking',
  'packed',
  'shipped',
  'delivered',
  'ready-for-pickup',
  'collected',
  'cancelled',
  'not-collected',
] as const;
export type FulfilmentStatus = (typeof fulfilmentStatuses)[number];

/** What staff (or the customer, or the schedule) can ask of a fulfilment. */
export const fulfilmentActions = [
  'start-picking',
  'pack',
  'ship',
  'deliver',
  'ready',
  'collect',
  'cancel',
  'expire',
] as const;
export type FulfilmentAction = (typeof fulfilmentActions)[number];

/** Statuses after which nothing changes any more. */
export const finalStatuses: readonly FulfilmentStatus[] = [
  'delivered',
  'collected',
  'cancelled',
  'not-collected',
];

/** action → [method, from, to] */
const transitions: Readonly<
  Record<FulfilmentAction, readonly [FulfilmentMethod | 'any', FulfilmentStatus, FulfilmentStatus]>
> = {
  'start-picking': ['ship', 'confirmed', 'picking'],
  pack: ['ship', 'picking', 'packed'],
  ship: ['ship', 'packed', 'shipped'],
  deliver: ['ship', 'shipped', 'delivered'],
  ready: ['pickup', 'confirmed', 'ready-for-pickup'],
  collect: ['pickup', 'ready-for-pickup', 'collected'],
  cancel: ['any', 'confirmed', 'cancelled'],
  expire: ['pickup', 'ready-for-pickup', 'not-collected'],
};

/** The status an action leads to. */
export const targetOf = (action: FulfilmentAction): FulfilmentStatus => transitions[action][2];

export interface FulfilmentLine {
  readonly productId: string;
  readonly name: string;
  readonly quantity: number;
}

/** Who took a step: a user (staff or the customer) or the system (the not-collected schedule). */
export interface FulfilmentStep {
  readonly status: FulfilmentStatus;
  readonly at: string;
  readonly by: string;
  readonly detail?: string;
}

export type CancelReason = 'customer' | 'staff' | 'not-collected';

export interface Fulfilment {
  readonly orderId: string;
  readonly method: FulfilmentMethod;
  /** Where the order is served from: the warehouse (ship) or the chosen store (pickup). */
  readonly locationId: string;
  readonly customerId?: string;
  readonly status: FulfilmentStatus;
  readonly lines: readonly FulfilmentLine[];
  readonly totalCents: number;
  readonly address?: Address;
  readonly optionId?: string;
  readonly carrier?: string;
  readonly trackingNumber?: string;
  /** Shown to the customer only; checked at the store. */
  readonly pickupCode?: string;
  /** A ready pickup order not collected by then is returned to stock and refunded. */
  readonly pickupDeadline?: string;
  /** Wrong pickup codes tried since it was ready. */
  readonly wrongCodes: number;
  readonly cancelReason?: CancelReason;
  readonly steps: readonly FulfilmentStep[];
  /** When the order was placed: the pick list's order of age. */
  readonly orderedAt: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

/** How many wrong pickup codes lock a pickup (the store then asks a manager to check the customer's identity). */
export const maxWrongCodes = 5;
/** Days a ready pickup order waits on the shelf. */
export const defaultPickupDays = 5;

export function openFulfilment(input: {
  readonly orderId: string;
  readonly method: FulfilmentMethod;
  readonly locationId: string;
  readonly customerId?: string | undefined;
  readonly lines: readonly FulfilmentLine[];
  readonly totalCents: number;
  readonly address?: Address | undefined;
  readonly optionId?: string | undefined;
  readonly orderedAt: string;
  readonly at: string;
}): Fulfilment {
  return {
    orderId: input.orderId,
    method: input.method,
    locationId: input.locationId,
    ...(input.customerId ? { customerId: input.customerId } : {}),
    status: 'confirmed',
    lines: input.lines.map((l) => ({ productId: l.productId, name: l.name, quantity: l.quantity })),
    totalCents: input.totalCents,
    ...(input.address ? { address: input.address } : {}),
    ...(input.optionId ? { optionId: input.optionId } : {}),
    wrongCodes: 0,
    steps: [{ status: 'confirmed', at: input.orderedAt, by: 'system' }],
    orderedAt: input.orderedAt,
    createdAt: input.at,
    updatedAt: input.at,
    version: 0,
  };
}

export interface TransitionInput {
  readonly action: FulfilmentAction;
  readonly at: string;
  /** The user id, or `system`. */
  readonly by: string;
  readonly carrier?: string | undefined;
  readonly trackingNumber?: string | undefined;
  /** For `ready`: the code the customer will show (drawn by the caller). */
  readonly pickupCode?: string | undefined;
  readonly pickupDays?: number | undefined;
  readonly reason?: CancelReason | undefined;
}

/** `changed: false`: the fulfilment already was where the action leads (a retry); nothing to write or announce. */
export type Transition =
  | { readonly changed: true; readonly fulfilment: Fulfilment }
  | { readonly changed: false; readonly fulfilment: Fulfilment };

const trackingRule = /^[A-Za-z0-9-]{6,40}$/;

export function advance(f: Fulfilment, input: TransitionInput): Transition {
  const [method, from, to] = transitions[input.action];
  if (method !== 'any' && method !== f.method)
    throw new ConflictError(
      'fulfilment-action-not-allowed',
      m`Order ${f.orderId} is for ${f.method === 'ship' ? 'delivery' : 'pickup'}: ${input.action} does not apply`,
      { status: f.status },
    );
  if (input.action === 'ship') {
    if (!input.carrier?.trim()) throw new RuleViolation('carrier', 'name the carrier of the parcel');
    if (!input.trackingNumber || !trackingRule.test(input.trackingNumber))
      throw new RuleViolation('trackingNumber', 'the tracking number is 6 to 40 letters, digits or dashes');
  }
  if (f.status === to) {
    const sameParcel =
      input.action !== 'ship' ||
      (f.trackingNumber === input.trackingNumber && f.carrier === input.carrier?.trim());
    if (sameParcel) return { changed: false, fulfilment: f };
    throw new ConflictError(
      'already-shipped',
      m`Order ${f.orderId} was already shipped with tracking number ${f.trackingNumber ?? ''}`,
      {
        status: f.status,
      },
    );
  }
  if (f.status !== from)
    throw new ConflictError(
      input.action === 'cancel' ? 'not-cancellable' : 'fulfilment-action-not-allowed',
      input.action === 'cancel'
        ? m`Order ${f.orderId} is ${f.status}: it can be cancelled only before picking starts`
        : m`Order ${f.orderId} is ${f.status}: ${input.action} is not possible now`,
      { status: f.status },
    );
  if (input.action === 'expire' && f.pickupDeadline && input.at < f.pickupDeadline)
    throw new ConflictError(
      'pickup-not-due',
      m`Order ${f.orderId} waits for its customer until ${f.pickupDeadline}`,
      {
        status: f.status,
      },
    );
  let next: Fulfilment = {
    ...f,
    status: to,
    steps: [...f.steps, { status: to, at: input.at, by: input.by }],
    updatedAt: input.at,
  };
  if (input.action === 'ship')
    next = { ...next, carrier: input.carrier!.trim(), trackingNumber: input.trackingNumber!.toUpperCase() };
  if (input.action === 'ready') {
    if (!input.pickupCode || !/^\d{6}$/.test(input.pickupCode))
      throw new Error('a pickup code is six digits');
    const days = input.pickupDays ?? defaultPickupDays;
    next = {
      ...next,
      pickupCode: input.pickupCode,
      wrongCodes: 0,
      pickupDeadline: new Date(Date.parse(input.at) + days * 86_400_000).toISOString(),
    };
  }
  if (input.action === 'cancel' || input.action === 'expire')
    next = {
      ...next,
      cancelReason: input.action === 'expire' ? 'not-collected' : (input.reason ?? 'customer'),
    };
  return { changed: true, fulfilment: next };
}

/**
 * A pickup: the code the customer shows must be the order's. A wrong one is counted (the caller
 * writes the count, then refuses); after `maxWrongCodes` the pickup is locked.
 */
export function collect(
  f: Fulfilment,
  code: string,
  at: string,
  by: string,
): Transition | { readonly wrong: Fulfilment } {
  if (f.status === 'collected') return { changed: false, fulfilment: f };
  if (f.method !== 'pickup' || f.status !== 'ready-for-pickup')
    return advance(f, { action: 'collect', at, by });
  if (f.wrongCodes >= maxWrongCodes)
    throw new DomainError(
      'pickup-code-locked',
      m`Too many wrong pickup codes for order ${f.orderId}: a manager must check the customer's order`,
      {
        orderId: f.orderId,
      },
    );
  if (code.trim() !== f.pickupCode) return { wrong: { ...f, wrongCodes: f.wrongCodes + 1, updatedAt: at } };
  return advance(f, { action: 'collect', at, by });
}

/** The event a transition announces (its name; the payload is built by the fulfilment service). */
export const eventOf: Readonly<Record<FulfilmentAction, string>> = {
  'start-picking': 'OrderPickingStarted',
  pack: 'OrderPacked',
  ship: 'OrderShipped',
  deliver: 'OrderDelivered',
  ready: 'OrderReadyForPickup',
  collect: 'OrderCollected',
  cancel: 'OrderCancelled',
  expire: 'OrderCancelled',
};

/** What the pick list and the pickup shelf show of a location: the fulfilments staff still act on. */
export const openStatuses: Readonly<Record<FulfilmentMethod, readonly FulfilmentStatus[]>> = {
  ship: ['confirmed', 'picking', 'packed'],
  pickup: ['confirmed', 'ready-for-pickup'],
};
