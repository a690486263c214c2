import { api, ApiError, type Order } from '../lib/api.ts';
import { h, newKey, render } from '../lib/dom.ts';
import { formatMoney, translator } from '../lib/i18n.ts';
import { describeError } from '../lib/layout.ts';
import * as common from '../lib/messages.ts';
import { lineName } from '../lib/products.ts';
import * as messages from './messages.ts';

const t = translator(common, messages);

/**
 * The till's return screen (issue 12): the receipt number typed or scanned (its barcode), the sale
 * found at this store (GET /locations/{storeId}/receipts/{n}), the lines and quantities to return,
 * the refund through POST /orders/{orderId}/returns. One Idempotency-Key per return attempt, kept
 * until the final answer (a retry after a network error cannot refund twice); above the till's limit
 * the server answers 403 approval-required: the manager's credentials are asked for (POST
 * /auth/approvals, action `return`) and the same attempt is sent again with the approval's token.
 */
export function mountReturns(options: { readonly storeId: string; readonly onDone: () => void }) {
  const store = encodeURIComponent(options.storeId);
  const receipt = h('input', { id: 'return-receipt', autocomplete: 'off', inputmode: 'text' });
  const find = h('button', { type: 'button', id: 'return-find' }, t('pos.return.find'));
  const saleBox = h('div', { id: 'return-sale' });
  const approvalBox = h('div', { id: 'return-approval' });
  const message = h('div', { id: 'return-message', 'aria-live': 'assertive' });
  let order: Order | undefined;
  let attemptKey: string | undefined;
  let approvalToken: string | undefined;
  let quantities = new Map<string, HTMLInputElement>();

  const fail = (error: unknown) =>
    render(message, h('div', { class: 'alert alert-error', role: 'alert' }, describeError(error)));

  async function lookUp(): Promise<void> {
    const n = receipt.value.trim().toLowerCase();
    if (!n) return receipt.focus();
    render(message, h('p', { class: 'muted' }, t('pos.return.finding')));
    render(approvalBox);
    try {
      order = await api.get<Order>(`/locations/${store}/receipts/${encodeURIComponent(n)}`);
      attemptKey = undefined;
      approvalToken = undefined;
      render(message);
      renderSale();
    } catch (error) {
      order = undefined;
      render(saleBox);
      fail(error);
    }
  }
  find.addEventListener('click', () => void lookUp());
  receipt.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void lookUp();
    }
  });

  function renderSale(): void {
    if (!order) return render(saleBox);
    const sale = order;
    quantities = new Map();
    const refund = h(
      'button',
      { type: 'button', class: 'primary', id: 'return-submit' },
      t('pos.return.submit'),
    );
    refund.addEventListener('click', () => void submit(refund));
    const rows = sale.lines.map((l) => {
      const left = l.quantity - (l.returnedQuantity ?? 0);
      const id = `return-qty-${l.productId}`;
      const qty = h('input', {
        id,
        type: 'number',
        min: '0',
        max: String(left),
        value: '0',
        inputmode: 'numeric',
        disabled: left === 0,
      });
      qty.addEventListener('input', () => {
        attemptKey = undefined; // other lines or quantities: another return
        approvalToken = undefined;
        render(approvalBox);
      });
      quantities.set(l.productId, qty);
      return h(
        'tr',
        {},
        h('td', {}, h('label', { for: id }, lineName(l.productId, l.name))),
        h('td', { class: 'num' }, t('pos.return.sold', { sold: l.quantity, left })),
        h('td', { class: 'num' }, formatMoney(l.lineTotalCents)),
        h('td', {}, qty),
      );
    });
    render(
      saleBox,
      h(
        'section',
        { 'aria-labelledby': 'return-sale-title' },
        h(
          'h3',
          { id: 'return-sale-title' },
          t('pos.return.sale', {
            receipt: sale.receiptNumber ?? sale.id,
            amount: formatMoney(sale.totalCents),
          }),
        ),
        h(
          'table',
          { class: 'table' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, t('pos.return.product')),
              h('th', { scope: 'col', class: 'num' }, t('pos.return.soldHeader')),
              h('th', { scope: 'col', class: 'num' }, t('pos.return.amount')),
              h('th', { scope: 'col' }, t('pos.return.quantity')),
            ),
          ),
          h('tbody', {}, rows),
        ),
        refund,
      ),
    );
  }

  async function submit(button: HTMLButtonElement): Promise<void> {
    if (!order) return;
    const lines = [...quantities]
      .map(([productId, input]) => ({ productId, quantity: Math.floor(Number(input.value) || 0) }))
      .filter((l) => l.quantity > 0);
    if (lines.length === 0) {
      render(message, h('div', { class: 'alert alert-error', role: 'alert' }, t('pos.return.none')));
      return;
    }
    attemptKey ??= newKey();
    button.disabled = true;
    render(message, h('p', { class: 'muted' }, t('pos.return.sending')));
    try {
      const done = await api.post<Order>(
        `/orders/${encodeURIComponent(order.id)}/returns`,
        { lines, ...(approvalToken ? { approvalToken } : {}) },
        { idempotencyKey: attemptKey },
      );
      const refunded = done.returns?.at(-1)?.amountCents ?? 0;
      attemptKey = undefined;
      approvalToken = undefined;
      order = done;
      render(approvalBox);
      renderSale();
      render(
        message,
        h(
          'p',
          { class: 'alert alert-success', role: 'status', 'data-testid': 'return-done' },
          t('pos.return.done', {
            amount: formatMoney(refunded),
            method: done.payment.method === 'cash' ? t('pos.cash') : t('pos.card'),
          }),
        ),
      );
      options.onDone();
    } catch (error) {
      button.disabled = false;
      if (error instanceof ApiError && error.code === 'approval-required') {
        // Not written: the same attempt (same key) goes again with the manager's approval.
        const amountCents = typeof error.problem.amountCents === 'number' ? error.problem.amountCents : 0;
        render(message);
        askApproval(amountCents, button);
        return;
      }
      if (!(error instanceof ApiError && error.retryable)) attemptKey = undefined;
      fail(error);
    }
  }

  function askApproval(amountCents: number, button: HTMLButtonElement): void {
    const username = h('input', { id: 'return-approval-username', autocomplete: 'off' });
    const password = h('input', { id: 'return-approval-password', type: 'password', autocomplete: 'off' });
    const result = h('div', { 'aria-live': 'assertive' });
    const approve = h('button', { type: 'button', id: 'return-approval-submit' }, t('pos.approval.submit'));
    approve.addEventListener('click', () => {
      void (async () => {
        approve.disabled = true;
        try {
          const res = await api.post<{ approvalToken: string; approvedBy: { username: string } }>(
            '/auth/approvals',
            {
              username: username.value.trim(),
              password: password.value,
              action: 'return',
              amountCents,
              storeId: options.storeId,
            },
            { checksCredentials: true },
          );
          approvalToken = res.approvalToken;
          render(
            approvalBox,
            h(
              'p',
              { class: 'alert alert-success', role: 'status', 'data-testid': 'return-approved' },
              t('pos.return.approved', {
                manager: res.approvedBy.username,
                amount: formatMoney(amountCents),
              }),
            ),
          );
          await submit(button);
        } catch (error) {
          password.value = '';
          approve.disabled = false;
          render(result, h('div', { class: 'alert alert-error', role: 'alert' }, describeError(error)));
        }
      })();
    });
    render(
      approvalBox,
      h(
        'section',
        { class: 'approval', 'aria-labelledby': 'return-approval-title' },
        h('h3', { id: 'return-approval-title' }, t('pos.approval.title')),
        h('p', { class: 'small' }, t('pos.return.why', { amount: formatMoney(amountCents) })),
        h(
          'div',
          { class: 'discount-grid' },
          h(
            'div',
            { class: 'field' },
            h('label', { for: 'return-approval-username' }, t('pos.approval.username')),
            username,
          ),
          h(
            'div',
            { class: 'field' },
            h('label', { for: 'return-approval-password' }, t('pos.approval.password')),
            password,
          ),
        ),
        approve,
        result,
      ),
    );
    username.focus();
  }

  const element = h(
    'details',
    { id: 'returns', class: 'card' },
    h('summary', {}, h('h2', { class: 'inline' }, t('pos.return.title'))),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'return-receipt' }, t('pos.return.receipt')),
      h('div', { class: 'row' }, receipt, find),
    ),
    message,
    saleBox,
    approvalBox,
  );
  return { element };
}
