import type * as z from 'zod/mini';
import type { ParkedBasket as ParkedSchema } from '../../../functions/sales/schemas.ts';
import { api } from '../lib/api.ts';
import { h, newKey, render } from '../lib/dom.ts';
import { formatDateTime, translator } from '../lib/i18n.ts';
import { describeError } from '../lib/layout.ts';
import * as common from '../lib/messages.ts';
import * as messages from './messages.ts';

const t = translator(common, messages);

export type ParkedBasket = z.output<typeof ParkedSchema>;
export type ParkBody = Pick<ParkedBasket, 'lines' | 'discount' | 'registerId'>;

/**
 * Parked baskets at the till (issue 12): « Mettre en attente » parks the basket on the server for the
 * store (POST …/parked-baskets, one Idempotency-Key per park kept until its answer) with a label, and
 * empties the till for the next customer; « Reprendre » takes a parked basket back
 * (DELETE …/parked-baskets/{id} answers it, once: two tills cannot both resume it).
 */
export function mountParked(options: {
  readonly storeId: string;
  /** The basket to park (undefined: empty). */
  readonly current: () => ParkBody | undefined;
  /** The basket was parked: the till starts a new sale. */
  readonly onParked: () => void;
  /** A parked basket resumed: the till puts it back in the basket. */
  readonly onResume: (basket: ParkedBasket) => Promise<void>;
}) {
  const path = `/locations/${encodeURIComponent(options.storeId)}/parked-baskets`;
  const label = h('input', { id: 'park-label', autocomplete: 'off', maxlength: '60' });
  const park = h('button', { type: 'button', id: 'park' }, t('pos.park.button'));
  const list = h('div', { id: 'parked-list' });
  const message = h('div', { id: 'park-message', 'aria-live': 'polite' });
  let parkKey: string | undefined;

  const fail = (error: unknown) =>
    render(message, h('div', { class: 'alert alert-error', role: 'alert' }, describeError(error)));

  park.addEventListener('click', () => {
    void (async () => {
      const body = options.current();
      if (!body) return;
      const text =
        label.value.trim() || t('pos.park.defaultLabel', { time: formatDateTime(new Date().toISOString()) });
      parkKey ??= newKey();
      park.disabled = true;
      try {
        await api.post<ParkedBasket>(path, { ...body, label: text }, { idempotencyKey: parkKey });
        parkKey = undefined;
        label.value = '';
        options.onParked();
        render(
          message,
          h('p', { class: 'alert alert-success', role: 'status' }, t('pos.park.done', { label: text })),
        );
        await refresh();
      } catch (error) {
        fail(error);
      } finally {
        park.disabled = false;
      }
    })();
  });

  async function refresh(): Promise<void> {
    try {
      const { items } = await api.get<{ items: ParkedBasket[] }>(path);
      render(
        list,
        items.length === 0
          ? h('p', { class: 'muted small' }, t('pos.park.none'))
          : h(
              'ul',
              { class: 'parked', 'aria-label': t('pos.park.list') },
              items.map((b) => {
                const resume = h(
                  'button',
                  {
                    type: 'button',
                    class: 'resume',
                    'aria-label': t('pos.park.resumeLabel', { label: b.label }),
                  },
                  t('pos.park.resume'),
                );
                resume.addEventListener('click', () => void take(b, resume));
                const units = b.lines.reduce((s, l) => s + l.quantity, 0);
                return h(
                  'li',
                  {},
                  h(
                    'span',
                    {},
                    t('pos.park.item', { label: b.label, count: units, time: formatDateTime(b.parkedAt) }),
                  ),
                  ' ',
                  resume,
                );
              }),
            ),
      );
    } catch (error) {
      fail(error);
    }
  }

  async function take(b: ParkedBasket, button: HTMLButtonElement): Promise<void> {
    // Never over a basket in progress: it would be lost (park it or pay it first).
    if (options.current()) {
      render(message, h('div', { class: 'alert alert-error', role: 'alert' }, t('pos.park.busy')));
      return;
    }
    button.disabled = true;
    try {
      const basket = await api.delete<ParkedBasket>(`${path}/${encodeURIComponent(b.id)}`);
      await options.onResume(basket);
      render(
        message,
        h('p', { class: 'alert alert-success', role: 'status' }, t('pos.park.resumed', { label: b.label })),
      );
    } catch (error) {
      fail(error);
    }
    await refresh();
  }

  const element = h(
    'section',
    { id: 'parked', class: 'card', 'aria-labelledby': 'parked-title' },
    h('h2', { id: 'parked-title' }, t('pos.park.title')),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'park-label' }, t('pos.park.label')),
      h('div', { class: 'row' }, label, park),
    ),
    message,
    list,
  );
  return { element, refresh };
}
