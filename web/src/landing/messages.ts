import type { Translations } from '../lib/i18n.ts';

/** The landing page: what Comptoir is, the apps, the login. */
export const fr = {
  'landing.demo.cashier': 'caissier, magasin store-1 (cashier2…cashier5 : store-2…store-5)',
  'landing.demo.customer': 'client de la boutique en ligne',
  'landing.demo.manager': 'gestionnaire du siège',
  'landing.demo.ops': 'opérations',
  'landing.login': 'Connexion',
  'landing.username': "Nom d'utilisateur",
  'landing.password': 'Mot de passe',
  'landing.demoUsers': 'Comptes de démonstration (mot de passe ',
  'landing.demoUsersEnd': ')',
  'landing.unavailable': "La connexion n'est pas encore disponible sur ce serveur (POST /auth/login).",
  'landing.wrongCredentials': "Nom d'utilisateur ou mot de passe incorrect.",
  'landing.pos.title': 'Caisse (POS)',
  'landing.pos.text':
    'Vendre au comptoir : recherche ou lecteur de codes-barres, panier, paiement comptant ou carte, reçu, stock du magasin et réapprovisionnement.',
  'landing.shop.title': 'Boutique en ligne',
  'landing.shop.text':
    "Parcourir le catalogue par catégorie, remplir un panier, payer par carte et suivre ses commandes, servies par l'entrepôt central.",
  'landing.office.title': 'Siège social',
  'landing.office.text':
    'Tableau de bord des magasins, rapport consolidé des ventes, alertes de stock et exports.',
  'landing.ops.title': 'Opérations',
  'landing.ops.text': "Santé du système, événements, files d'erreurs et métriques du runtime.",
  'landing.role': 'Rôle : {role}',
  'landing.lead':
    'La plateforme de vente de notre chaîne de cafés-boulangeries-épiceries : cinq magasins, un entrepôt central et un siège, sur AWS sans serveur ou sur un portable.',
  'landing.signedInAs': 'Connecté en tant que {username}. ',
  'landing.openMyApp': 'Ouvrir mon application',
} as const;

export const en: Translations<typeof fr> = {
  'landing.demo.cashier': 'cashier, store store-1 (cashier2…cashier5: store-2…store-5)',
  'landing.demo.customer': 'customer of the web shop',
  'landing.demo.manager': 'head office manager',
  'landing.demo.ops': 'operations',
  'landing.login': 'Sign in',
  'landing.username': 'Username',
  'landing.password': 'Password',
  'landing.demoUsers': 'Demo accounts (password ',
  'landing.demoUsersEnd': ')',
  'landing.unavailable': 'Signing in is not available on this server yet (POST /auth/login).',
  'landing.wrongCredentials': 'Wrong username or password.',
  'landing.pos.title': 'Till (POS)',
  'landing.pos.text':
    'Sell at the counter: search or barcode scanner, basket, cash or card payment, receipt, store stock and replenishment.',
  'landing.shop.title': 'Web shop',
  'landing.shop.text':
    'Browse the catalog by category, fill a cart, pay by card and follow your orders, served by the central warehouse.',
  'landing.office.title': 'Head office',
  'landing.office.text': 'Store dashboard, consolidated sales report, stock alerts and exports.',
  'landing.ops.title': 'Operations',
  'landing.ops.text': 'System health, events, error queues and runtime metrics.',
  'landing.role': 'Role: {role}',
  'landing.lead':
    'The sales platform of our café-bakery-grocery chain: five stores, a central warehouse and a head office, on serverless AWS or on a laptop.',
  'landing.signedInAs': 'Signed in as {username}. ',
  'landing.openMyApp': 'Open my app',
};
