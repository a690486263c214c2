import { api, ApiError, isMissingRoute } from '../lib/api.ts';
import { h, render } from '../lib/dom.ts';
import { adoptLocaleAtLogin, translator } from '../lib/i18n.ts';
import { describeError, mountLayout, roleLabel } from '../lib/layout.ts';
import * as common from '../lib/messages.ts';
import { appOfRole, saveSession, type Session } from '../lib/session.ts';
import * as messages from './messages.ts';

const t = translator(common, messages);

/** The landing page: what Comptoir is, the apps, and the login that sends each role to its app. */
const layout = mountLayout('home', t('app.home'));

const demoUsers: readonly { username: string; what: string }[] = [
  { username: 'cashier1', what: t('landing.demo.cashier') },
  { username: 'customer', what: t('landing.demo.customer') },
  { username: 'manager', what: t('landing.demo.manager') },
  { username: 'ops', what: t('landing.demo.ops') },
];

const next = new URLSearchParams(location.search).get('next');
/** Only a path of this site: `//host` and `/\host` would leave it (browsers read `\` as `/`). */
const safeNext = next && /^\/(?![/\\])/.test(next) ? next : undefined;

const username = h('input', {
  id: 'username',
  name: 'username',
  autocomplete: 'username',
  required: true,
});
const password = h('input', {
  id: 'password',
  name: 'password',
  type: 'password',
  autocomplete: 'current-password',
  required: true,
});
const submit = h('button', { type: 'submit', class: 'primary' }, t('layout.signIn'));

const form = h(
  'form',
  { id: 'login', class: 'card', 'aria-labelledby': 'login-title' },
  h('h2', { id: 'login-title' }, t('landing.login')),
  h('div', { class: 'field' }, h('label', { for: 'username' }, t('landing.username')), username),
  h('div', { class: 'field' }, h('label', { for: 'password' }, t('landing.password')), password),
  submit,
  h(
    'details',
    { class: 'demo-users', open: true },
    h('summary', {}, t('landing.demoUsers'), h('code', {}, 'comptoir-demo'), t('landing.demoUsersEnd')),
    h(
      'ul',
      {},
      demoUsers.map((u) =>
        h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: 'link',
              onclick: () => {
                username.value = u.username;
                password.value = 'comptoir-demo';
                username.focus();
              },
            },
            u.username,
          ),
          ` — ${u.what}`,
        ),
      ),
    ),
  ),
);

form.addEventListener('submit', (e) => {
  e.preventDefault();
  void login();
});

async function login(): Promise<void> {
  submit.disabled = true;
  layout.clear();
  try {
    const session = await api.post<Session>('/auth/login', {
      username: username.value.trim(),
      password: password.value,
    });
    saveSession(session);
    adoptLocaleAtLogin(session.user);
    location.href = safeNext ?? appOfRole[session.user.role];
  } catch (error) {
    if (isMissingRoute(error)) layout.notify('info', t('landing.unavailable'));
    else if (error instanceof ApiError && error.status === 401)
      layout.notify('error', t('landing.wrongCredentials'));
    else layout.notify('error', describeError(error));
  } finally {
    submit.disabled = false;
  }
}

const appCards = [
  {
    href: '/web/pos/',
    title: t('landing.pos.title'),
    role: 'cashier' as const,
    text: t('landing.pos.text'),
  },
  {
    href: '/web/shop/',
    title: t('landing.shop.title'),
    role: 'customer' as const,
    text: t('landing.shop.text'),
  },
  {
    href: '/web/office/',
    title: t('landing.office.title'),
    role: 'manager' as const,
    text: t('landing.office.text'),
  },
  {
    href: '/web/ops/',
    title: t('landing.ops.title'),
    role: 'ops' as const,
    text: t('landing.ops.text'),
  },
];

render(
  layout.main,
  h('section', { class: 'hero' }, h('h1', {}, 'Comptoir'), h('p', { class: 'lead' }, t('landing.lead'))),
  h(
    'div',
    { class: 'landing-grid' },
    h(
      'section',
      { 'aria-labelledby': 'apps-title' },
      h('h2', { id: 'apps-title' }, t('layout.apps')),
      h(
        'ul',
        { class: 'app-cards' },
        appCards.map((a) =>
          h(
            'li',
            { class: 'card' },
            h('h3', {}, h('a', { href: a.href }, a.title)),
            h('p', {}, a.text),
            h('p', { class: 'muted small' }, t('landing.role', { role: roleLabel(a.role) })),
          ),
        ),
      ),
    ),
    form,
  ),
);

if (layout.session && !safeNext)
  layout.notify('info', [
    t('landing.signedInAs', { username: layout.session.user.username }),
    h('a', { href: appOfRole[layout.session.user.role] }, t('landing.openMyApp')),
  ]);
if (location.hash === '#login') username.focus();
