import { currentSession } from './session.ts';

/**
 * The browser apps' two languages: fr-CA first (Charter of the French language), en-CA on a switch.
 * Plain `Intl` and typed catalogs, no library: i18next (50 KB minified) or @formatjs/intl (46 KB)
 * would each more than double the till's bundle for what `Intl` already does (numbers, money, dates,
 * plural rules); interpolation of `{name}` is one regular expression.
 *
 * - A catalog is a pair `{ fr, en }`; `fr` is written `as const` and `en` is typed from it
 *   (`Translations<typeof fr>`), so a key missing from English fails the typecheck, and the unit test
 *   `tests/unit/web-i18n.test.ts` checks both catalogs hold the same keys and placeholders.
 * - `translator(common, app)` gives the app one `t(key, params)` over the shared and its own keys;
 *   parameters are typed from the French text (`{count}` must be passed); numbers are written in the
 *   current locale. An entry `{ one, other }` is chosen by `Intl.PluralRules` on `count`.
 * - The language is remembered per user (localStorage `comptoir.locale.<userId>`, and on the server
 *   through `PATCH /me` when the user has one), or per device before signing in (`comptoir.locale`).
 */
export type Locale = 'fr-CA' | 'en-CA';
export const locales: readonly Locale[] = ['fr-CA', 'en-CA'];
export const defaultLocale: Locale = 'fr-CA';
export const isLocale = (v: unknown): v is Locale => v === 'fr-CA' || v === 'en-CA';

/** Each language named in itself, for the switch. */
export const localeNames: Record<Locale, string> = { 'fr-CA': 'Français', 'en-CA': 'English' };

export type Plural = { readonly one: string; readonly other: string };
export type Entry = string | Plural;
export type Catalog = { readonly [key: string]: Entry };
/** The English side of a catalog: every French key, the same shape (text or plural forms). */
export type Translations<C extends Catalog> = {
  readonly [K in keyof C]: C[K] extends string ? string : Plural;
};
export interface Messages<C extends Catalog> {
  readonly fr: C;
  readonly en: Translations<C>;
}

type Placeholders<S> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;
type ParamNames<E> = E extends string
  ? Placeholders<E>
  : E extends Plural
    ? Placeholders<E['one']> | Placeholders<E['other']> | 'count'
    : never;
export type ParamValue = string | number;
/** `t(key)` for a text without placeholders, `t(key, { name })` otherwise. */
export type ParamsOf<E> = [ParamNames<E>] extends [never] ? [] : [params: Record<ParamNames<E>, ParamValue>];
export type Translate<C extends Catalog> = <K extends keyof C & string>(
  key: K,
  ...params: ParamsOf<C[K]>
) => string;

const storageKey = 'comptoir.locale';
const userKey = (userId: string) => `${storageKey}.${userId}`;
const storage = (): Storage | undefined => (typeof localStorage === 'undefined' ? undefined : localStorage);

/** The language of this page: the signed-in user's choice, else this device's, else French. */
export function readLocale(): Locale {
  const s = storage();
  const user = currentSessionSafe()?.user;
  const mine = user ? s?.getItem(userKey(user.id)) : undefined;
  if (isLocale(mine)) return mine;
  if (user && isLocale(user.locale)) return user.locale;
  const device = s?.getItem(storageKey);
  return isLocale(device) ? device : defaultLocale;
}

function currentSessionSafe() {
  return storage() ? currentSession() : undefined;
}

let active: Locale = readLocale();
if (typeof document !== 'undefined') document.documentElement.lang = active;

export const currentLocale = (): Locale => active;

/** Remembers the choice (for the signed-in user, or this device) and applies it to this page. */
export function rememberLocale(locale: Locale): void {
  const user = currentSessionSafe()?.user;
  storage()?.setItem(user ? userKey(user.id) : storageKey, locale);
  active = locale;
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

/**
 * After a login: the user's own choice wins — the server's `user.locale` (their latest, from any
 * device), else this browser's; a user who never chose keeps the language of the landing page if
 * they picked it there before signing in, else French.
 */
export function adoptLocaleAtLogin(user: { id: string; locale?: string }): Locale {
  const s = storage();
  const mine = s?.getItem(userKey(user.id));
  const device = s?.getItem(storageKey);
  const chosen = isLocale(user.locale)
    ? user.locale
    : isLocale(mine)
      ? mine
      : isLocale(device)
        ? device
        : defaultLocale;
  s?.setItem(userKey(user.id), chosen);
  active = chosen;
  return chosen;
}

// ---- translation

const pluralRules = new Map<Locale, Intl.PluralRules>();
function pluralOf(locale: Locale, n: number): 'one' | 'other' {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  // French also has "many" (1 000 000): written with the "other" form.
  return rules.select(n) === 'one' ? 'one' : 'other';
}

/** Fills `{name}` placeholders; numbers are written in the locale (1 000 / 1,000). */
export function interpolate(text: string, params: Record<string, ParamValue>, locale: Locale): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : typeof v === 'number' ? formatNumber(v, locale) : v;
  });
}

