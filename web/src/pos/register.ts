import { api, ApiError } from '../lib/api.ts';
import { h, newKey, render, type Child } from '../lib/dom.ts';
import { formatMoney, formatTime, translator } from '../lib/i18n.ts';
import { describeError } from '../lib/layout.ts';
import * as common from '../lib/messages.ts';
import { printOnly } from '../lib/print.ts';
import * as messages from './messages.ts';
import { rememberedSession, rememberSession } from './offline/session.ts';

const t = translator(common, messages);

/**
 * The till's register session (the cash drawer): open it with the counted float, see what it holds,
 * close it with the counted drawer and read the Z-report (expected vs counted, over/short, sales by
 * tender, taxes). The server decides everything (docs/api.md, "Register sessions"); this panel shows
 * it. The till id is this device's (kept in localStorage, `till-1` by default).
 */
export interface SessionReport {
  readonly salesCount: number;
  readonly sales: {
    cash: { count: number; amountCents: number };
    card: { count: number; amountCents: number };
    totalCents: number;
  };
  readonly returns: {
    count: number;
    voids: number;
    cash: { amountCents: number };
    card: { amountCents: number };
    totalCents: number;
    gstCents: number;
    qstCents: number;
  };
  readonly netCents: number;
  readonly discountCents: number;
  readonly firstReceipt?: string;
  readonly lastReceipt?: string;
  readonly subtotalCents: number;
  readonly gstCents: number;
  readonly qstCents: number;
  readonly roundingCents: number;
  readonly cashInCents: number;
  readonly cashOutCents: number;
  readonly floatCents: number;
  readonly expectedCashCents: number;
  readonly countedCents?: number;
  readonly overShortCents?: number;
}

export interface RegisterSession {
  readonly sessionId: string;
  readonly registerId: string;
  readonly status: 'open' | 'closed';
  readonly floatCents: number;
  readonly openedAt: string;
  readonly closedAt?: string;
  readonly saleIds: string[];
  /** The receipt numbers of the session's sales, in the order they were counted. */
  readonly receipts?: string[];
  readonly report: SessionReport;
}

