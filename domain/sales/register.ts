import { ConflictError, RuleViolation } from '../shared/errors.ts';
import { m } from '../shared/message.ts';
import type { PaymentMethod } from './money.ts';
import type { Order, OrderReturn } from './order.ts';
import { refundPartsOf } from './returns.ts';

/**
 * Register sessions — the cash drawer of one till (docs/api.md, "Register sessions"). Pure rules:
 * the storage keeps the session's counters and applies the deltas computed here with single-item
 * conditional writes (functions/sales/adapters/register-repository.ts).
 *
 * - A till (registerId, per store) has at most one open session. It opens with a counted float.
 * - A sale made at the till enters the open session *before* it runs (the session lists it as
 *   pending) and is counted in it once it is final — exactly once, by the order's id. A session
 *   closes only when none of its sales is pending and nothing was counted since the closer read it
 *   (`revision`): closing is by the session's own sequence of sales, never by a timestamp, so a sale
 *   is either in the Z-report or refused (register closed) before anything is charged.
 * - A return taken at the till enters the till's open session the same way (its entry names the return
 *   and its order, `returnEntry`) and is counted once completed, by the tender it went back to; a void
 *   is a return of the whole of the session's last sale, before the drawer closes (`assertVoidable`).
 * - Cash in / cash out with a reason move the expected cash.
 * - Expected cash = float + cash sales − cash refunds + cash in − cash out; over/short = counted −
 *   expected (positive: over, negative: short).
 */
export type SessionStatus = 'open' | 'closed';

/** The session's counters, all integers (cents or counts), added up by the storage. */
export interface SessionCounters {
  readonly salesCount: number;
  readonly cashSalesCount: number;
  readonly cashSalesCents: number;
  readonly cardSalesCount: number;
  readonly cardSalesCents: number;
  readonly subtotalCents: number;
  readonly gstCents: number;
  readonly qstCents: number;
  readonly roundingCents: number;
  readonly discountCents: number;
  readonly returnsCount: number;
  readonly voidsCount: number;
  readonly cashRefundsCents: number;
  readonly cardRefundsCents: number;
  readonly refundGstCents: number;
  readonly refundQstCents: number;
  readonly cashInCents: number;
  readonly cashOutCents: number;
}

export const counterNames = [
  'salesCount',
  'cashSalesCount',
  'cashSalesCents',
  'cardSalesCount',
  'cardSalesCents',
  'subtotalCents',
  'gstCents',
  'qstCents',
  'roundingCents',
  'discountCents',
  'returnsCount',
  'voidsCount',
  'cashRefundsCents',
  'cardRefundsCents',
  'refundGstCents',
  'refundQstCents',
  'cashInCents',
  'cashOutCents',
] as const satisfies readonly (keyof SessionCounters)[];

export const zeroCounters: SessionCounters = Object.fromEntries(counterNames.map((n) => [n, 0])) as never;

export interface CashMovement {
  readonly id: string;
  readonly direction: 'in' | 'out';
  readonly amountCents: number;
  readonly reason: string;
  readonly at: string;
  readonly by: string;
}

export interface RegisterSession {
  readonly sessionId: string;
  readonly storeId: string;
  readonly registerId: string;
  readonly status: SessionStatus;
  readonly floatCents: number;
  readonly openedAt: string;
  readonly openedBy: string;
  readonly counters: SessionCounters;
  /** Ids of the sales counted, in the order they were counted (the session's own sequence). */
  readonly saleIds: readonly string[];
  /** The receipt numbers of the sales counted (the till numbers its sales in sequence). */
  readonly receipts: readonly string[];
  /** Entries (`returnEntry`) of the returns counted, in the order they were counted. */
  readonly returnIds: readonly string[];
  /** Sales (order ids) and returns (entries) that entered the session and are not final yet. */
  readonly pendingSaleIds: readonly string[];
  readonly movements: readonly CashMovement[];
  /** Incremented by every change of the counters: a close is conditional on the revision it read. */
  readonly revision: number;
  readonly closedAt?: string;
  readonly closedBy?: string;
  readonly countedCents?: number;
  readonly expectedCashCents?: number;
  readonly overShortCents?: number;
}

/** The most a float, a counted drawer or a cash movement may be: $100,000. */
export const maxDrawerCents = 10_000_000;