export function translate(entry: Entry, params: Record<string, ParamValue>, locale: Locale): string {
  const text =
    typeof entry === 'string' ? entry : (entry[pluralOf(locale, Number(params.count ?? 0))] ?? entry.other);
  return interpolate(text, params, locale);
}

/** One `t(key, params)` over the shared catalog and an app's own (keys of the second win). */
export function translator<A extends Catalog, B extends Catalog = Record<never, never>>(
  shared: Messages<A>,
  own?: Messages<B>,
): Translate<A & B> {
  const fr: Catalog = { ...shared.fr, ...own?.fr };
  const en: Catalog = { ...shared.en, ...own?.en };
  return ((key: string, params: Record<string, ParamValue> = {}) => {
    const entry = (active === 'en-CA' ? en[key] : fr[key]) ?? fr[key];
    return entry === undefined ? key : translate(entry, params, active);
  }) as Translate<A & B>;
}

/**
 * The `t` of what a receipt says: French always, then the English after a slash when the page is
 * in English ("Sous-total / Subtotal"). Québec's Charter of the French language wants receipts in
 * French, another language beside it being fine when French is at least as prominent.
 */
export function receiptTranslator<A extends Catalog, B extends Catalog = Record<never, never>>(
  shared: Messages<A>,
  own?: Messages<B>,
): Translate<A & B> {
  const fr: Catalog = { ...shared.fr, ...own?.fr };
  const en: Catalog = { ...shared.en, ...own?.en };
  return ((key: string, params: Record<string, ParamValue> = {}) => {
    const french = fr[key] === undefined ? key : translate(fr[key], params, 'fr-CA');
    const entry = en[key];
    if (active !== 'en-CA' || entry === undefined) return french;
    const english = translate(entry, params, 'en-CA');
    return english === french ? french : `${french} / ${english}`;
  }) as Translate<A & B>;
}

// ---- formatting in the current locale

const formats = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => F): F {
  let f = formats.get(key) as F | undefined;
  if (!f) formats.set(key, (f = make()));
  return f;
}
const numberFormat = (locale: Locale, options: Intl.NumberFormatOptions) =>
  cached(`n|${locale}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options));
const dateFormat = (locale: Locale, options: Intl.DateTimeFormatOptions) =>
  cached(`d|${locale}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));

/** Money is integer cents (CAD): 199 → "1,99 $" (fr-CA) or "$1.99" (en-CA). */
export function formatMoney(cents: number, locale: Locale = active): string {
  return numberFormat(locale, { style: 'currency', currency: 'CAD' }).format(cents / 100);
}

/** 1234 → "1 234" (fr-CA) or "1,234"; `digits` fixes the decimals (3,14 / 3.14). */
export function formatNumber(n: number, locale: Locale = active, digits?: number): string {
  return numberFormat(
    locale,
    digits === undefined
      ? { maximumFractionDigits: 3 }
      : { minimumFractionDigits: digits, maximumFractionDigits: digits },
  ).format(n);
}

/** A ratio as a percentage: 0.125 → "12,5 %" (fr-CA) or "12.5%". */
export function formatPercent(ratio: number, digits = 1, locale: Locale = active): string {
  return numberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(ratio);
}

const asDate = (value: string | number | Date): Date | undefined => {
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
};

/**
 * ISO-8601 UTC → date and time in the browser's zone: "1 déc. 2026, 08 h 45" (24 h) or
 * "Dec 1, 2026, 8:45 a.m."; `seconds` for operators comparing events to the second; `timeZone`
 * for a fixed zone (the stores' `America/Montreal`) whatever the browser's.
 */
export function formatDateTime(
  value: string | number | Date,
  options: { seconds?: boolean; timeZone?: string } = {},
  locale: Locale = active,
): string {
  const d = asDate(value);
  if (!d) return String(value);
  return dateFormat(locale, {
    ...(options.seconds
      ? { dateStyle: 'short', timeStyle: 'medium' }
      : { dateStyle: 'medium', timeStyle: 'short' }),
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
  }).format(d);
}

/** The time of day: "08 h 45 min 12 s" / "8:45:12 a.m." (with seconds), or hours and minutes; `timeZone` as above. */
export function formatTime(
  value: string | number | Date,
  options: { seconds?: boolean; timeZone?: string } = {},
  locale: Locale = active,
): string {
  const d = asDate(value);
  if (!d) return String(value);
  return dateFormat(locale, {
    timeStyle: options.seconds ? 'medium' : 'short',
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
  }).format(d);
}

/** A calendar day (`yyyy-mm-dd`, as reports name them) in words: "5 nov. 2026" / "Nov 5, 2026". */
export function formatDay(day: string, locale: Locale = active): string {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(day) ? asDate(`${day}T12:00:00Z`) : undefined;
  return d ? dateFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(d) : day;
}

/** A list in words: "a, b et c" / "a, b, and c". */
export function formatList(items: readonly string[], locale: Locale = active): string {
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(items);
}
