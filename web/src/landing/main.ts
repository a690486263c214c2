import { api, ApiError, isMissingRoute } from '../lib/api.ts';
import { h, render } from '../lib/dom.ts';
import { describeError, mountLayout, roleLabel } from '../lib/layout.ts';
import { appOfRole, saveSession, type Session } from '../lib/session.ts';

/** The landing page: what Comptoir is, the apps, and the login that sends each role to its app. */
const layout = mountLayout('home', 'Accueil');

const demoUsers: readonly { username: string; what: string }[] = [
  { username: 'cashier1', what: 'caissier, magasin store-1 (cashier2…cashier5 : store-2…store-5)' },
  { username: 'customer', what: 'client de la boutique en ligne' },
  { username: 'manager', what: 'gestionnaire du siège' },
  { username: 'ops', what: 'opérations' },
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
const submit = h('button', { type: 'submit', class: 'primary' }, 'Se connecter');

const form = h(
  'form',
  { id: 'login', class: 'card', 'aria-labelledby': 'login-title' },
  h('h2', { id: 'login-title' }, 'Connexion'),
  h('div', { class: 'field' }, h('label', { for: 'username' }, "Nom d'utilisateur"), username),
  h('div', { class: 'field' }, h('label', { for: 'password' }, 'Mot de passe'), password),
  submit,
  h(
    'details',
    { class: 'demo-users', open: true },
    h('summary', {}, 'Comptes de démonstration (mot de passe ', h('code', {}, 'comptoir-demo'), ')'),
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
    location.href = safeNext ?? appOfRole[session.user.role];
  } catch (error) {
    if (isMissingRoute(error))
      layout.notify('info', "La connexion n'est pas encore disponible sur ce serveur (POST /auth/login).");
    else if (error instanceof ApiError && error.status === 401)
      layout.notify('error', "Nom d'utilisateur ou mot de passe incorrect.");
    else layout.notify('error', describeError(error));
  } finally {
    submit.disabled = false;
  }
}

const appCards = [
  {
    href: '/web/pos/',
    title: 'Caisse (POS)',
    role: 'cashier' as const,
    text: 'Vendre au comptoir : recherche ou lecteur de codes-barres, panier, paiement comptant ou carte, reçu, stock du magasin et réapprovisionnement.',
  },
  {
    href: '/web/shop/',
    title: 'Boutique en ligne',
    role: 'customer' as const,
    text: "Parcourir le catalogue par catégorie, remplir un panier, payer par carte et suivre ses commandes, servies par l'entrepôt central.",
  },
  {
    href: '/web/office/',
    title: 'Siège social',
    role: 'manager' as const,
    text: 'Tableau de bord des magasins, rapport consolidé des ventes, alertes de stock et exports.',
  },
  {
    href: '/web/ops/',
    title: 'Opérations',
    role: 'ops' as const,
    text: "Santé du système, événements, files d'erreurs et métriques du runtime.",
  },
];

render(
  layout.main,
  h(
    'section',
    { class: 'hero' },
    h('h1', {}, 'Comptoir'),
    h(
      'p',
      { class: 'lead' },
      'La plateforme de vente de notre chaîne de cafés-boulangeries-épiceries : cinq magasins, un entrepôt central et un siège, sur AWS sans serveur ou sur un portable.',
    ),
  ),
  h(
    'div',
    { class: 'landing-grid' },
    h(
      'section',
      { 'aria-labelledby': 'apps-title' },
      h('h2', { id: 'apps-title' }, 'Applications'),
      h(
        'ul',
        { class: 'app-cards' },
        appCards.map((a) =>
          h(
            'li',
            { class: 'card' },
            h('h3', {}, h('a', { href: a.href }, a.title)),
            h('p', {}, a.text),
            h('p', { class: 'muted small' }, `Rôle : ${roleLabel(a.role)}`),
          ),
        ),
      ),
    ),
    form,
  ),
);

if (layout.session && !safeNext)
  layout.notify('info', [
    `Connecté en tant que ${layout.session.user.username}. `,
    h('a', { href: appOfRole[layout.session.user.role] }, 'Ouvrir mon application'),
  ]);
if (location.hash === '#login') username.focus();
