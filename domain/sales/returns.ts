import { ConflictError, DomainError, RuleViolation } from '../shared/errors.ts';
import { roundCash, shareOf } from './money.ts';
import { mergeLines, type Order, type OrderLine, type OrderReturn, type RequestedLine } from './order.ts';
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

export function planReturn(
  order: Order,
  requested: readonly RequestedLine[],
  returnId: string,
  at: string,
  reason?: OrderReturn['reason'],
): ReturnPlan {
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
  const remaining = order.payment.amountCents - refundedSoFar(order);

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

  const orderReturn: OrderReturn = {
    id: returnId,
    lines,
    amountCents,
    taxLines,
    at,
    status: 'pending',
    ...(reason ? { reason } : {}),
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
  const everything =
    order.lines.every((l) => l.returnedQuantity === l.quantity) && completed.length === returns.length;
  return {
    ...order,
    returns,
    status: everything ? 'returned' : completed.length > 0 ? 'partially-returned' : order.status,
    payment: {
      ...order.payment,
      refundedCents,
      status: refundedCents >= order.payment.amountCents ? 'refunded' : 'partially-refunded',
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
