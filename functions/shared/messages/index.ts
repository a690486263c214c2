import { frCA as zodFr, en as zodEn } from 'zod/locales';
import type { Message, MessageValue } from '#domain/shared/message.ts';
import { asMessage } from '#domain/shared/message.ts';
import { fr } from './fr-CA.ts';

/**
 * The API's two languages for problem documents. English is the source: the code writes its messages
 * in English (plain strings, or `m` templates with values, domain/shared/message.ts) and those texts are
 * the keys of the French catalog (fr-CA.ts). A request's `Accept-Language` picks the language; without
 * one (or naming neither) the API answers in English, for API clients — the browser apps send theirs.
 * `type` and `code` never change with the language: clients branch on them, not on the text.
 */
export type ApiLocale = 'en-CA' | 'fr-CA';
export const apiLocales: readonly ApiLocale[] = ['en-CA', 'fr-CA'];
export const defaultApiLocale: ApiLocale = 'en-CA';

/**
 * The best of fr-CA and en-CA for an `Accept-Language` header (RFC 9110 §12.5.4): by quality, `fr`,
 * `fr-*` → fr-CA and `en`, `en-*` → en-CA; `*`, other languages and `q=0` are skipped.
 */
export function localeOf(acceptLanguage: string | undefined): ApiLocale {
  if (!acceptLanguage) return defaultApiLocale;
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q\s*=\s*(\S*)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
      const quality = q === undefined ? 1 : Number(q);
      return {
        primary: tag.trim().toLowerCase().split('-')[0],
        quality: Number.isFinite(quality) ? quality : 0,
        index,
      };
    })
    .filter((r) => r.quality > 0 && (r.primary === 'fr' || r.primary === 'en'))
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  return ranked[0]?.primary === 'fr' ? 'fr-CA' : ranked[0]?.primary === 'en' ? 'en-CA' : defaultApiLocale;
}

const numbers = { 'en-CA': new Intl.NumberFormat('en-CA'), 'fr-CA': new Intl.NumberFormat('fr-CA') };

/**
 * A value in the message: numbers in the locale's digits; a word of the terms list (`Product`) or a
 * text of the catalog, translated; a message or a list of messages, written in the locale too.
 */
function valueIn(value: MessageValue, locale: ApiLocale): string {
  if (typeof value === 'number') return locale === 'en-CA' ? String(value) : numbers[locale].format(value);
  if (typeof value === 'string')
    return locale === 'en-CA' ? value : (fr.terms[value] ?? fr.messages[value] ?? value);
  if ('template' in value) return say(value, locale);
  return value.map((v) => say(v, locale)).join(', ');
}

function fill(template: string, values: readonly MessageValue[], locale: ApiLocale): string {
  return template.replace(/\{(\d+)\}/g, (whole, i: string) => {
    const v = values[Number(i)];
    return v === undefined ? whole : valueIn(v, locale);
  });
}

/** The French text of a message, or undefined when the catalog does not know it. */
export function french(message: string | Message): string | undefined {
  const msg = asMessage(message);
  const template = fr.messages[msg.template];
  return template === undefined ? undefined : fill(template, msg.values, 'fr-CA');
}

/**
 * A message in the locale: English as the code wrote it; French from the catalog, else the French
 * detail of the problem's `code` (for texts that came through the saga without their template),
 * else the English text.
 */
export function say(message: string | Message, locale: ApiLocale, code?: string): string {
  const msg = asMessage(message);
  if (locale === 'en-CA') return msg.text;
  return french(msg) ?? (code !== undefined ? fr.codeDetails[code] : undefined) ?? msg.text;
}

/** A problem's title: English as given; French by `code`, else by status. */
export function titleIn(locale: ApiLocale, code: string, status: number, english: string): string {
  if (locale === 'en-CA') return english;
  return (
    fr.titles[code] ?? fr.statusTitles[status] ?? fr.statusTitles[Math.floor(status / 100) * 100] ?? english
  );
}

/** zod's own messages for its built-in checks, in the locale (schemas' own messages are catalog keys). */
export const zodErrors = { 'en-CA': zodEn().localeError, 'fr-CA': zodFr().localeError };