/** "20", "20,5", "20.50", "1 234,50" → cents; undefined when not an amount. */
export function parseMoney(text: string): number | undefined {
  const s = text.replace(/[\s\u00a0\u202f$]/g, '').replace(',', '.');
  if (!/^\d+(\.\d{0,2})?$/.test(s)) return undefined;
  const [whole = '0', frac = ''] = s.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

const tillKey = 'comptoir.pos.till';
export const tillOfDevice = (): string => localStorage.getItem(tillKey) ?? 'till-1';

export interface RegisterPanel {
  readonly element: HTMLElement;
  readonly reportBox: HTMLElement;
  current(): RegisterSession | undefined;
  refresh(): Promise<void>;
}

export function mountRegister(
  storeId: string,
  onChange: (s: RegisterSession | undefined) => void,
): RegisterPanel {
  let session: RegisterSession | undefined;
  const element = h('section', { id: 'register', class: 'card', 'aria-labelledby': 'register-title' });
  const reportBox = h('div', { id: 'z-report' });
  const message = h('div', { id: 'register-message', 'aria-live': 'polite' });
  const base = () =>
    `/locations/${encodeURIComponent(storeId)}/registers/${encodeURIComponent(tillOfDevice())}`;
  const isOpen = () => session?.status === 'open';

  async function refresh(): Promise<void> {
    try {
      session = await api.get<RegisterSession>(`${base()}/session`);
      rememberSession(storeId, tillOfDevice(), session);
    } catch (error) {
      // Offline: the session as last read, so the till keeps selling into it (offline/session.ts).
      const remembered =
        error instanceof ApiError && error.status === 0
          ? rememberedSession<RegisterSession>(storeId, tillOfDevice())
          : undefined;
      if (remembered) {
        session = remembered;
        show();
        return;
      }
      if (error instanceof ApiError && error.status === 404)
        rememberSession(storeId, tillOfDevice(), undefined);
      if (!(error instanceof ApiError && error.status === 404)) {
        render(message, h('div', { class: 'alert alert-error', role: 'alert' }, describeError(error)));
        return;
      }
      session = undefined;
    }
    show();
  }

  const fail = (error: unknown) =>
    render(message, h('div', { class: 'alert alert-error', role: 'alert' }, describeError(error)));

  function openForm(): Child {
    const till = h('input', {
      id: 'till-id',
      value: tillOfDevice(),
      autocomplete: 'off',
      pattern: '[a-z0-9][a-z0-9\\-]{0,31}',
      required: true,
    });
    const float = h('input', { id: 'float', inputmode: 'decimal', autocomplete: 'off', required: true });
    const form = h(
      'form',
      { class: 'row', 'aria-label': t('pos.register.open') },
      h('div', { class: 'field' }, h('label', { for: 'till-id' }, t('pos.register.till')), till),
      h('div', { class: 'field' }, h('label', { for: 'float' }, t('pos.register.float')), float),
      h('div', { class: 'field' }, h('button', { type: 'submit', class: 'primary' }, t('pos.register.open'))),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const floatCents = parseMoney(float.value);
      if (floatCents === undefined) {
        render(message, h('div', { class: 'alert alert-error', role: 'alert' }, t('pos.register.badAmount')));
        float.focus();
        return;
      }
      localStorage.setItem(tillKey, till.value.trim() || 'till-1');
      void (async () => {
        try {
          session = await api.post<RegisterSession>(
            `${base()}/sessions`,
            { floatCents },
            { idempotencyKey: newKey() },
          );
          rememberSession(storeId, tillOfDevice(), session);
          render(reportBox);
          show();
        } catch (error) {
          fail(error);
        }
      })();
    });
    return form;
  }

  function closeForm(s: RegisterSession): Child {
    const counted = h('input', { id: 'counted', inputmode: 'decimal', autocomplete: 'off', required: true });
    const form = h(
      'form',
      { class: 'row', 'aria-label': t('pos.register.close') },
      h('div', { class: 'field' }, h('label', { for: 'counted' }, t('pos.register.counted')), counted),
      h('div', { class: 'field' }, h('button', { type: 'submit', class: 'danger' }, t('pos.register.close'))),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const countedCents = parseMoney(counted.value);
      if (countedCents === undefined) {
        render(message, h('div', { class: 'alert alert-error', role: 'alert' }, t('pos.register.badAmount')));
        counted.focus();
        return;
      }
      void (async () => {
        try {
          session = await api.post<RegisterSession>(
            `${base()}/sessions/${encodeURIComponent(s.sessionId)}/close`,
            { countedCents },
            { idempotencyKey: newKey() },
          );
          rememberSession(storeId, tillOfDevice(), session);
          show();
          renderReport(session);
        } catch (error) {
          fail(error);
        }
      })();
    });
    return form;
  }

  /** Cash in or out of the drawer with a reason (a float top-up, a bank drop, a supplier paid in cash). */
  function cashForm(s: RegisterSession): Child {
    const direction = h(
      'select',
      { id: 'cash-direction' },
      h('option', { value: 'out' }, t('pos.cash.out')),
      h('option', { value: 'in' }, t('pos.cash.in')),
    );
    const amount = h('input', {
      id: 'cash-amount',
      inputmode: 'decimal',
      autocomplete: 'off',
      required: true,
    });
    const reason = h('input', { id: 'cash-reason', autocomplete: 'off', maxlength: '100', required: true });
    /** One key per movement: kept while the same movement may be sent again (a network error). */
    let key: string | undefined;
    const form = h(
      'form',
      { class: 'row', 'aria-label': t('pos.cash.title') },
      h('div', { class: 'field' }, h('label', { for: 'cash-direction' }, t('pos.cash.direction')), direction),
      h('div', { class: 'field' }, h('label', { for: 'cash-amount' }, t('pos.cash.amount')), amount),
      h('div', { class: 'field' }, h('label', { for: 'cash-reason' }, t('pos.cash.reason')), reason),
      h('div', { class: 'field' }, h('button', { type: 'submit' }, t('pos.cash.record'))),
    );
    for (const field of [direction, amount, reason]) field.addEventListener('input', () => (key = undefined));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const amountCents = parseMoney(amount.value);
      if (amountCents === undefined || amountCents < 1) {
        render(message, h('div', { class: 'alert alert-error', role: 'alert' }, t('pos.register.badAmount')));
        amount.focus();
        return;
      }
      key ??= newKey();
      const out = direction.value === 'out';
      void (async () => {
        try {
          session = await api.post<RegisterSession>(
            `${base()}/sessions/${encodeURIComponent(s.sessionId)}/cash-movements`,
            { direction: direction.value, amountCents, reason: reason.value.trim() },
            { idempotencyKey: key },
          );
          key = undefined;
          show();
          render(
            message,
            h(
              'p',
              { class: 'alert alert-success', role: 'status' },
              t(out ? 'pos.cash.doneOut' : 'pos.cash.doneIn', { amount: formatMoney(amountCents) }),
            ),
          );
        } catch (error) {
          if (!(error instanceof ApiError && error.retryable)) key = undefined;
          fail(error);
        }
      })();
    });
    return h('details', { class: 'cash-moves' }, h('summary', {}, t('pos.cash.title')), form);
  }

  function renderReport(s: RegisterSession): void {
    const r = s.report;
    const row = (label: string, testId: string, cents: number, extra?: string) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, label),
        h('td', { class: 'num', 'data-testid': testId }, formatMoney(cents)),
        h('td', { class: 'muted small' }, extra ?? ''),
      );
    const overShort = r.overShortCents ?? 0;
    render(
      reportBox,
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'z-title', 'data-session-id': s.sessionId },
        h('h2', { id: 'z-title' }, t('pos.z.title', { till: s.registerId })),
        h(
          'table',
          { class: 'totals' },
          h(
            'tbody',
            {},
            row(
              t('pos.z.cashSales'),
              'z-cash',
              r.sales.cash.amountCents,
              t('pos.z.count', { count: r.sales.cash.count }),
            ),
            row(
              t('pos.z.cardSales'),
              'z-card',
              r.sales.card.amountCents,
              t('pos.z.count', { count: r.sales.card.count }),
            ),
            row(
              t('pos.z.totalSales'),
              'z-total',
              r.sales.totalCents,
              t('pos.z.count', { count: r.salesCount }),
            ),
            r.firstReceipt && r.lastReceipt
              ? h(
                  'tr',
                  {},
                  h('th', { scope: 'row' }, t('pos.z.receipts')),
                  h(
                    'td',
                    { colspan: '2', 'data-testid': 'z-receipts' },
                    t('pos.z.receiptRange', { first: r.firstReceipt, last: r.lastReceipt }),
                  ),
                )
              : null,
            row(
              t('pos.z.cashRefunds'),
              'z-cash-refunds',
              r.returns.cash.amountCents,
              t('pos.z.returnsCount', { count: r.returns.count, voids: r.returns.voids }),
            ),
            row(t('pos.z.cardRefunds'), 'z-card-refunds', r.returns.card.amountCents),
            row(t('pos.z.net'), 'z-net', r.netCents),
            row(t('pos.z.discounts'), 'z-discounts', r.discountCents),
            row(t('pos.z.subtotal'), 'z-subtotal', r.subtotalCents),
            row(t('pos.z.gst'), 'z-gst', r.gstCents),
            row(t('pos.z.qst'), 'z-qst', r.qstCents),
            row(t('pos.z.refundTaxes'), 'z-refund-taxes', r.returns.gstCents + r.returns.qstCents),
            row(t('pos.z.rounding'), 'z-rounding', r.roundingCents),
            row(t('pos.z.float'), 'z-float', r.floatCents),
            row(t('pos.z.cashInOut'), 'z-cash-moves', r.cashInCents - r.cashOutCents),
            row(t('pos.z.expected'), 'z-expected', r.expectedCashCents),
            r.countedCents !== undefined ? row(t('pos.z.counted'), 'z-counted', r.countedCents) : null,
            r.overShortCents !== undefined
              ? row(
                  overShort > 0 ? t('pos.z.over') : overShort < 0 ? t('pos.z.short') : t('pos.z.even'),
                  'z-over-short',
                  overShort,
                )
              : null,
          ),
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'no-print',
            onclick: (e: Event) => {
              const section = (e.currentTarget as HTMLElement).closest('section');
              if (section) printOnly(section);
            },
          },
          t('pos.z.print'),
        ),
      ),
    );
  }

  function show(): void {
    render(message);
    const s = session;
    render(
      element,
      h(
        'div',
        { class: 'register-state' },
        h(
          'h2',
          { id: 'register-title' },
          isOpen()
            ? t('pos.register.openTitle', { till: s!.registerId })
            : t('pos.register.closedTitle', { till: tillOfDevice() }),
        ),
        isOpen() && s
          ? h(
              'p',
              { class: 'small', 'data-testid': 'register-status' },
              t('pos.register.summary', {
                time: formatTime(s.openedAt),
                float: formatMoney(s.floatCents),
                count: s.report.salesCount,
                expected: formatMoney(s.report.expectedCashCents),
              }),
            )
          : h('p', { class: 'muted small' }, t('pos.register.needed')),
        isOpen() && s ? cashForm(s) : null,
      ),
      isOpen() && s ? closeForm(s) : openForm(),
      message,
    );
    onChange(isOpen() ? s : undefined);
  }

  return { element, reportBox, current: () => (isOpen() ? session : undefined), refresh };
}