function checkAmount(field: string, cents: number, min: number): void {
  if (!Number.isSafeInteger(cents) || cents < min || cents > maxDrawerCents)
    throw new RuleViolation(field, m`must be a whole number of cents from ${min} to ${maxDrawerCents}`);
}

export function openSession(input: {
  readonly sessionId: string;
  readonly storeId: string;
  readonly registerId: string;
  readonly floatCents: number;
  readonly at: string;
  readonly by: string;
}): RegisterSession {
  checkAmount('floatCents', input.floatCents, 0);
  return {
    sessionId: input.sessionId,
    storeId: input.storeId,
    registerId: input.registerId,
    status: 'open',
    floatCents: input.floatCents,
    openedAt: input.at,
    openedBy: input.by,
    counters: zeroCounters,
    saleIds: [],
    receipts: [],
    returnIds: [],
    pendingSaleIds: [],
    movements: [],
    revision: 0,
  };
}

/** A cash movement (cash in: change brought to the drawer; cash out: a drop to the safe, a payout). */
export function cashMovement(input: CashMovement): {
  movement: CashMovement;
  delta: Partial<SessionCounters>;
} {
  checkAmount('amountCents', input.amountCents, 1);
  const reason = input.reason.trim();
  if (reason.length === 0) throw new RuleViolation('reason', 'a cash movement needs a reason');
  return {
    movement: { ...input, reason },
    delta:
      input.direction === 'in' ? { cashInCents: input.amountCents } : { cashOutCents: input.amountCents },
  };
}

/** What one final sale adds to its session: a confirmed (or since returned) sale counts; a failed one nothing. */
export function saleDelta(
  order: Pick<
    Order,
    'status' | 'payment' | 'subtotalCents' | 'gstCents' | 'qstCents' | 'roundingCents' | 'totalCents'
  > & { readonly tenders?: Order['tenders']; readonly discountCents?: number },
): Partial<SessionCounters> | undefined {
  if (order.status === 'pending' || order.status === 'failed') return undefined;
  const method: PaymentMethod = order.payment.method;
  // A split tender counts its cash part with the cash (it is in the drawer) and its card part with the cards.
  const part = (m: PaymentMethod) => order.tenders?.find((t) => t.method === m)?.amountCents ?? 0;
  return {
    salesCount: 1,
    ...(order.tenders
      ? {
          cashSalesCount: 1,
          cashSalesCents: part('cash'),
          cardSalesCount: 1,
          cardSalesCents: part('card'),
        }
      : method === 'cash'
        ? { cashSalesCount: 1, cashSalesCents: order.totalCents }
        : { cardSalesCount: 1, cardSalesCents: order.totalCents }),
    subtotalCents: order.subtotalCents,
    gstCents: order.gstCents,
    qstCents: order.qstCents,
    roundingCents: order.roundingCents,
    discountCents: order.discountCents ?? 0,
  };
}

/** A return's entry in its session: the return and the order it belongs to. */
export const returnEntry = (returnId: string, orderId: string): string => `${returnId}@${orderId}`;

/** The return and order of an entry of a session (undefined: the entry is a sale's order id). */
export function parseReturnEntry(entry: string): { returnId: string; orderId: string } | undefined {
  const at = entry.indexOf('@');
  return at < 0 ? undefined : { returnId: entry.slice(0, at), orderId: entry.slice(at + 1) };
}

/** What one completed return adds to its session: its refund by tender and the taxes it gave back. */
export function returnDelta(
  order: Pick<Order, 'payment'>,
  r: Pick<OrderReturn, 'amountCents' | 'tenders' | 'taxLines' | 'reason' | 'status'>,
): Partial<SessionCounters> | undefined {
  if (r.status === 'pending') return undefined;
  const parts = refundPartsOf(order, r);
  return {
    returnsCount: 1,
    voidsCount: r.reason === 'void' ? 1 : 0,
    cashRefundsCents: parts.cashCents,
    cardRefundsCents: parts.cardCents,
    refundGstCents: (r.taxLines ?? []).reduce((sum, t) => sum + t.gstCents, 0),
    refundQstCents: (r.taxLines ?? []).reduce((sum, t) => sum + t.qstCents, 0),
  };
}

