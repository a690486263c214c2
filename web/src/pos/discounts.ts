import type * as z from 'zod/mini';
import type { Discount as DiscountSchema } from '../../../functions/sales/schemas.ts';
import { h, render } from '../lib/dom.ts';
import { formatMoney, formatPercent, translator } from '../lib/i18n.ts';
import * as common from '../lib/messages.ts';
import * as messages from './messages.ts';
import { approvalPrompt } from './approval.ts';
import { parseMoney } from './register.ts';

const t = translator(common, messages);

/** A discount as the sale and the quote take it (docs/taxes.md, "Discounts"). */
export type Discount = z.output<typeof DiscountSchema>;

/** The discounts of the basket: one per line at most, and one on the whole basket. */
export interface BasketDiscounts {
  readonly lines: Readonly<Record<string, Discount>>;
  readonly basket?: Discount;
}

/** What a manager approved at the till (POST /auth/approvals): the token the sale sends, up to an amount. */
interface Approval {
  readonly token: string;
  readonly amountCents: number;
  readonly by: string;
}

/**
 * The till's discount entry: a line or the whole basket, a percentage or an amount, with a reason.
 * Above the till's limit (the quote says `approvalNeeded`, or a sale answered 403 approval-required)
 * it asks for a manager's credentials, gets an approval (`action: discount`, the discount's amount, the
 * store) and keeps its token for the sale; the token goes as soon as the discounts grow past it.
 * No server needed to hold the discounts: they are part of the basket (saved with it).
 */
