import { ConflictError, DomainError, RuleViolation } from '../shared/errors.ts';
import { roundCash, shareOf } from './money.ts';
import {
  mergeLines,
  type Order,
  type OrderLine,
  type OrderReturn,
  type RequestedLine,
  type ReturnReason,
  type Tender,
} from './order.ts';
import { bakeryServingsOf, taxesOf, taxTreatment, type TaxClass, type TaxLine } from './pricing.ts';
import { m } from '../shared/message.ts';

/**
 * Returns of a confirmed order.
 *
 * - Never more units of a line than were sold minus those already returned (`over-return`).
 * - Refund of a partial return: what the returned units sold for — their share of their line's
 *   amount after discounts (units j+1…j+k of n get round(T·(j+k)/n) − round(T·j/n) of the line's T,
 *   so a line's refunds add up to T) — plus the taxes the sale charged on them: each class bears the
 *   taxes it bore in the sale (taxTreatment with the sale's bakery servings: one muffin of a six that
 *   was zero-rated refunds no tax), computed like a receipt's (pricing.ts `taxesOf`); cash refunds
 *   are rounded to the nearest 5 ¢ like cash sales. The refund's `taxLines` say it per class.
 * - The return that brings every unit back refunds exactly what is left of the amount paid
 *   (total paid − refunds so far), and of each class's amount and taxes, so the refunds of an order
 *   always add up to what was paid and charged, whatever the rounding of the partial ones; no refund
 *   ever exceeds what is left.
 * - Refund to the original tender: a cash sale's refund is cash from the drawer, a card sale's goes
 *   back to the card; a split-tender sale's goes to the card first, up to what the card paid and was
 *   not refunded yet, and the rest in cash (`refundByTender`; the return's `tenders` say it).
 * - A return is recorded `pending` first (its units and its amount are taken, so no concurrent return
 *   can take them again), then refunded and announced, then `completed` (completeReturn): a return is
 *   resumed from `pending` after any crash, never taken twice.
 */
export interface ReturnPlan {
  readonly orderReturn: OrderReturn;
  readonly order: Order;
}

export const refundedSoFar = (order: Pick<Order, 'returns'>): number =>
  order.returns.reduce((sum, r) => sum + r.amountCents, 0);

/** What the customer paid: the whole total, whichever way (a split tender's parts add up to it). */
export const paidCents = (order: Pick<Order, 'payment' | 'tenders'>): number =>
  order.tenders ? order.tenders.reduce((sum, t) => sum + t.amountCents, 0) : order.payment.amountCents;

/** A refund's parts: what goes back in cash from the drawer and what goes back to the card. */
export interface RefundParts {
  readonly cashCents: number;
  readonly cardCents: number;
}

/** How a return's refund splits over the tenders (what it says, or all to the sale's one method). */
export function refundPartsOf(
  order: Pick<Order, 'payment'>,
  r: Pick<OrderReturn, 'amountCents' | 'tenders'>,
): RefundParts {
  if (r.tenders) {
    const part = (m: Tender['method']) => r.tenders?.find((t) => t.method === m)?.amountCents ?? 0;
    return { cashCents: part('cash'), cardCents: part('card') };
  }
  return order.payment.method === 'cash'
    ? { cashCents: r.amountCents, cardCents: 0 }
    : { cashCents: 0, cardCents: r.amountCents };
}

/**
 * A new refund of a split-tender sale: to the card first, up to what the card paid minus what earlier
 * returns gave back to it, then the rest in cash. Undefined for a sale paid one way.
 */
export function refundByTender(
  order: Pick<Order, 'payment' | 'tenders' | 'returns'>,
  amountCents: number,
): Tender[] | undefined {
  if (!order.tenders) return undefined;
  const cardPaid = order.tenders.find((t) => t.method === 'card')?.amountCents ?? 0;
  const cardBack = order.returns.reduce((sum, r) => sum + refundPartsOf(order, r).cardCents, 0);
  const card = Math.min(amountCents, Math.max(0, cardPaid - cardBack));
  return [
    { method: 'cash', amountCents: amountCents - card },
    { method: 'card', amountCents: card },
  ];
}

