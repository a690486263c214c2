import { api, ApiError } from './api.ts';
import { h, render, type Child } from './dom.ts';
import { currentLocale, localeNames, locales, rememberLocale, translator, type Locale } from './i18n.ts';
import * as common from './messages.ts';
import { appOfRole, clearSession, currentSession, loginUrl, type Role, type Session } from './session.ts';

const t = translator(common);

/** The shared page frame: brand, the apps, the language switch, who is signed in, and one place for messages. */
export type AppId = 'home' | 'pos' | 'shop' | 'office' | 'ops' | 'orders' | 'mailbox';

const apps = [
  { id: 'pos', href: '/web/pos/', key: 'app.pos' },
  { id: 'shop', href: '/web/shop/', key: 'app.shop' },
  { id: 'office', href: '/web/office/', key: 'app.office' },
  { id: 'orders', href: '/web/orders/', key: 'app.orders' },
  { id: 'ops', href: '/web/ops/', key: 'app.ops' },
] as const;

export interface Layout {
  readonly main: HTMLElement;
  readonly session: Session | undefined;
  /** Shows a message above the page content (errors stay until dismissed or replaced). */
  notify(kind: 'error' | 'info' | 'success', message: Child): void;
  clear(): void;
}

export function mountLayout(app: AppId, title: string): Layout {
  const session = currentSession();
  document.title = t('layout.title', { page: title });
  const userBox = session
    ? h(
        'div',
        { class: 'user' },
        h('span', { 'data-testid': 'whoami' }, `${session.user.username} · ${roleLabel(session.user.role)}`),
        session.user.storeId ? h('span', { class: 'muted' }, ` · ${session.user.storeId}`) : null,
        h(
          'button',
          {
            type: 'button',
            class: 'link',
            onclick: () => {
              clearSession();
              location.href = '/';
            },
          },
          t('layout.signOut'),
        ),
      )
    : h('div', { class: 'user' }, h('a', { href: loginUrl() }, t('layout.signIn')));

  const header = h(
    'header',
    { class: 'topbar' },
    h('a', { class: 'brand', href: '/' }, 'Comptoir'),
    h(
      'nav',
      { 'aria-label': t('layout.apps') },
      h(
        'ul',
        {},
        apps.map((a) =>
          h('li', {}, h('a', { href: a.href, 'aria-current': a.id === app ? 'page' : undefined }, t(a.key))),
        ),
      ),
    ),
    userBox,
    languageSwitch(),
  );
  const messages = h('div', { class: 'messages', role: 'status', 'aria-live': 'polite' });
  const main = h('main', { id: 'main', class: `app app-${app}` });
  render(document.body, h('a', { class: 'skip', href: '#main' }, t('layout.skip')), header, messages, main);

  return {
    main,
    session,
    notify(kind, message) {
      render(
        messages,
        h(
          'div',
          { class: `alert alert-${kind}`, role: kind === 'error' ? 'alert' : undefined },
          h('div', { class: 'alert-body' }, message),
          h(
            'button',
            {
              type: 'button',
              class: 'link',
              'aria-label': t('layout.closeMessage'),
              onclick: () => render(messages),
            },
            '×',
          ),
        ),
      );
    },
    clear() {
      render(messages);
    },
  };
}

/**
 * The language switch: one button naming the other language in that language ("English" /
 * "Français"). The choice is kept for the signed-in user (this device, and the server when it has
 * `PATCH /me`) or for this device, then the page is shown again in it.
 */
export function languageSwitch(onChange: (locale: Locale) => void = () => location.reload()): HTMLElement {
  const other = locales.find((l) => l !== currentLocale()) ?? 'fr-CA';
  const button = h(
    'button',
    {
      type: 'button',
      class: 'link lang-switch',
      lang: other,
      title: t('layout.switchTo', { language: localeNames[other] }),
      'data-testid': 'language-switch',
    },
    localeNames[other],
  );
  button.addEventListener('click', () => {
    button.disabled = true;
    rememberLocale(other);
    const saved = currentSession()
      ? api.patch('/me', { locale: other }).catch(() => undefined) // the device remembers it anyway
      : Promise.resolve();
    void saved.then(() => onChange(other));
  });
  return h('div', { class: 'lang', role: 'group', 'aria-label': t('layout.language') }, button);
}

export function roleLabel(role: Role): string {
  return t(`role.${role}`);
}

/** Roles in words: "caissier" or "caissier ou gestionnaire". */
export function rolesLabel(roles: readonly Role[]): string {
  return roles
    .map(roleLabel)
    .reduce((first, second) => (first === '' ? second : t('role.or', { first, second })), '');
}

/** An error as a person reads it: what went wrong, which fields, and the reference for support. */
export function describeError(error: unknown): Child {
  if (!(error instanceof ApiError)) return String((error as Error)?.message ?? error);
  return [
    h('strong', {}, error.title),
    error.detail ? h('span', {}, ` — ${error.detail}`) : null,
    error.fieldErrors.length
      ? h(
          'ul',
          { class: 'field-errors' },
          error.fieldErrors.map((f) => h('li', {}, h('code', {}, f.path), t('common.colon'), f.message)),
        )
      : null,
    error.status === 401
      ? h('div', {}, t('error.sessionExpired'), h('a', { href: loginUrl() }, t('error.signInAgain')))
      : null,
    reference(error),
  ];
}

/** The correlation id support needs to find the request in the logs. */
export function reference(error: ApiError): Child {
  return error.correlationId
    ? h('div', { class: 'muted small' }, t('error.reference'), h('code', {}, error.correlationId))
    : null;
}

/** A page that needs a role: explains and links to the login when the session does not fit. */
export function requireRole(layout: Layout, allowed: readonly Role[], what: string): Session | undefined {
  const s = layout.session;
  if (s && allowed.includes(s.user.role)) return s;
  render(
    layout.main,
    h(
      'section',
      { class: 'card narrow' },
      h('h1', {}, what),
      h(
        'p',
        {},
        s
          ? t('access.wrongRole', {
              username: s.user.username,
              role: roleLabel(s.user.role),
              allowed: rolesLabel(allowed),
            })
          : t('access.signInAs', { allowed: rolesLabel(allowed) }),
      ),
      h(
        'p',
        {},
        h('a', { class: 'button', href: loginUrl() }, t('layout.signIn')),
        s ? [' ', h('a', { href: appOfRole[s.user.role] }, t('access.myApp'))] : null,
      ),
    ),
  );
  return undefined;
}
