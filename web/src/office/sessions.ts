import type * as z from 'zod/mini';
import type { Session as SessionSchema } from '../../../functions/sales/schemas.ts';
import { api } from '../lib/api.ts';
import { h, render, type Child } from '../lib/dom.ts';
import { formatDateTime, formatMoney, formatNumber, formatTime, translator } from '../lib/i18n.ts';
import { describeError } from '../lib/layout.ts';
import * as common from '../lib/messages.ts';
import * as messages from './messages.ts';

const t = translator(common, messages);

/**
 * Head office's "Sessions de caisse" (issue 12): for the chosen store, each till with its current (or
 * last) register session — opened at/by, float, sales so far, expected cash, closed at/by — then the
 * store's closed sessions newest first with their Z-report figures (sales, returns, counted, expected,
 * over/short, TPS/TVQ); each closed row opens the full Z-report (`GET /locations/{storeId}/sessions`).
 */
export type RegisterSession = z.output<typeof SessionSchema>;
interface StoreSessions {
  readonly storeId: string;
  readonly tills: RegisterSession[];
  readonly closed: RegisterSession[];
}
export interface Store {
  readonly id: string;
  readonly name: string;
}

/** How many closed sessions the panel asks for (the route's default page). */
const closedLimit = 20;
/** Times of the tills are the stores' (Montréal), whatever the manager's browser zone. */
const zone = 'America/Montreal';
const at = (iso: string) => formatDateTime(iso, { timeZone: zone });
const montrealDay = new Intl.DateTimeFormat('en-CA', { timeZone: zone });
/** A close the same Montréal day as its opening is its time only ("17 h 30"), else date and time. */
const closedAt = (openedAt: string, closed: string) =>
  montrealDay.format(new Date(openedAt)) === montrealDay.format(new Date(closed))
    ? formatTime(closed, { timeZone: zone })
    : at(closed);
const none = '—';

/** Over or short in words AND colour (never by colour alone): "Manque 2,50 $", "Surplus 1,00 $", "Juste". */
export function overShortBadge(cents: number | undefined): Child {
  if (cents === undefined) return none;
  if (cents === 0) return h('span', { class: 'badge badge-ok' }, t('office.sessions.even'));
  const amount = formatMoney(Math.abs(cents));
  return cents < 0
    ? h('span', { class: 'badge badge-out' }, t('office.sessions.short', { amount }))
    : h('span', { class: 'badge badge-over' }, t('office.sessions.over', { amount }));
}

/**
 * Mounts the panel in `box`: a store picker (the chain's stores) and that store's sessions; who opened
 * and closed a session is named from `GET /users` (the id while that list cannot be read).
 */
