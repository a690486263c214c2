import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  formatDateTime,
  formatDay,
  formatMoney,
  formatNumber,
  formatPercent,
  translate,
  type Catalog,
} from '../../web/src/lib/i18n.ts';
import * as common from '../../web/src/lib/messages.ts';
import * as landing from '../../web/src/landing/messages.ts';
import * as mailbox from '../../web/src/mailbox/messages.ts';
import * as office from '../../web/src/office/messages.ts';
import * as ops from '../../web/src/ops/messages.ts';
import * as orders from '../../web/src/orders/messages.ts';
import * as pos from '../../web/src/pos/messages.ts';
import * as shop from '../../web/src/shop/messages.ts';

/**
 * The browser apps' two languages. Each app's texts live in catalogs (web/src/lib/messages.ts and
 * web/src/<app>/messages.ts), French first with its English twin; these tests fail when a text is
 * in one language only, when a page writes text that is in no catalog, or when a key it asks for is missing.
 */
const web = join(import.meta.dirname, '..', '..', 'web', 'src');
const catalogs = { lib: common, landing, mailbox, office, ops, orders, pos, shop } as const;
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
const placeholders = (entry: unknown): string[] =>
  [...JSON.stringify(entry).matchAll(/\{(\w+)\}/g)]
    .map((x) => x[1]!)
    .filter((v, i, all) => all.indexOf(v) === i)
    .sort();

function* appFiles(dir = web): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) yield* appFiles(path);
    else if (e.name.endsWith('.ts') && e.name !== 'messages.ts') yield path;
  }
}

describe('web catalogs', () => {
  it.each(Object.entries(catalogs))(
    '%s: every text is in French and in English, with the same placeholders',
    (_, c) => {
      const fr = c.fr as Catalog;
      const en = c.en as Catalog;
      expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
      for (const [key, french] of Object.entries(fr)) {
        const english = en[key]!;
        expect(typeof english, key).toBe(typeof french);
        for (const text of typeof french === 'string'
          ? [french, english]
          : Object.values({ ...french, ...(english as object) }))
          expect(String(text).trim(), key).not.toBe('');
        expect(placeholders(english), key).toEqual(placeholders(french));
        if (typeof french !== 'string')
          expect(Object.keys(english as object).sort(), key).toEqual(['one', 'other']);
      }
    },
  );

  it('keeps each app’s keys apart from the shared ones', () => {
    const shared = new Set(Object.keys(common.fr));
    for (const [app, c] of Object.entries(catalogs))
      if (app !== 'lib')
        for (const key of Object.keys(c.fr)) expect(shared.has(key), `${app}: ${key}`).toBe(false);
  });
});

/** The catalog a file may use: the shared one, and its app's. */
function keysFor(file: string): Set<string> {
  const app = relative(web, file).split(/[\\/]/)[0] as keyof typeof catalogs;
  return new Set([...Object.keys(common.fr), ...Object.keys((catalogs[app] ?? common).fr)]);
}

const hasWords = (text: string) => /\p{L}{2,}/u.test(text);
/** Not words of a language: the brand, metric names, units, formats. */
const untranslatable = /^(Comptoir|p\d\d|[45]xx|ms|CSV|JSON)$/;
const textAttributes = new Set(['aria-label', 'placeholder', 'title', 'alt', 'label', 'text']);

interface Finding {
  readonly where: string;
  readonly text: string;
}

