import type { Translations } from '../lib/i18n.ts';

/** The ops mailbox: the e-mails the local SES endpoint kept. */
export const fr = {
  'mailbox.title': 'Courriels',
  'mailbox.heading': 'Courriels envoyés (boîte locale)',
  'mailbox.lead':
    'Les courriels que Comptoir a envoyés par SES, gardés par le service SES local dans le dossier de données. Sur AWS, SES les remet aux destinataires.',
  'mailbox.none': 'Aucun courriel pour le moment.',
  'mailbox.to': 'À',
  'mailbox.subject': 'Objet',
  'mailbox.date': 'Date',
  'mailbox.template': 'Modèle',
  'mailbox.show': 'Lire le courriel',
  'mailbox.unavailable': "La boîte locale n'existe que dans l'environnement local.",
} as const;

export const en: Translations<typeof fr> = {
  'mailbox.title': 'E-mails',
  'mailbox.heading': 'E-mails sent (local mailbox)',
  'mailbox.lead':
    'The e-mails Comptoir sent through SES, kept by the local SES service in the data folder. On AWS, SES delivers them.',
  'mailbox.none': 'No e-mail yet.',
  'mailbox.to': 'To',
  'mailbox.subject': 'Subject',
  'mailbox.date': 'Date',
  'mailbox.template': 'Template',
  'mailbox.show': 'Read the e-mail',
  'mailbox.unavailable': 'The local mailbox exists in the local environment only.',
};
