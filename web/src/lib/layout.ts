import { ApiError } from './api.ts';
import { h, render, type Child } from './dom.ts';
import { appOfRole, clearSession, currentSession, loginUrl, type Role, type Session } from './session.ts';

/** The shared page frame: brand, the apps, who is signed in, and one place for messages. */
export type AppId = 'home' | 'pos' | 'shop' | 'office' | 'ops';

const apps: readonly { id: AppId; href: string; label: string }[] = [
  { id: 'pos', href: '/web/pos/', label: 'Caisse' },
  { id: 'shop', href: '/web/shop/', label: 'Boutique' },
  { id: 'office', href: '/web/office/', label: 'Siège' },
  { id: 'ops', href: '/web/ops/', label: 'Opérations' },
];

export interface Layout {
  readonly main: HTMLElement;
  readonly session: Session | undefined;
  /** Shows a message above the page content (errors stay until dismissed or replaced). */
  notify(kind: 'error' | 'info' | 'success', message: Child): void;
  clear(): void;
}

export function mountLayout(app: AppId, title: string): Layout {
  const session = currentSession();
  document.title = `${title} — Comptoir`;
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
          'Se déconnecter',
        ),
      )
    : h('div', { class: 'user' }, h('a', { href: loginUrl() }, 'Se connecter'));

  const header = h(
    'header',
    { class: 'topbar' },
    h('a', { class: 'brand', href: '/' }, 'Comptoir'),
    h(
      'nav',
      { 'aria-label': 'Applications' },
      h(
        'ul',
        {},
        apps.map((a) =>
          h('li', {}, h('a', { href: a.href, 'aria-current': a.id === app ? 'page' : undefined }, a.label)),
        ),
      ),
    ),
    userBox,
  );
  const messages = h('div', { class: 'messages', role: 'status', 'aria-live': 'polite' });
  const main = h('main', { id: 'main', class: `app app-${app}` });
  render(document.body, h('a', { class: 'skip', href: '#main' }, 'Aller au contenu'), header, messages, main);

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
              'aria-label': 'Fermer le message',
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

export function roleLabel(role: Role): string {
  return { customer: 'client', cashier: 'caissier', manager: 'gestionnaire', ops: 'opérations' }[role];
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
          error.fieldErrors.map((f) => h('li', {}, h('code', {}, f.path), ` : ${f.message}`)),
        )
      : null,
    error.status === 401
      ? h(
          'div',
          {},
          'Votre session a expiré ou n’est pas valide. ',
          h('a', { href: loginUrl() }, 'Se reconnecter'),
        )
      : null,
    error.correlationId
      ? h('div', { class: 'muted small' }, 'Référence pour le support : ', h('code', {}, error.correlationId))
      : null,
  ];
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
          ? `Connecté en tant que ${s.user.username} (${roleLabel(s.user.role)}) : cette page est réservée au rôle ${allowed.map(roleLabel).join(' ou ')}.`
          : `Connectez-vous avec un compte ${allowed.map(roleLabel).join(' ou ')} pour utiliser cette page.`,
      ),
      h(
        'p',
        {},
        h('a', { class: 'button', href: loginUrl() }, 'Se connecter'),
        s ? [' ', h('a', { href: appOfRole[s.user.role] }, 'Aller à mon application')] : null,
      ),
    ),
  );
  return undefined;
}
