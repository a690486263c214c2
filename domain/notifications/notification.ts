/**
 * E-mails the chain sends, as data: which kind, in which language, to whom, with which values. The
 * wording lives in the templates (infra/spec/email-templates.ts: SES templates in AWS, rendered the
 * same way by the local SES endpoint); this module makes the template data, in the recipient's
 * language (money, dates), each value twice: `t` as written (text part, subject) and `h` escaped for
 * HTML (SES does not escape what it puts into an HTML part). Pure: no clock, no I/O.
 */
export const notificationKinds = [
  'order-confirmed',
  'order-shipped',
  'order-ready-for-pickup',
  'order-cancelled',
  'receipt',
  'export-ready',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export const mailLocales = ['fr-CA', 'en-CA'] as const;
export type MailLocale = (typeof mailLocales)[number];
export const defaultMailLocale: MailLocale = 'fr-CA';
export const mailLocaleOf = (v: unknown): MailLocale => (v === 'en-CA' ? 'en-CA' : defaultMailLocale);

/** The SES template of a kind in a language (the same name in AWS and locally). */
export const templateName = (kind: NotificationKind, locale: MailLocale): string =>
  `comptoir-${kind}-${locale}`;

/** Replaces the five characters HTML gives a meaning to. */
export const escapeHtml = (s: string): string =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** A JSON value where every string is escaped for HTML. */
function escaped(value: unknown): unknown {
  if (typeof value === 'string') return escapeHtml(value);
  if (Array.isArray(value)) return value.map(escaped);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escaped(v)]));
  return value;
}

export const formatCents = (cents: number, locale: MailLocale): string =>
  new Intl.NumberFormat(locale, { style: 'currency', currency: 'CAD' }).format(cents / 100);

export const formatDate = (iso: string, locale: MailLocale): string =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'America/Montreal' }).format(new Date(iso));

export const formatDateTime = (iso: string, locale: MailLocale): string =>
  new Intl.DateTimeFormat(locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'America/Montreal',
  }).format(new Date(iso));

/** Order figures as e-mails show them. */
export interface MailLine {
  readonly name: string;
  readonly quantity: number;
  readonly lineTotalCents: number;
}

export interface MailOrder {
  readonly orderId: string;
  readonly lines: readonly MailLine[];
  readonly subtotalCents: number;
  readonly shippingCents?: number | undefined;
  readonly gstCents: number;
  readonly qstCents: number;
  readonly roundingCents?: number | undefined;
  readonly totalCents: number;
}

export interface MailAddress {
  readonly name: string;
  readonly street: string;
  readonly street2?: string | undefined;
  readonly city: string;
  readonly province: string;
  readonly postalCode: string;
}

/** What each kind of e-mail says (beside the recipient's name and the links every e-mail has). */
export type MailFacts =
  | {
      readonly kind: 'order-confirmed';
      readonly order: MailOrder;
      readonly delivery:
        | { readonly method: 'ship'; readonly address: MailAddress }
        | { readonly method: 'pickup'; readonly storeName: string };
    }
  | {
      readonly kind: 'order-shipped';
      readonly orderId: string;
      readonly carrier: string;
      readonly trackingNumber: string;
      readonly address?: MailAddress | undefined;
    }
  | {
      readonly kind: 'order-ready-for-pickup';
      readonly orderId: string;
      readonly storeName: string;
      readonly pickupCode: string;
      readonly deadline: string;
    }
  | {
      readonly kind: 'order-cancelled';
      readonly orderId: string;
      readonly reason: 'customer' | 'staff' | 'not-collected';
      readonly totalCents: number;
    }
  | {
      readonly kind: 'receipt';
      readonly order: MailOrder;
      readonly storeName: string;
      readonly paidAt: string;
      readonly paymentMethod: 'cash' | 'card';
    }
  | {
      readonly kind: 'export-ready';
      readonly exportId: string;
      readonly from: string;
      readonly to: string;
      readonly format: string;
    };

