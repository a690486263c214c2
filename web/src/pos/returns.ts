import { api, ApiError, type Order } from '../lib/api.ts';
import { h, newKey, render } from '../lib/dom.ts';
import { formatMoney, translator } from '../lib/i18n.ts';
import { describeError } from '../lib/layout.ts';
import * as common from '../lib/messages.ts';
import { lineName } from '../lib/products.ts';
import { approvalPrompt, type GivenApproval } from './approval.ts';
import * as messages from './messages.ts';
import { tillOfDevice, type RegisterSession } from './register.ts';

const t = translator(common, messages);

/**
 * The till's return screen (issue 12): the receipt number typed or scanned (its barcode), the sale
 * found at this store (GET /locations/{storeId}/receipts/{n}), the lines and quantities to return,
 * the refund through POST /orders/{orderId}/returns with a reason, at this till (the return belongs to
 * its open register session and its Z-report; refunded to the original tender). One Idempotency-Key per return attempt, kept
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
  // The session's last sales, newest first: one click finds a sale without its receipt.
  const sessionSales = h('div', { id: 'return-session-sales' });
  function sessionChanged(s: RegisterSession | undefined): void {
    const recent = [...(s?.status === 'open' ? (s.receipts ?? []) : [])].reverse().slice(0, 8);
    if (recent.length === 0) return render(sessionSales);
    render(
      sessionSales,
      h(
        'nav',
        { 'aria-label': t('pos.return.sessionSales') },
        h('p', { class: 'small muted' }, t('pos.return.sessionSales')),
        h(
          'ul',
          { class: 'inline-list' },
          recent.map((n) =>
            h(
              'li',
              {},
              h(
                'button',
                {
                  type: 'button',
                  class: 'link',
                  onclick: () => {
                    receipt.value = n;
                    void lookUp();
                  },
                },
                n,
              ),
            ),
          ),
        ),
      ),
    );
  }
  const message = h('div', { id: 'return-message', 'aria-live': 'assertive' });
  const reason = h(
    'select',
    { id: 'return-reason' },
    (['defective', 'unwanted', 'wrong-item', 'other'] as const).map((r) =>
      h('option', { value: r }, t(`pos.return.reason.${r}`)),
    ),
  );
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
        h('div', { class: 'field' }, h('label', { for: 'return-reason' }, t('pos.return.reason')), reason),
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
        {
          lines,
          reason: reason.value,
          registerId: tillOfDevice(),
          ...(approvalToken ? { approvalToken } : {}),
        },
        { idempotencyKey: attemptKey },
      );
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
          refundText(done, 'pos.return.done'),
        ),
      );
      options.onDone();
    } catch (error) {
      button.disabled = false;
      if (error instanceof ApiError && error.code === 'approval-required') {
        // Not written: the same attempt (same key) goes again with the manager's approval.
        const amountCents = approvalAmount(error);
        render(message);
        askApproval(amountCents, button);
        return;
      }
      if (!(error instanceof ApiError && error.retryable)) attemptKey = undefined;
      fail(error);
    }
  }

  function askApproval(amountCents: number, button: HTMLButtonElement): void {
    render(
      approvalBox,
      refundApproval('return-approval', options.storeId, amountCents, async (given) => {
        approvalToken = given.token;
        render(
          approvalBox,
          h(
            'p',
            { class: 'alert alert-success', role: 'status', 'data-testid': 'return-approved' },
            t('pos.return.approved', { manager: given.by, amount: formatMoney(amountCents) }),
          ),
        );
        await submit(button);
      }),
    );
    document.getElementById('return-approval-username')?.focus();
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
    sessionSales,
    message,
    saleBox,
    approvalBox,
  );
  return { element, sessionChanged };
}

/** Where the order's last refund went: cash, the card, or (a split sale) how much to each. */
function refundedTo(order: Order): string {
  const tenders = order.returns?.at(-1)?.tenders;
  if (!tenders) return order.payment.method === 'cash' ? t('pos.cash') : t('pos.card');
  const part = (m: 'cash' | 'card') => formatMoney(tenders.find((x) => x.method === m)?.amountCents ?? 0);
  return t('pos.return.split', { cash: part('cash'), card: part('card') });
}

