import {
  mailLocales,
  notificationKinds,
  templateName,
  type MailLocale,
  type NotificationKind,
} from '../../domain/notifications/notification.ts';

/**
 * The e-mail templates, defined once: CDK makes one SES template (`AWS::SES::Template`) of each, and
 * the local SES endpoint (local/ses.ts) holds the same ones and renders them as SES does (Handlebars,
 * no HTML escaping: the data brings `h`, its values already escaped, for the HTML part, and `t` for
 * the subject and the text part; domain/notifications/notification.ts). One template per kind and
 * language, named `comptoir-<kind>-<locale>`.
 */
export interface EmailTemplateSpec {
  readonly name: string;
  readonly kind: NotificationKind;
  readonly locale: MailLocale;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

type Part = { readonly subject: string; readonly text: string; readonly body: string };

const words = {
  'fr-CA': {
    hello: 'Bonjour {{t.recipientName}},',
    helloH: 'Bonjour {{h.recipientName}},',
    order: 'Commande',
    subtotal: 'Sous-total',
    shipping: 'Livraison',
    gst: 'TPS',
    qst: 'TVQ',
    rounding: 'Arrondi',
    total: 'Total',
    follow: 'Suivre votre commande',
    footer: 'Comptoir — café, boulangerie, épicerie. Ce message vous est envoyé au sujet de votre compte.',
  },
  'en-CA': {
    hello: 'Hello {{t.recipientName}},',
    helloH: 'Hello {{h.recipientName}},',
    order: 'Order',
    subtotal: 'Subtotal',
    shipping: 'Shipping',
    gst: 'GST',
    qst: 'QST',
    rounding: 'Rounding',
    total: 'Total',
    follow: 'Follow your order',
    footer: 'Comptoir — café, bakery, grocery. This message is about your account.',
  },
} as const;

const linesText = (l: MailLocale) => {
  const w = words[l];
  return [
    '{{#each t.lines}}{{quantity}} × {{name}} — {{total}}\n{{/each}}',
    `${w.subtotal}: {{t.subtotal}}`,
    `{{#if t.shipping}}${w.shipping}: {{t.shipping}}\n{{/if}}${w.gst}: {{t.gst}}`,
    `${w.qst}: {{t.qst}}`,
    `{{#if t.rounding}}${w.rounding}: {{t.rounding}}\n{{/if}}${w.total}: {{t.total}}`,
  ].join('\n');
};

const linesHtml = (l: MailLocale) => {
  const w = words[l];
  const row = (label: string, value: string) =>
    `<tr><td colspan="2">${label}</td><td style="text-align:right">${value}</td></tr>`;
  return [
    '<table style="border-collapse:collapse;width:100%">',
    '{{#each h.lines}}<tr><td>{{quantity}} ×</td><td>{{name}}</td><td style="text-align:right">{{total}}</td></tr>{{/each}}',
    row(w.subtotal, '{{h.subtotal}}'),
    `{{#if h.shipping}}${row(w.shipping, '{{h.shipping}}')}{{/if}}`,
    row(w.gst, '{{h.gst}}'),
    row(w.qst, '{{h.qst}}'),
    `{{#if h.rounding}}${row(w.rounding, '{{h.rounding}}')}{{/if}}`,
    row(`<strong>${w.total}</strong>`, '<strong>{{h.total}}</strong>'),
    '</table>',
  ].join('');
};

const addressText =
  '{{t.address.name}}\n{{t.address.street}}\n{{#if t.address.street2}}{{t.address.street2}}\n{{/if}}{{t.address.cityLine}}';
const addressHtml =
  '{{h.address.name}}<br>{{h.address.street}}<br>{{#if h.address.street2}}{{h.address.street2}}<br>{{/if}}{{h.address.cityLine}}';

const parts: Readonly<Record<NotificationKind, Readonly<Record<MailLocale, Part>>>> = {
  'order-confirmed': {
    'fr-CA': {
      subject: 'Comptoir — commande {{t.orderNumber}} confirmée',
      text: `Merci! Votre commande {{t.orderNumber}} est confirmée.\n\n${linesText('fr-CA')}\n\n{{#if t.ship}}Livraison à :\n${addressText}{{/if}}{{#if t.pickup}}À récupérer au magasin {{t.storeName}} : nous vous écrirons dès qu’elle sera prête.{{/if}}`,
      body: `<p>Merci! Votre commande <strong>{{h.orderNumber}}</strong> est confirmée.</p>${linesHtml('fr-CA')}{{#if h.ship}}<p>Livraison à :<br>${addressHtml}</p>{{/if}}{{#if h.pickup}}<p>À récupérer au magasin <strong>{{h.storeName}}</strong> : nous vous écrirons dès qu’elle sera prête.</p>{{/if}}`,
    },
    'en-CA': {
      subject: 'Comptoir — order {{t.orderNumber}} confirmed',
      text: `Thank you! Your order {{t.orderNumber}} is confirmed.\n\n${linesText('en-CA')}\n\n{{#if t.ship}}Shipping to:\n${addressText}{{/if}}{{#if t.pickup}}To pick up at the {{t.storeName}} store: we will write as soon as it is ready.{{/if}}`,
      body: `<p>Thank you! Your order <strong>{{h.orderNumber}}</strong> is confirmed.</p>${linesHtml('en-CA')}{{#if h.ship}}<p>Shipping to:<br>${addressHtml}</p>{{/if}}{{#if h.pickup}}<p>To pick up at the <strong>{{h.storeName}}</strong> store: we will write as soon as it is ready.</p>{{/if}}`,
    },
  },
  'order-shipped': {
    'fr-CA': {
      subject: 'Comptoir — commande {{t.orderNumber}} expédiée',
      text: 'Votre commande {{t.orderNumber}} est en route avec {{t.carrier}}.\nNuméro de suivi : {{t.trackingNumber}}',
      body: '<p>Votre commande <strong>{{h.orderNumber}}</strong> est en route avec {{h.carrier}}.</p><p>Numéro de suivi : <strong>{{h.trackingNumber}}</strong></p>',
    },
    'en-CA': {
      subject: 'Comptoir — order {{t.orderNumber}} shipped',
      text: 'Your order {{t.orderNumber}} is on its way with {{t.carrier}}.\nTracking number: {{t.trackingNumber}}',
      body: '<p>Your order <strong>{{h.orderNumber}}</strong> is on its way with {{h.carrier}}.</p><p>Tracking number: <strong>{{h.trackingNumber}}</strong></p>',
    },
  },
  'order-ready-for-pickup': {
    'fr-CA': {
      subject: 'Comptoir — commande {{t.orderNumber}} prête à récupérer',
      text: 'Votre commande {{t.orderNumber}} vous attend au magasin {{t.storeName}} jusqu’au {{t.deadline}}.\nCode de retrait : {{t.pickupCode}}\nMontrez ce code au comptoir.',
      body: '<p>Votre commande <strong>{{h.orderNumber}}</strong> vous attend au magasin {{h.storeName}} jusqu’au {{h.deadline}}.</p><p style="font-size:1.5em">Code de retrait : <strong>{{h.pickupCode}}</strong></p><p>Montrez ce code au comptoir.</p>',
    },
    'en-CA': {
      subject: 'Comptoir — order {{t.orderNumber}} ready for pickup',
      text: 'Your order {{t.orderNumber}} is waiting for you at the {{t.storeName}} store until {{t.deadline}}.\nPickup code: {{t.pickupCode}}\nShow this code at the counter.',
      body: '<p>Your order <strong>{{h.orderNumber}}</strong> is waiting for you at the {{h.storeName}} store until {{h.deadline}}.</p><p style="font-size:1.5em">Pickup code: <strong>{{h.pickupCode}}</strong></p><p>Show this code at the counter.</p>',
    },
  },
  'order-cancelled': {
    'fr-CA': {
      subject: 'Comptoir — commande {{t.orderNumber}} annulée',
      text: 'Votre commande {{t.orderNumber}} a été annulée {{t.reason}}.\nNous vous remboursons {{t.refund}} sur votre carte.',
      body: '<p>Votre commande <strong>{{h.orderNumber}}</strong> a été annulée {{h.reason}}.</p><p>Nous vous remboursons <strong>{{h.refund}}</strong> sur votre carte.</p>',
    },
    'en-CA': {
      subject: 'Comptoir — order {{t.orderNumber}} cancelled',
      text: 'Your order {{t.orderNumber}} was cancelled {{t.reason}}.\nWe are refunding {{t.refund}} to your card.',
      body: '<p>Your order <strong>{{h.orderNumber}}</strong> was cancelled {{h.reason}}.</p><p>We are refunding <strong>{{h.refund}}</strong> to your card.</p>',
    },
  },
  receipt: {
    'fr-CA': {
      subject: 'Comptoir — votre reçu {{t.orderNumber}}',
      text: `Reçu du magasin {{t.storeName}}, {{t.paidAt}}.\n\n${linesText('fr-CA')}\n\nPayé {{#if t.card}}par carte{{else}}comptant{{/if}}.`,
      body: `<p>Reçu du magasin <strong>{{h.storeName}}</strong>, {{h.paidAt}}.</p>${linesHtml('fr-CA')}<p>Payé {{#if h.card}}par carte{{else}}comptant{{/if}}.</p>`,
    },
    'en-CA': {
      subject: 'Comptoir — your receipt {{t.orderNumber}}',
      text: `Receipt from the {{t.storeName}} store, {{t.paidAt}}.\n\n${linesText('en-CA')}\n\nPaid {{#if t.card}}by card{{else}}in cash{{/if}}.`,
      body: `<p>Receipt from the <strong>{{h.storeName}}</strong> store, {{h.paidAt}}.</p>${linesHtml('en-CA')}<p>Paid {{#if h.card}}by card{{else}}in cash{{/if}}.</p>`,
    },
  },
  'export-ready': {
    'fr-CA': {
      subject: 'Comptoir — rapport des ventes du {{t.from}}',
      text: 'Le rapport des ventes du {{t.from}} au {{t.to}} ({{t.format}}) est prêt.\nTéléchargez-le depuis le siège social : {{t.link}}',
      body: '<p>Le rapport des ventes du {{h.from}} au {{h.to}} ({{h.format}}) est prêt.</p><p><a href="{{h.link}}">Le télécharger depuis le siège social</a></p>',
    },
    'en-CA': {
      subject: 'Comptoir — sales report of {{t.from}}',
      text: 'The sales report from {{t.from}} to {{t.to}} ({{t.format}}) is ready.\nDownload it from the head office app: {{t.link}}',
      body: '<p>The sales report from {{h.from}} to {{h.to}} ({{h.format}}) is ready.</p><p><a href="{{h.link}}">Download it from the head office app</a></p>',
    },
  },
};

const orderKinds: readonly NotificationKind[] = [
  'order-confirmed',
  'order-shipped',
  'order-ready-for-pickup',
  'order-cancelled',
];

function layoutHtml(locale: MailLocale, kind: NotificationKind, body: string): string {
  const w = words[locale];
  const follow = orderKinds.includes(kind) ? `<p><a href="{{h.link}}">${w.follow}</a></p>` : '';
  return `<!doctype html><html lang="${locale.slice(0, 2)}"><body style="font-family:sans-serif;color:#222;max-width:36em"><p>${w.helloH}</p>${body}${follow}<hr><p style="color:#666;font-size:.85em">${w.footer}</p></body></html>`;
}

function layoutText(locale: MailLocale, kind: NotificationKind, text: string): string {
  const w = words[locale];
  const follow = orderKinds.includes(kind)
    ? `\n\n${w.follow} : {{t.link}}`.replace(' :', locale === 'fr-CA' ? ' :' : ':')
    : '';
  return `${w.hello}\n\n${text}${follow}\n\n--\n${w.footer}\n`;
}

export const emailTemplates: readonly EmailTemplateSpec[] = notificationKinds.flatMap((kind) =>
  mailLocales.map((locale) => {
    const p = parts[kind][locale];
    return {
      name: templateName(kind, locale),
      kind,
      locale,
      subject: p.subject,
      text: layoutText(locale, kind, p.text),
      html: layoutHtml(locale, kind, p.body),
    };
  }),
);

/** The SES configuration set every e-mail is sent with (events, reputation), in AWS and locally. */
export const configurationSetName = 'comptoir-mail';

/** The sender of every e-mail: an address of the SES identity (domain) verified for the chain. */
export const mailIdentity = 'comptoir.example';
export const mailSender = 'Comptoir <commandes@comptoir.example>';
