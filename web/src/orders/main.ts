import { api, ApiError, type Location } from '../lib/api.ts';
import { h, newKey, render, type Child } from '../lib/dom.ts';
import { formatDateTime, translator } from '../lib/i18n.ts';
import { fulfilmentStatusLabel, type Fulfilment } from '../lib/fulfilment.ts';
import { describeError, mountLayout, requireRole } from '../lib/layout.ts';
import * as common from '../lib/messages.ts';
import * as messages from './messages.ts';

const t = translator(common, messages);

/**
 * The staff's web orders (issue 16): the warehouse's pick list (orders to ship, oldest first, with
 * their lines) and each store's pickup shelf (orders to prepare from the store's stock, then to hand
 * over against the customer's six-digit code). Each button is one fulfilment step
 * (`POST /fulfilments/{orderId}/steps`, `/collect`, `/cancel`), each with its own Idempotency-Key.
 * A cashier sees their own store; a manager chooses the location.
 */
const layout = mountLayout('orders', t('orders.title'));
const session = requireRole(layout, ['cashier', 'manager'], t('orders.title'));

const picker = h('select', { id: 'orders-location', name: 'location' });
const list = h('div', { id: 'fulfilments', 'aria-live': 'polite' });
let locationId = session?.user.storeId ?? 'warehouse';

const locationLabel = (id: string) =>
  id === 'warehouse' ? t('orders.warehouse') : t('orders.store', { store: id });

async function step(f: Fulfilment, path: 'steps' | 'collect' | 'cancel', body?: unknown): Promise<void> {
  // The list is reloaded before the message shows, so the message never speaks of a list not yet
  // updated (a shipped order has left the pick list when « Expédiée » appears).
  try {
    const done = await api.post<Fulfilment>(
      `/fulfilments/${encodeURIComponent(f.orderId)}/${path}`,
      body ?? {},
      { idempotencyKey: newKey() },
    );
    await load();
    layout.notify('success', t('orders.done', { id: f.orderId, status: fulfilmentStatusLabel(done.status) }));
  } catch (error) {
    await load();
    layout.notify('error', describeError(error));
  }
}

function actions(f: Fulfilment): Child {
  const button = (label: string, onclick: () => void, primary = true) =>
    h('button', { type: 'button', class: primary ? 'primary' : '', onclick }, label);
  const id = f.orderId;
  const cancel = button(t('orders.action.cancel'), () => void step(f, 'cancel'), false);
  switch (f.status) {
    case 'confirmed':
      return f.method === 'ship'
        ? [
            button(
              t('orders.action.start-picking'),
              () => void step(f, 'steps', { action: 'start-picking' }),
            ),
            cancel,
          ]
        : [button(t('orders.action.ready'), () => void step(f, 'steps', { action: 'ready' })), cancel];
    case 'picking':
      return button(t('orders.action.pack'), () => void step(f, 'steps', { action: 'pack' }));
    case 'packed': {
      const carrier = h('input', { id: `carrier-${id}`, value: 'Postes Canada', required: true });
      const tracking = h('input', { id: `tracking-${id}`, required: true, autocomplete: 'off' });
      const form = h(
        'form',
        { class: 'inline-form' },
        h('div', { class: 'field' }, h('label', { for: `carrier-${id}` }, t('orders.carrier')), carrier),
        h(
          'div',
          { class: 'field' },
          h('label', { for: `tracking-${id}` }, t('orders.trackingNumber')),
          tracking,
        ),
        h('button', { type: 'submit', class: 'primary' }, t('orders.action.ship')),
      );
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        void step(f, 'steps', { action: 'ship', carrier: carrier.value, trackingNumber: tracking.value });
      });
      return form;
    }
    case 'shipped':
      return button(t('orders.action.deliver'), () => void step(f, 'steps', { action: 'deliver' }));
    case 'ready-for-pickup': {
      const code = h('input', {
        id: `code-${id}`,
        inputmode: 'numeric',
        pattern: '\\d{6}',
        required: true,
        autocomplete: 'off',
      });
      const form = h(
        'form',
        { class: 'inline-form' },
        h('div', { class: 'field' }, h('label', { for: `code-${id}` }, t('orders.code')), code),
        h('button', { type: 'submit', class: 'primary' }, t('orders.collect')),
      );
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        void step(f, 'collect', { code: code.value.trim() });
      });
      return form;
    }
    default:
      return null;
  }
}

function card(f: Fulfilment): HTMLElement {
  return h(
    'li',
    { class: 'card fulfilment', 'data-order-id': f.orderId, 'data-status': f.status },
    h('h2', {}, t('orders.order', { id: f.orderId })),
    h(
      'p',
      { class: 'muted small' },
      `${f.method === 'ship' ? t('orders.ship') : t('orders.pickup')} · ${t('orders.orderedAt', { date: formatDateTime(f.orderedAt) })} · `,
      h('strong', { 'data-testid': 'fulfilment-status' }, fulfilmentStatusLabel(f.status)),
    ),
    f.address ? h('p', { class: 'small' }, Object.values(f.address).join(', ')) : null,
    f.pickupDeadline && f.status === 'ready-for-pickup'
      ? h('p', { class: 'small' }, t('orders.deadline', { date: formatDateTime(f.pickupDeadline) }))
      : null,
    h(
      'ul',
      { class: 'pick-lines' },
      f.lines.map((l) =>
        h('li', {}, `${l.quantity} × ${l.name}`, h('span', { class: 'muted small' }, ` (${l.productId})`)),
      ),
    ),
    h('div', { class: 'actions' }, actions(f)),
  );
}

/** Only the latest load renders: an older answer arriving last never puts back a stale list. */
let loads = 0;

async function load(): Promise<void> {
  const mine = ++loads;
  try {
    const { items } = await api.get<{ items: Fulfilment[] }>(
      `/locations/${encodeURIComponent(locationId)}/fulfilments`,
    );
    if (mine !== loads) return;
    render(
      list,
      items.length === 0
        ? h('p', { class: 'muted' }, t('orders.none'))
        : h('ul', { class: 'fulfilments' }, items.map(card)),
    );
  } catch (error) {
    if (mine !== loads) return;
    render(list, h('div', { class: 'alert alert-error' }, describeError(error)));
  }
}

async function loadLocations(): Promise<void> {
  if (session?.user.role !== 'manager') {
    render(picker, h('option', { value: locationId }, locationLabel(locationId)));
    picker.disabled = true;
    return;
  }
  try {
    const locations = await api.get<{ items: Location[] }>('/locations');
    const served = locations.items.filter((l) => l.kind !== 'head-office');
    render(
      picker,
      served.map((l) => h('option', { value: l.id, selected: l.id === locationId }, locationLabel(l.id))),
    );
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    render(picker, h('option', { value: locationId }, locationLabel(locationId)));
  }
}

if (session) {
  picker.addEventListener('change', () => {
    locationId = picker.value;
    void load();
  });
  render(
    layout.main,
    h('h1', {}, t('orders.heading')),
    h(
      'div',
      { class: 'toolbar' },
      h('div', { class: 'field' }, h('label', { for: 'orders-location' }, t('orders.location')), picker),
      h('button', { type: 'button', onclick: () => void load() }, t('orders.refresh')),
    ),
    list,
  );
  void loadLocations().then(load);
}