export function mountDiscounts(options: {
  readonly storeId: string;
  /** The basket's lines, for the "which line" choice: product id and name. */
  readonly lines: () => readonly { id: string; name: string }[];
  readonly initial?: BasketDiscounts | undefined;
  /** The discounts changed (the quote and the attempt's key must follow). */
  readonly onChange: () => void;
}) {
  let state: BasketDiscounts = options.initial ?? { lines: {} };
  let approval: Approval | undefined;
  /** The amount the last quote or sale said needs an approval (undefined: none needed). */
  let needed: number | undefined;

  const target = h('select', { id: 'discount-target' });
  const kind = h(
    'select',
    { id: 'discount-kind' },
    h('option', { value: 'percent' }, t('pos.discount.kind.percent')),
    h('option', { value: 'amount' }, t('pos.discount.kind.amount')),
  );
  const value = h('input', { id: 'discount-value', inputmode: 'decimal', autocomplete: 'off' });
  const reason = h('input', { id: 'discount-reason', autocomplete: 'off', maxlength: '100' });
  const formMessage = h('div', { 'aria-live': 'polite' });
  const applied = h('ul', { class: 'discounts', 'aria-label': t('pos.discount.applied') });
  const apply = h('button', { type: 'button', id: 'discount-apply' }, t('pos.discount.apply'));
  const details = h(
    'details',
    { id: 'discount-entry', class: 'discount-entry' },
    h('summary', {}, t('pos.discount.title')),
    h(
      'div',
      { class: 'discount-grid' },
      h('div', { class: 'field' }, h('label', { for: 'discount-target' }, t('pos.discount.target')), target),
      h('div', { class: 'field' }, h('label', { for: 'discount-kind' }, t('pos.discount.kind')), kind),
      h('div', { class: 'field' }, h('label', { for: 'discount-value' }, t('pos.discount.value')), value),
      h('div', { class: 'field' }, h('label', { for: 'discount-reason' }, t('pos.discount.reason')), reason),
    ),
    apply,
    formMessage,
  );
  const approvalBox = h('div', { id: 'discount-approval' });
  const element = h('div', { class: 'discounts-box' }, details, applied);

  function fillTargets(): void {
    const chosen = target.value;
    render(
      target,
      h('option', { value: '' }, t('pos.discount.wholeBasket')),
      options.lines().map((l) => h('option', { value: l.id }, l.name)),
    );
    if ([...target.options].some((o) => o.value === chosen)) target.value = chosen;
  }

  const describe = (d: Discount) =>
    d.kind === 'percent' ? formatPercent(d.percent / 100) : formatMoney(d.amountCents);

  function renderApplied(): void {
    const names = new Map(options.lines().map((l) => [l.id, l.name]));
    const rows = [
      ...Object.entries(state.lines)
        .filter(([id]) => names.has(id))
        .map(([id, d]) => ({ id, label: names.get(id) ?? id, d })),
      ...(state.basket ? [{ id: '', label: t('pos.discount.wholeBasket'), d: state.basket }] : []),
    ];
    render(
      applied,
      rows.map((r) =>
        h(
          'li',
          { 'data-testid': 'discount-applied' },
          h('span', {}, t('pos.discount.line', { what: r.label, amount: describe(r.d), reason: r.d.reason })),
          h(
            'button',
            {
              type: 'button',
              class: 'link',
              'aria-label': t('pos.discount.removeLabel', { what: r.label }),
              onclick: () => remove(r.id),
            },
            t('pos.discount.remove'),
          ),
        ),
      ),
    );
  }

  function changed(): void {
    renderApplied();
    options.onChange();
  }

  function remove(id: string): void {
    if (id === '') {
      const { basket: _basket, ...rest } = state;
      state = rest;
    } else {
      const { [id]: _gone, ...lines } = state.lines;
      state = { ...state, lines };
    }
    changed();
  }

  apply.addEventListener('click', () => {
    render(formMessage);
    const why = reason.value.trim();
    let d: Discount;
    if (kind.value === 'percent') {
      const percent = Number(value.value.trim().replace(',', '.').replace('%', ''));
      if (!(percent > 0 && percent <= 100)) return invalid(value, t('pos.discount.badPercent'));
      d = { kind: 'percent', percent: Math.round(percent * 100) / 100, reason: why };
    } else {
      const cents = parseMoney(value.value);
      if (cents === undefined || cents < 1) return invalid(value, t('pos.discount.badAmount'));
      d = { kind: 'amount', amountCents: cents, reason: why };
    }
    if (!why) return invalid(reason, t('pos.discount.needReason'));
    state = target.value
      ? { ...state, lines: { ...state.lines, [target.value]: d } }
      : { ...state, basket: d };
    value.value = '';
    reason.value = '';
    details.open = false; // the basket and the pay button back in view at 1024×768
    changed();
  });

  function invalid(field: HTMLInputElement, text: string): void {
    render(formMessage, h('div', { class: 'alert alert-error', role: 'alert' }, text));
    field.focus();
  }

  /** The manager's credentials, asked at the till for an approval of `amountCents`. */
  function renderApproval(): void {
    if (needed === undefined || (approval && approval.amountCents >= needed)) {
      render(
        approvalBox,
        approval && needed !== undefined
          ? h(
              'p',
              { class: 'alert alert-success', role: 'status', 'data-testid': 'discount-approved' },
              t('pos.approval.done', { manager: approval.by, amount: formatMoney(approval.amountCents) }),
            )
          : null,
      );
      return;
    }
    const amountCents = needed;
    render(
      approvalBox,
      approvalPrompt({
        idPrefix: 'approval',
        action: 'discount',
        amountCents,
        storeId: options.storeId,
        why: t('pos.approval.why', { amount: formatMoney(amountCents) }),
        onApproved: (given) => {
          approval = { token: given.token, amountCents, by: given.by };
          renderApproval();
          options.onChange();
        },
      }),
    );
  }

  return {
    element,
    approvalBox,
    /** The discounts of the basket (saved with it). */
    current: (): BasketDiscounts => state,
    /** The sale's `lines[].discount` of a product, if any. */
    lineDiscount: (productId: string): Discount | undefined => state.lines[productId],
    /** The token of a manager's approval covering the discounts, if one is needed and given. */
    approvalToken: (): string | undefined =>
      approval && needed !== undefined && approval.amountCents >= needed ? approval.token : undefined,
    /** The quote or the sale says the discounts need an approval of `amountCents` (undefined: none). */
    needApproval(amountCents: number | undefined): void {
      needed = amountCents;
      if (approval && amountCents !== undefined && approval.amountCents < amountCents) approval = undefined;
      renderApproval();
    },
    /** The basket's lines changed: the choice of lines follows; a removed line's discount goes. */
    refresh(): void {
      const ids = new Set(options.lines().map((l) => l.id));
      if (Object.keys(state.lines).some((id) => !ids.has(id)))
        state = {
          ...state,
          lines: Object.fromEntries(Object.entries(state.lines).filter(([id]) => ids.has(id))),
        };
      fillTargets();
      renderApplied();
    },
    /** A resumed basket's discounts (an approval is asked again if they need one). */
    restore(discounts: BasketDiscounts): void {
      state = discounts;
      approval = undefined;
      needed = undefined;
      renderApproval();
      fillTargets();
      renderApplied();
    },
    /** A new sale: no discount, no approval. */
    clear(): void {
      state = { lines: {} };
      approval = undefined;
      needed = undefined;
      renderApproval();
      fillTargets();
      renderApplied();
    },
  };
}
