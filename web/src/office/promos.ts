import { api, isMissingRoute } from '../lib/api.ts';
import { h, newKey, render, type Child } from '../lib/dom.ts';
import { formatDay, formatMoney, formatNumber, translator } from '../lib/i18n.ts';
import { describeError, type Layout } from '../lib/layout.ts';
import * as common from '../lib/messages.ts';
import * as messages from './messages.ts';

const t = translator(common, messages);

/** A promo code as head office's routes answer it (docs/taxes.md, "Promo codes"). */
interface PromoCode {
  readonly code: string;
  readonly kind: 'percent' | 'amount';
  readonly percent?: number;
  readonly amountCents?: number;
  readonly validFrom: string;
  readonly validUntil: string;
  readonly minimumCents: number;
  readonly usageLimit?: number;
  readonly uses: number;
  readonly description: string;
  readonly active: boolean;
}

const montrealDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Montreal' });
const today = () => montrealDay.format(new Date());
const cents = (dollars: string) => Math.round(Number(dollars) * 100);

const field = (id: string, label: string, input: HTMLElement, hint?: string) =>
  h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    input,
    hint ? h('span', { class: 'muted small', id: `${id}-hint` }, hint) : null,
  );

/**
 * Head office's promo codes: a form to create one (percentage or amount, validity days in Montréal
 * time, minimum basket, usage limit) and the list with each code's uses, to deactivate or reactivate.
 */
export async function loadPromos(box: HTMLElement, layout: Layout): Promise<void> {
  const title = h('h2', { id: 'promos-title' }, t('office.promos'));
  const input = (id: string, attrs: Record<string, string | boolean> = {}) =>
    h('input', { id, name: id, ...attrs });
  const code = input('promo-new-code', {
    required: true,
    pattern: '[A-Za-z0-9][A-Za-z0-9_\\-]{2,31}',
    autocomplete: 'off',
    'aria-describedby': 'promo-new-code-hint',
  });
  const kind = h(
    'select',
    { id: 'promo-new-kind' },
    h('option', { value: 'percent' }, t('office.promo.kind.percent')),
    h('option', { value: 'amount' }, t('office.promo.kind.amount')),
  );
  const value = input('promo-new-value', { type: 'number', required: true, min: '0.01', step: '0.01' });
  const from = input('promo-new-from', { type: 'date', required: true, value: today() });
  const until = input('promo-new-until', { type: 'date', required: true, value: today() });
  const minimum = input('promo-new-minimum', { type: 'number', min: '0', step: '0.01', value: '0' });
  const limit = input('promo-new-limit', { type: 'number', min: '1', step: '1' });
  const description = input('promo-new-description', { required: true, maxlength: '100' });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('office.promo.create'));
  let key = newKey();
  const form = h(
    'form',
    { class: 'row', id: 'promo-form', 'aria-label': t('office.promo.new') },
    field('promo-new-code', t('office.promo.code'), code, t('office.promo.codeHint')),
    field('promo-new-kind', t('office.promo.kind'), kind),
    field('promo-new-value', t('office.promo.value'), value),
    field('promo-new-from', t('office.promo.from'), from),
    field('promo-new-until', t('office.promo.until'), until),
    field('promo-new-minimum', t('office.promo.minimum'), minimum),
    field('promo-new-limit', t('office.promo.limit'), limit),
    field('promo-new-description', t('office.promo.description'), description),
    h('div', { class: 'field' }, submit),
  );
  form.addEventListener('input', () => (key = newKey()));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submit.disabled = true;
    const terms =
      kind.value === 'percent'
        ? { kind: 'percent', percent: Number(value.value) }
        : { kind: 'amount', amountCents: cents(value.value) };
    api
      .post<PromoCode>(
        '/promo-codes',
        {
          code: code.value.trim(),
          ...terms,
          validFrom: from.value,
          validUntil: until.value,
          minimumCents: cents(minimum.value || '0'),
          ...(limit.value ? { usageLimit: Number(limit.value) } : {}),
          description: description.value.trim(),
        },
        { idempotencyKey: key },
      )
      .then(
        (p) => {
          layout.notify('success', t('office.promo.created', { code: p.code }));
          return loadPromos(box, layout);
        },
        (error: unknown) => layout.notify('error', describeError(error)),
      )
      .finally(() => (submit.disabled = false));
  });

  let list: Child;
  try {
    const page = await api.get<{ items: PromoCode[] }>('/promo-codes');
    list =
      page.items.length === 0
        ? h('p', { class: 'muted' }, t('office.promo.none'))
        : h(
            'div',
            { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': t('office.promos') },
            h(
              'table',
              { id: 'promos-table' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  h('th', {}, t('office.promo.code')),
                  h('th', {}, t('office.promo.discount')),
                  h('th', {}, t('office.promo.validity')),
                  h('th', { class: 'num' }, t('office.promo.minimum')),
                  h('th', { class: 'num' }, t('office.promo.uses')),
                  h('th', {}, t('common.status')),
                  h('th', {}, h('span', { class: 'skip' }, t('office.promo.actions'))),
                ),
              ),
              h(
                'tbody',
                {},
                page.items.map((p) =>
                  h(
                    'tr',
                    { 'data-code': p.code },
                    h('td', {}, h('code', {}, p.code), h('div', { class: 'muted small' }, p.description)),
                    h(
                      'td',
                      {},
                      p.kind === 'percent'
                        ? `${formatNumber(p.percent ?? 0)} %`
                        : formatMoney(p.amountCents ?? 0),
                    ),
                    h(
                      'td',
                      {},
                      t('office.promo.period', { from: formatDay(p.validFrom), to: formatDay(p.validUntil) }),
                    ),
                    h('td', { class: 'num' }, formatMoney(p.minimumCents)),
                    h(
                      'td',
                      { class: 'num', 'data-testid': 'promo-uses' },
                      p.usageLimit !== undefined
                        ? t('office.promo.usesOf', { uses: p.uses, limit: p.usageLimit })
                        : formatNumber(p.uses),
                    ),
                    h('td', {}, p.active ? t('office.promo.active') : t('office.promo.inactive')),
                    h(
                      'td',
                      {},
                      h(
                        'button',
                        {
                          type: 'button',
                          'aria-label': t(
                            p.active ? 'office.promo.deactivateCode' : 'office.promo.reactivateCode',
                            {
                              code: p.code,
                            },
                          ),
                          onclick: () =>
                            void api
                              .patch(`/promo-codes/${encodeURIComponent(p.code)}`, { active: !p.active })
                              .then(
                                () => loadPromos(box, layout),
                                (error: unknown) => layout.notify('error', describeError(error)),
                              ),
                        },
                        p.active ? t('office.promo.deactivate') : t('office.promo.reactivate'),
                      ),
                    ),
                  ),
                ),
              ),
            ),
          );
  } catch (error) {
    list = isMissingRoute(error)
      ? h('p', { class: 'muted' }, t('error.notAvailable'))
      : h('div', { class: 'alert alert-error' }, describeError(error));
  }
  render(box, title, h('p', { class: 'muted small' }, t('office.promo.intro')), form, list);
}