/**
 * A void takes back the till's last sale whole, before its drawer closes: the sale must be the last one
 * counted in the till's open session, with nothing returned yet; otherwise 409 `not-voidable` (take it
 * back as a return).
 */
export function assertVoidable(
  s: Pick<RegisterSession, 'status' | 'sessionId' | 'registerId' | 'saleIds'> | undefined,
  order: Pick<Order, 'id' | 'registerId' | 'sessionId' | 'returns'>,
): void {
  const last =
    s?.status === 'open' &&
    order.registerId === s.registerId &&
    order.sessionId === s.sessionId &&
    s.saleIds.at(-1) === order.id &&
    order.returns.length === 0;
  if (!last)
    throw new ConflictError(
      'not-voidable',
      m`Only the last sale of the till's open session can be voided, whole; take sale ${order.id} back as a return`,
      { orderId: order.id },
    );
}

/** The sequence number at the end of a receipt number (`store-1-till-1-42` → 42). */
const receiptNo = (r: string): number => Number(/(\d+)$/.exec(r)?.[1] ?? 0);

/** Counters plus a delta. */
export function addCounters(a: SessionCounters, delta: Partial<SessionCounters>): SessionCounters {
  return Object.fromEntries(counterNames.map((n) => [n, a[n] + (delta[n] ?? 0)])) as never;
}

/** The cash the drawer should hold now. */
export const expectedCash = (s: Pick<RegisterSession, 'floatCents' | 'counters'>): number =>
  s.floatCents +
  s.counters.cashSalesCents -
  s.counters.cashRefundsCents +
  s.counters.cashInCents -
  s.counters.cashOutCents;

/**
 * Closes an open session whose every sale is final, with the counted drawer: expected vs counted.
 * A session with a sale still in flight cannot close (the caller waits for it, or answers "retry").
 */
export function closeSession(
  s: RegisterSession,
  input: { readonly countedCents: number; readonly at: string; readonly by: string },
): RegisterSession {
  if (s.status !== 'open') throw new RuleViolation('sessionId', 'the session is already closed');
  if (s.pendingSaleIds.length > 0)
    throw new RuleViolation('sessionId', 'a sale of the session is still in progress');
  checkAmount('countedCents', input.countedCents, 0);
  const expectedCashCents = expectedCash(s);
  return {
    ...s,
    status: 'closed',
    closedAt: input.at,
    closedBy: input.by,
    countedCents: input.countedCents,
    expectedCashCents,
    overShortCents: input.countedCents - expectedCashCents,
  };
}

/** The Z-report (or, while open, the X-report) of a session: its figures by payment method. */
export function zReport(s: RegisterSession) {
  const c = s.counters;
  const receipts = [...s.receipts].sort((a, b) => receiptNo(a) - receiptNo(b));
  return {
    salesCount: c.salesCount,
    sales: {
      cash: { count: c.cashSalesCount, amountCents: c.cashSalesCents },
      card: { count: c.cardSalesCount, amountCents: c.cardSalesCents },
      totalCents: c.cashSalesCents + c.cardSalesCents,
    },
    returns: {
      count: c.returnsCount,
      voids: c.voidsCount,
      cash: { amountCents: c.cashRefundsCents },
      card: { amountCents: c.cardRefundsCents },
      totalCents: c.cashRefundsCents + c.cardRefundsCents,
      gstCents: c.refundGstCents,
      qstCents: c.refundQstCents,
    },
    /** Sales minus refunds. */
    netCents: c.cashSalesCents + c.cardSalesCents - c.cashRefundsCents - c.cardRefundsCents,
    subtotalCents: c.subtotalCents,
    gstCents: c.gstCents,
    qstCents: c.qstCents,
    roundingCents: c.roundingCents,
    discountCents: c.discountCents,
    cashInCents: c.cashInCents,
    cashOutCents: c.cashOutCents,
    floatCents: s.floatCents,
    expectedCashCents: s.expectedCashCents ?? expectedCash(s),
    ...(s.countedCents !== undefined ? { countedCents: s.countedCents } : {}),
    ...(s.overShortCents !== undefined ? { overShortCents: s.overShortCents } : {}),
    firstSaleId: s.saleIds[0],
    lastSaleId: s.saleIds.at(-1),
    ...(receipts.length > 0 ? { firstReceipt: receipts[0], lastReceipt: receipts.at(-1) } : {}),
  };
}