/** The message of a refund done: its amount and where it went (a return's, or a void's with its receipt). */
function refundText(order: Order, key: 'pos.return.done' | 'pos.void.done'): string {
  return t(key, {
    amount: formatMoney(order.returns?.at(-1)?.amountCents ?? 0),
    receipt: order.receiptNumber ?? order.id,
    method: refundedTo(order),
  });
}

/** A manager's approval of a refund above the till's limit (a return's or a void's). */
const refundApproval = (
  idPrefix: string,
  storeId: string,
  amountCents: number,
  onApproved: (given: GivenApproval) => Promise<void>,
) =>
  approvalPrompt({
    idPrefix,
    action: 'return',
    amountCents,
    storeId,
    why: t('pos.return.why', { amount: formatMoney(amountCents) }),
    onApproved,
  });

/** The amount a 403 approval-required asks an approval for. */
const approvalAmount = (error: ApiError): number =>
  typeof error.problem.amountCents === 'number' ? error.problem.amountCents : 0;

/**
 * Voids the till's last sale (issue 12): the whole sale taken back before the drawer closes, refunded
 * to its tenders, counted in the session (`reason: void`; the server refuses any sale but the session's
 * last). Asks to confirm first; above the till's return limit a manager approves it. One key per void,
 * kept until the final answer.
 */
export function voidButton(options: {
  readonly storeId: string;
  readonly order: Order;
  readonly onVoided: (order: Order) => void;
}): HTMLElement {
  const { order } = options;
  const box = h('div', { class: 'void no-print', id: 'void-sale' });
  const message = h('div', { 'aria-live': 'assertive' });
  const approvalBox = h('div', {});
  let key: string | undefined;
  let approvalToken: string | undefined;
  const lines = order.lines.map((l) => ({ productId: l.productId, quantity: l.quantity }));

  async function send(): Promise<void> {
    key ??= newKey();
    render(message, h('p', { class: 'muted' }, t('pos.void.sending')));
    try {
      const done = await api.post<Order>(
        `/orders/${encodeURIComponent(order.id)}/returns`,
        {
          lines,
          reason: 'void',
          registerId: tillOfDevice(),
          ...(approvalToken ? { approvalToken } : {}),
        },
        { idempotencyKey: key },
      );
      key = undefined;
      options.onVoided(done);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'approval-required') {
        const amountCents = approvalAmount(error);
        render(message);
        render(
          approvalBox,
          refundApproval('void-approval', options.storeId, amountCents, async (given) => {
            approvalToken = given.token;
            render(approvalBox);
            await send();
          }),
        );
        return;
      }
      if (!(error instanceof ApiError && error.retryable)) key = undefined;
      render(message, h('div', { class: 'alert alert-error', role: 'alert' }, describeError(error)));
      ask();
    }
  }

  function ask(): void {
    const yes = h('button', { type: 'button', class: 'danger', id: 'void-confirm' }, t('pos.void.yes'));
    const no = h('button', { type: 'button', id: 'void-cancel' }, t('pos.void.no'));
    yes.addEventListener('click', () => {
      yes.disabled = true;
      void send();
    });
    no.addEventListener('click', () => idle());
    render(
      box,
      h(
        'p',
        { role: 'group', 'aria-label': t('pos.void.button') },
        t('pos.void.confirm', {
          receipt: order.receiptNumber ?? order.id,
          amount: formatMoney(order.totalCents),
        }),
        ' ',
        yes,
        ' ',
        no,
      ),
      message,
      approvalBox,
    );
    yes.focus();
  }

  function idle(): void {
    const start = h('button', { type: 'button', id: 'void-start' }, t('pos.void.button'));
    start.addEventListener('click', () => ask());
    render(box, start, message);
  }
  idle();
  return box;
}

/** The message of a void done (the receipt shows it). */
export const voidDoneText = (order: Order): string => refundText(order, 'pos.void.done');