export function planReturn(
  order: Order,
  requested: readonly RequestedLine[],
  returnId: string,
  at: string,
  options: {
    readonly reason?: ReturnReason | undefined;
    /** The till the return is taken at and its open register session. */
    readonly till?: { readonly registerId: string; readonly sessionId: string } | undefined;
  } = {},
): ReturnPlan {
  const { reason, till } = options;
  if (order.status !== 'confirmed' && order.status !== 'partially-returned')
    throw new ConflictError(
      'order-not-returnable',
      m`Order ${order.id} is ${order.status}; only a confirmed order can be returned`,
      {
        status: order.status,
      },
    );
  const lines = mergeLines(requested);
  const byId = new Map(order.lines.map((l) => [l.productId, l]));
  const over: { productId: string; requested: number; returnable: number }[] = [];
  for (const l of lines) {
    const sold = byId.get(l.productId);
    if (!sold) throw new RuleViolation('lines', m`product ${l.productId} is not part of order ${order.id}`);
    const returnable = sold.quantity - sold.returnedQuantity;
    if (l.quantity > returnable) over.push({ productId: l.productId, requested: l.quantity, returnable });
  }
  if (over.length > 0)
    throw new DomainError(
      'over-return',
      m`Cannot return more than was sold: ${over.map((o) => m`${o.productId} (${o.requested} asked, ${o.returnable} returnable)`)}`,
      { lines: over },
    );

  const returning = new Map(lines.map((l) => [l.productId, l.quantity]));
  const nextLines: OrderLine[] = order.lines.map((l) => ({
    ...l,
    returnedQuantity: l.returnedQuantity + (returning.get(l.productId) ?? 0),
  }));
  const everything = nextLines.every((l) => l.returnedQuantity === l.quantity);
  const remaining = paidCents(order) - refundedSoFar(order);

  const servings = bakeryServingsOf(order.lines);
  const refunded = lines.map((l) => {
    const sold = byId.get(l.productId)!;
    const before = sold.returnedQuantity;
    return {
      taxClass: sold.taxClass ?? ('standard' as const),
      taxableCents:
        shareOf(sold.lineTotalCents, before + l.quantity, sold.quantity) -
        shareOf(sold.lineTotalCents, before, sold.quantity),
    };
  });
  const taxes = taxesOf(refunded, (c) => taxTreatment(c, servings));
  const exact = taxes.taxLines.reduce((sum, t) => sum + t.taxableCents, 0) + taxes.gstCents + taxes.qstCents;
  const partial = order.payment.method === 'cash' ? roundCash(exact) : exact;
  const amountCents = Math.max(0, everything ? remaining : Math.min(partial, remaining));
  const taxLines = (everything && leftToRefund(order)) || taxes.taxLines;
  const tenders = refundByTender(order, amountCents);

  const orderReturn: OrderReturn = {
    id: returnId,
    lines,
    amountCents,
    taxLines,
    at,
    status: 'pending',
    ...(reason ? { reason } : {}),
    ...(tenders ? { tenders } : {}),
    ...(till ? { registerId: till.registerId, sessionId: till.sessionId } : {}),
  };
  return {
    orderReturn,
    order: { ...order, lines: nextLines, returns: [...order.returns, orderReturn], updatedAt: at },
  };
}

/** The units of each line not returned yet: what a cancellation gives back (empty when nothing is left). */
export const unreturnedLines = (order: Pick<Order, 'lines'>): RequestedLine[] =>
  order.lines
    .filter((l) => l.quantity > l.returnedQuantity)
    .map((l) => ({ productId: l.productId, quantity: l.quantity - l.returnedQuantity }));

/**
 * What the sale charged per class minus what its returns refunded: the last return's tax lines.
 * Undefined when an earlier return does not say its taxes (made before tax classes).
 */
function leftToRefund(order: Order): TaxLine[] | undefined {
  if (order.returns.some((r) => !r.taxLines)) return undefined;
  const charged: readonly TaxLine[] = order.taxLines ?? [
    {
      taxClass: 'standard',
      taxableCents: order.subtotalCents,
      gstCents: order.gstCents,
      qstCents: order.qstCents,
    },
  ];
  const left = new Map<TaxClass, TaxLine>(charged.map((t) => [t.taxClass, { ...t }]));
  for (const t of order.returns.flatMap((r) => r.taxLines ?? [])) {
    const c = left.get(t.taxClass);
    if (c)
      left.set(t.taxClass, {
        taxClass: t.taxClass,
        taxableCents: c.taxableCents - t.taxableCents,
        gstCents: c.gstCents - t.gstCents,
        qstCents: c.qstCents - t.qstCents,
      });
  }
  return [...left.values()];
}

/**
 * A return whose refund and OrderReturned are done: it is `completed`, the payment shows what was
 * refunded and the order is `returned` once every unit came back (and no other return is pending),
 * `partially-returned` otherwise.
 */
export function completeReturn(order: Order, returnId: string, at: string): Order {
  const returns = order.returns.map((r) => (r.id === returnId ? { ...r, status: 'completed' as const } : r));
  const completed = returns.filter((r) => r.status !== 'pending');
  const refundedCents = completed.reduce((sum, r) => sum + r.amountCents, 0);
  // The payment of a split-tender sale is the card's, for its part: it shows what went back to the card.
  const toPayment = order.tenders
    ? completed.reduce((sum, r) => sum + refundPartsOf(order, r).cardCents, 0)
    : refundedCents;
  const everything =
    order.lines.every((l) => l.returnedQuantity === l.quantity) && completed.length === returns.length;
  return {
    ...order,
    returns,
    status: everything ? 'returned' : completed.length > 0 ? 'partially-returned' : order.status,
    payment: {
      ...order.payment,
      refundedCents: toPayment,
      status: toPayment >= order.payment.amountCents ? 'refunded' : 'partially-refunded',
    },
    updatedAt: at,
  };
}

/**
 * The till's return limit (docs/taxes.md, "Returns"): a cashier may refund up to `defaultReturnLimitCents`
 * (50 $) in one return without anyone's approval; a larger refund needs a manager's approval (action
 * `return`) for its amount. Configurable per install (COMPTOIR_RETURN_LIMIT_CENTS).
 */
export const defaultReturnLimitCents = 50_00;

/** The limit from the install's setting; a missing or unreadable value keeps the default. */
export function returnLimitFrom(cents: string | undefined): number {
  const n = Number(cents);
  return cents !== undefined && cents !== '' && Number.isSafeInteger(n) && n >= 0
    ? n
    : defaultReturnLimitCents;
}

/** Whether a planned return's refund needs a manager's approval. */
export const returnNeedsApproval = (
  orderReturn: Pick<OrderReturn, 'amountCents'>,
  limitCents: number,
): boolean => orderReturn.amountCents > limitCents;