function scan(file: string): { keys: Finding[]; literals: Finding[] } {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const where = (n: ts.Node) =>
    `${relative(web, file)}:${source.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
  const keys: Finding[] = [];
  const literals: Finding[] = [];
  const text = (n: ts.Node | undefined): void => {
    if (!n) return;
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) {
      if (hasWords(n.text) && !untranslatable.test(n.text)) literals.push({ where: where(n), text: n.text });
    } else if (ts.isTemplateExpression(n)) {
      for (const part of [n.head, ...n.templateSpans.map((s) => s.literal)])
        if (hasWords(part.text)) literals.push({ where: where(n), text: n.getText() });
    } else if (ts.isConditionalExpression(n)) {
      text(n.whenTrue);
      text(n.whenFalse);
    } else if (ts.isArrayLiteralExpression(n)) n.elements.forEach(text);
    else if (ts.isParenthesizedExpression(n) || ts.isAsExpression(n)) text(n.expression);
  };
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression)) {
      const name = n.expression.text;
      if (name === 't') {
        const key = n.arguments[0];
        if (key && (ts.isStringLiteral(key) || ts.isNoSubstitutionTemplateLiteral(key)))
          keys.push({ where: where(key), text: key.text });
      }
      // h(tag, attrs, ...children): the children are text, except inside <code>.
      if (name === 'h') {
        const tag = n.arguments[0];
        const attrs = n.arguments[1];
        if (!(tag && ts.isStringLiteral(tag) && tag.text === 'code')) n.arguments.slice(2).forEach(text);
        if (attrs && ts.isObjectLiteralExpression(attrs))
          for (const p of attrs.properties)
            if (ts.isPropertyAssignment(p) && textAttributes.has(p.name.getText().replace(/['"]/g, '')))
              text(p.initializer);
      }
    }
    // layout.notify(kind, message) and element.textContent = …
    if (
      ts.isCallExpression(n) &&
      ts.isPropertyAccessExpression(n.expression) &&
      n.expression.name.text === 'notify'
    )
      text(n.arguments[1]);
    if (
      ts.isBinaryExpression(n) &&
      n.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(n.left) &&
      n.left.name.text === 'textContent'
    )
      text(n.right);
    // Chart labels and titles: { label: '…' }, { text: '…' }
    if (ts.isPropertyAssignment(n) && ['label', 'text'].includes(n.name.getText())) text(n.initializer);
    ts.forEachChild(n, visit);
  };
  visit(source);
  return { keys, literals };
}

describe('web pages', () => {
  const files = [...appFiles()];

  it('write no text of their own: every word a person reads comes from a catalog', () => {
    const found = files.flatMap((f) => scan(f).literals).map((l) => `${l.where}: ${l.text}`);
    expect(found).toEqual([]);
  });

  it('ask only for keys their catalogs have', () => {
    const missing = files.flatMap((f) => scan(f).keys.filter((k) => !keysFor(f).has(k.text)));
    expect(missing.map((k) => `${k.where}: ${k.text}`)).toEqual([]);
    expect(files.flatMap((f) => scan(f).keys).length).toBeGreaterThan(300);
  });
});

describe('formatting in the current locale', () => {
  it('writes money as Québec French and Canadian English readers expect', () => {
    expect(plain(formatMoney(199, 'fr-CA'))).toBe('1,99 $');
    expect(plain(formatMoney(123_456_789, 'fr-CA'))).toBe('1 234 567,89 $');
    expect(plain(formatMoney(-2, 'fr-CA'))).toBe('-0,02 $');
    expect(formatMoney(199, 'en-CA')).toBe('$1.99');
    expect(formatMoney(123_456_789, 'en-CA')).toBe('$1,234,567.89');
  });

  it('writes numbers and percentages with decimal commas in French', () => {
    expect(plain(formatNumber(1234.5, 'fr-CA'))).toBe('1 234,5');
    expect(formatNumber(1234.5, 'en-CA')).toBe('1,234.5');
    expect(formatNumber(3.14159, 'fr-CA', 2)).toBe('3,14');
    expect(plain(formatPercent(0.125, 1, 'fr-CA'))).toBe('12,5 %');
    expect(formatPercent(0.125, 1, 'en-CA')).toBe('12.5%');
  });

  it('writes times on the 24-hour clock in French, and days in words', () => {
    const at = '2026-12-01T18:05:00.000Z';
    expect(plain(formatDateTime(at, {}, 'fr-CA'))).toMatch(/\b1[38] h 05\b/);
    expect(formatDateTime(at, {}, 'en-CA')).toMatch(/p\.m\./);
    expect(plain(formatDay('2026-11-05', 'fr-CA'))).toBe('5 nov. 2026');
    expect(formatDay('2026-11-05', 'en-CA')).toBe('Nov 5, 2026');
    expect(formatDay('not a day', 'fr-CA')).toBe('not a day');
  });

  it('chooses plural forms as each language counts (French: 0 and 1 are singular)', () => {
    const items = pos.fr['pos.basket.items'];
    expect(translate(items, { count: 0 }, 'fr-CA')).toBe('0 article');
    expect(translate(items, { count: 1 }, 'fr-CA')).toBe('1 article');
    expect(plain(translate(items, { count: 1200 }, 'fr-CA'))).toBe('1 200 articles');
    expect(translate(pos.en['pos.basket.items'], { count: 0 }, 'en-CA')).toBe('0 items');
    expect(translate(pos.en['pos.basket.items'], { count: 1 }, 'en-CA')).toBe('1 item');
  });
});