export function mountSessions(box: HTMLElement, stores: readonly Store[]): Promise<void> {
  const names = new Map<string, string>();
  // Read with each load until it has answered once (a failed read names people by id, and is tried again).
  const users = () =>
    names.size > 0
      ? Promise.resolve()
      : api
          .get<{ items: { id: string; displayName: string; username: string }[] }>('/users', {
            query: { limit: 100 },
          })
          .then(
            (page) => page.items.forEach((u) => names.set(u.id, `${u.displayName} (${u.username})`)),
            () => undefined,
          );
  const person = (id: string | undefined) => (id ? (names.get(id) ?? id) : none);
  const storeName = (id: string) => stores.find((s) => s.id === id)?.name ?? id;

  const picker = h(
    'select',
    { id: 'sessions-store', name: 'sessions-store' },
    stores.map((s) => h('option', { value: s.id }, t('office.locationOption', { name: s.name, id: s.id }))),
  );
  const result = h('div', { id: 'sessions-result' });
  const form = h(
    'form',
    { class: 'row', 'aria-label': t('office.sessions') },
    h('div', { class: 'field' }, h('label', { for: 'sessions-store' }, t('office.sessions.store')), picker),
    h('div', { class: 'field' }, h('button', { type: 'submit' }, t('office.sessions.refresh'))),
  );
  const load = async () => {
    const storeId = picker.value;
    render(result, h('p', { class: 'muted' }, t('common.loading')));
    try {
      const [page] = await Promise.all([
        api.get<StoreSessions>(`/locations/${encodeURIComponent(storeId)}/sessions`, {
          query: { limit: closedLimit },
        }),
        users(),
      ]);
      // A store chosen meanwhile wins: only the answer for the store now in the picker is shown.
      if (picker.value === storeId) render(result, tillsTable(page), closedTable(page));
    } catch (error) {
      if (picker.value === storeId)
        render(result, h('div', { class: 'alert alert-error' }, describeError(error)));
    }
  };
  picker.addEventListener('change', () => void load());
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void load();
  });
  render(
    box,
    h('h2', { id: 'sessions-title' }, t('office.sessions')),
    h('p', { class: 'muted small' }, t('office.sessions.intro')),
    form,
    result,
  );

  /**
   * A wide table scrolls inside its card, never the page (focusable, so keyboards can scroll it); its
   * title stays above it, in view on a phone.
   */
  function scroller(id: string, title: string, head: string[], rows: Child, numeric: Set<number>) {
    return [
      h('h3', { id: `${id}-title` }, title),
      h(
        'div',
        { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': `${id}-title` },
        h(
          'table',
          { id, 'aria-labelledby': `${id}-title` },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              head.map((label, i) =>
                h('th', { scope: 'col', class: numeric.has(i) ? 'num' : undefined }, label),
              ),
            ),
          ),
          h('tbody', {}, rows),
        ),
      ),
    ];
  }

  function salesCell(s: RegisterSession): Child {
    return [
      formatNumber(s.report.salesCount),
      s.salesInProgress > 0
        ? h('div', { class: 'muted small' }, t('office.sessions.inProgress', { count: s.salesInProgress }))
        : null,
    ];
  }

  /** Who opened the session, and who closed it when someone else did. */
  function cashierCell(s: RegisterSession): HTMLElement {
    return h(
      'td',
      { class: 'wrap', 'data-testid': 'session-cashier' },
      person(s.openedBy),
      s.closedBy && s.closedBy !== s.openedBy
        ? h('div', { class: 'muted small' }, t('office.sessions.closedByOther', { name: person(s.closedBy) }))
        : null,
    );
  }

  function tillsTable(page: StoreSessions): Child {
    const store = storeName(page.storeId);
    const caption = t('office.sessions.tills', { store });
    if (page.tills.length === 0)
      return [h('h3', {}, caption), h('p', { class: 'muted' }, t('office.sessions.noTill'))];
    return scroller(
      'sessions-tills',
      caption,
      [
        t('office.sessions.till'),
        t('office.sessions.state'),
        t('office.sessions.openedAt'),
        t('office.sessions.closedAt'),
        t('office.sessions.float'),
        t('office.sessions.salesCount'),
        t('office.sessions.salesTotal'),
        t('office.sessions.expected'),
        t('office.sessions.cashier'),
      ],
      page.tills.map((s) =>
        h(
          'tr',
          { class: 'session-row', 'data-register-id': s.registerId, 'data-session-id': s.sessionId },
          h('th', { scope: 'row' }, s.registerId),
          h(
            'td',
            { 'data-testid': 'session-state' },
            s.status === 'open'
              ? h('span', { class: 'badge badge-ok' }, t('office.sessions.open'))
              : h('span', { class: 'badge badge-neutral' }, t('office.sessions.closedState')),
          ),
          h('td', { 'data-testid': 'session-opened' }, at(s.openedAt)),
          h('td', { 'data-testid': 'session-closed' }, s.closedAt ? closedAt(s.openedAt, s.closedAt) : none),
          h('td', { class: 'num', 'data-testid': 'session-float' }, formatMoney(s.floatCents)),
          h('td', { class: 'num', 'data-testid': 'session-sales' }, salesCell(s)),
          h('td', { class: 'num', 'data-testid': 'session-total' }, formatMoney(s.report.sales.totalCents)),
          h(
            'td',
            { class: 'num', 'data-testid': 'session-expected' },
            formatMoney(s.report.expectedCashCents),
          ),
          cashierCell(s),
        ),
      ),
      new Set([4, 5, 6, 7]),
    );
  }

  /**
   * The closed sessions, what a manager checks first leftmost (in view at 1024 px without scrolling):
   * till, when, sales, counted against expected and the over/short, then who, returns and taxes.
   */
  function closedTable(page: StoreSessions): Child {
    const store = storeName(page.storeId);
    const caption = t('office.sessions.closed', { store, count: closedLimit });
    if (page.closed.length === 0)
      return [h('h3', {}, caption), h('p', { class: 'muted' }, t('office.sessions.noClosed'))];
    const head = [
      t('office.sessions.till'),
      t('office.sessions.openedAt'),
      t('office.sessions.closedAt'),
      t('office.sessions.salesCount'),
      t('office.sessions.salesTotal'),
      t('office.sessions.counted'),
      t('office.sessions.expected'),
      t('office.sessions.overShort'),
      t('office.sessions.cashier'),
      t('office.sessions.returns'),
      t('office.sessions.gst'),
      t('office.sessions.qst'),
    ];
    return scroller(
      'sessions-closed',
      caption,
      head,
      page.closed.map((s) => {
        const r = s.report;
        return [
          h(
            'tr',
            { class: 'session-row', 'data-session-id': s.sessionId, 'data-register-id': s.registerId },
            h('th', { scope: 'row' }, s.registerId),
            h('td', { 'data-testid': 'session-opened' }, at(s.openedAt)),
            h(
              'td',
              { 'data-testid': 'session-closed' },
              s.closedAt ? closedAt(s.openedAt, s.closedAt) : none,
            ),
            h('td', { class: 'num', 'data-testid': 'session-sales' }, formatNumber(r.salesCount)),
            h('td', { class: 'num', 'data-testid': 'session-total' }, formatMoney(r.sales.totalCents)),
            h(
              'td',
              { class: 'num', 'data-testid': 'session-counted' },
              r.countedCents !== undefined ? formatMoney(r.countedCents) : none,
            ),
            h('td', { class: 'num', 'data-testid': 'session-expected' }, formatMoney(r.expectedCashCents)),
            h('td', { 'data-testid': 'session-over-short' }, overShortBadge(r.overShortCents)),
            cashierCell(s),
            h(
              'td',
              { class: 'num', 'data-testid': 'session-returns' },
              r.returns.count > 0
                ? t('office.sessions.returnsCell', {
                    count: r.returns.count,
                    amount: formatMoney(r.returns.totalCents),
                  })
                : none,
            ),
            h('td', { class: 'num', 'data-testid': 'session-gst' }, formatMoney(r.gstCents)),
            h('td', { class: 'num', 'data-testid': 'session-qst' }, formatMoney(r.qstCents)),
          ),
          h(
            'tr',
            { class: 'z-report-row', 'data-report-of': s.sessionId },
            h('td', { colspan: String(head.length) }, zReport(s)),
          ),
        ];
      }),
      new Set([3, 4, 5, 6, 9, 10, 11]),
    );
  }

  /** The session's full Z-report figures, folded under its row. */
  function zReport(s: RegisterSession): HTMLElement {
    const r = s.report;
    const line = (label: string, value: Child, note?: string) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, label, note ? h('div', { class: 'muted small' }, note) : null),
        h('td', { class: 'num' }, value),
      );
    const code = (label: string, value: string) =>
      h('tr', {}, h('th', { scope: 'row' }, label), h('td', {}, h('code', {}, value)));
    const money = (label: string, cents: number, note?: string) => line(label, formatMoney(cents), note);
    return h(
      'details',
      { class: 'z-report' },
      h(
        'summary',
        {},
        t('office.sessions.zReport', { till: s.registerId, closedAt: s.closedAt ? at(s.closedAt) : none }),
      ),
      h(
        'table',
        { class: 'z-figures' },
        h('caption', { class: 'skip' }, t('office.sessions.zCaption', { till: s.registerId })),
        h(
          'tbody',
          {},
          money(
            t('office.sessions.z.cashSales'),
            r.sales.cash.amountCents,
            t('office.sessions.z.sales', { count: r.sales.cash.count }),
          ),
          money(
            t('office.sessions.z.cardSales'),
            r.sales.card.amountCents,
            t('office.sessions.z.sales', { count: r.sales.card.count }),
          ),
          money(
            t('office.sessions.z.totalSales'),
            r.sales.totalCents,
            t('office.sessions.z.sales', { count: r.salesCount }),
          ),
          money(
            t('office.sessions.z.cashReturns'),
            r.returns.cash.amountCents,
            r.returns.count > 0
              ? t('office.sessions.z.returns', { count: r.returns.count, voids: r.returns.voids })
              : undefined,
          ),
          money(t('office.sessions.z.cardReturns'), r.returns.card.amountCents),
          money(t('office.sessions.z.net'), r.netCents),
          money(t('office.sessions.z.subtotal'), r.subtotalCents),
          money(t('office.sessions.z.discounts'), r.discountCents),
          money(t('office.sessions.z.gst'), r.gstCents),
          money(t('office.sessions.z.qst'), r.qstCents),
          money(t('office.sessions.z.gstRefunded'), r.returns.gstCents),
          money(t('office.sessions.z.qstRefunded'), r.returns.qstCents),
          money(t('office.sessions.z.rounding'), r.roundingCents),
          money(t('office.sessions.z.float'), r.floatCents),
          money(t('office.sessions.z.cashIn'), r.cashInCents),
          money(t('office.sessions.z.cashOut'), r.cashOutCents),
          money(t('office.sessions.z.expected'), r.expectedCashCents),
          r.countedCents !== undefined ? money(t('office.sessions.z.counted'), r.countedCents) : null,
          r.overShortCents !== undefined
            ? line(t('office.sessions.z.overShort'), overShortBadge(r.overShortCents))
            : null,
          r.firstReceipt ? code(t('office.sessions.z.first'), r.firstReceipt) : null,
          r.lastReceipt ? code(t('office.sessions.z.last'), r.lastReceipt) : null,
        ),
      ),
      s.movements.length > 0
        ? [
            h('h4', {}, t('office.sessions.z.movements')),
            h(
              'ul',
              {},
              s.movements.map((m) =>
                h(
                  'li',
                  {},
                  t('office.sessions.z.movement', {
                    at: at(m.at),
                    direction: t(
                      m.direction === 'in'
                        ? 'office.sessions.z.movement.in'
                        : 'office.sessions.z.movement.out',
                    ),
                    amount: formatMoney(m.amountCents),
                    reason: m.reason,
                    by: person(m.by),
                  }),
                ),
              ),
            ),
          ]
        : null,
    );
  }

  return load();
}