/** The short form of an order id people read and say (the last 8 characters, upper case). */
export const orderNumber = (orderId: string): string => orderId.slice(-8).toUpperCase();

const reasonText: Readonly<
  Record<MailLocale, Readonly<Record<'customer' | 'staff' | 'not-collected', string>>>
> = {
  'fr-CA': {
    customer: 'à votre demande',
    staff: 'par notre équipe',
    'not-collected': 'car elle n’a pas été récupérée à temps',
  },
  'en-CA': {
    customer: 'at your request',
    staff: 'by our team',
    'not-collected': 'because it was not picked up in time',
  },
};

function orderValues(o: MailOrder, locale: MailLocale) {
  const money = (c: number) => formatCents(c, locale);
  return {
    orderNumber: orderNumber(o.orderId),
    lines: o.lines.map((l) => ({ name: l.name, quantity: l.quantity, total: money(l.lineTotalCents) })),
    subtotal: money(o.subtotalCents),
    ...(o.shippingCents ? { shipping: money(o.shippingCents) } : {}),
    gst: money(o.gstCents),
    qst: money(o.qstCents),
    ...(o.roundingCents ? { rounding: money(o.roundingCents) } : {}),
    total: money(o.totalCents),
  };
}

function addressValues(a: MailAddress) {
  return {
    name: a.name,
    street: a.street,
    ...(a.street2 ? { street2: a.street2 } : {}),
    cityLine: `${a.city} (${a.province}) ${a.postalCode}`,
  };
}

/** The values of the e-mail's template, as written for its language. */
export function mailValues(facts: MailFacts, locale: MailLocale): Record<string, unknown> {
  switch (facts.kind) {
    case 'order-confirmed':
      return {
        ...orderValues(facts.order, locale),
        ...(facts.delivery.method === 'ship'
          ? { ship: true, address: addressValues(facts.delivery.address) }
          : { pickup: true, storeName: facts.delivery.storeName }),
      };
    case 'order-shipped':
      return {
        orderNumber: orderNumber(facts.orderId),
        carrier: facts.carrier,
        trackingNumber: facts.trackingNumber,
        ...(facts.address ? { address: addressValues(facts.address) } : {}),
      };
    case 'order-ready-for-pickup':
      return {
        orderNumber: orderNumber(facts.orderId),
        storeName: facts.storeName,
        pickupCode: facts.pickupCode,
        deadline: formatDate(facts.deadline, locale),
      };
    case 'order-cancelled':
      return {
        orderNumber: orderNumber(facts.orderId),
        reason: reasonText[locale][facts.reason],
        refund: formatCents(facts.totalCents, locale),
        ...(facts.reason === 'not-collected' ? { notCollected: true } : {}),
      };
    case 'receipt':
      return {
        ...orderValues(facts.order, locale),
        storeName: facts.storeName,
        paidAt: formatDateTime(facts.paidAt, locale),
        card: facts.paymentMethod === 'card',
      };
    case 'export-ready':
      return {
        exportId: facts.exportId,
        from: formatDate(`${facts.from}T12:00:00Z`, locale),
        to: formatDate(`${facts.to}T12:00:00Z`, locale),
        format: facts.format.toUpperCase(),
      };
  }
}

/** The whole template data of an e-mail: the values as written (`t`) and escaped for HTML (`h`). */
export function templateData(
  facts: MailFacts,
  locale: MailLocale,
  common: { readonly recipientName: string; readonly link: string },
): { readonly t: Record<string, unknown>; readonly h: Record<string, unknown> } {
  const values = { ...mailValues(facts, locale), recipientName: common.recipientName, link: common.link };
  return { t: values, h: escaped(values) as Record<string, unknown> };
}

/** An e-mail address as the notifications context accepts it (deliverability is SES's to judge). */
export const isMailAddress = (s: string): boolean =>
  s.length <= 254 && /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(s);
