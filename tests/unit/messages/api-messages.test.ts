import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { m } from '#domain/shared/message.ts';
import { NotFoundError, RuleViolation } from '#domain/shared/errors.ts';
import { fr } from '#functions/shared/messages/fr-CA.ts';
import { localeOf, say, titleIn } from '#functions/shared/messages/index.ts';
import { HttpProblem, toProblem } from '#functions/shared/problem.ts';
import { sourceMessages } from '../../support/source-messages.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\d+)\}/g)].map((x) => x[1]).sort();
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('French catalog of the API (functions/shared/messages/fr-CA.ts)', () => {
  const source = sourceMessages();

  it('has the French text of every message the server code can put in a problem', () => {
    const missing = [...source.messages].filter(([id]) => fr.messages[id] === undefined);
    expect(missing.map(([id, where]) => `${where}: ${id}`)).toEqual([]);
  });

  it('is given every message with values as an m`…` template, never as a plain template string', () => {
    expect(source.untagged).toEqual([]);
  });

  it('holds no text the code no longer writes (an English text changed without its French)', () => {
    const root = join(import.meta.dirname, '..', '..', '..');
    const code = ['domain', 'functions']
      .flatMap((dir) =>
        readdirSync(join(root, dir), { recursive: true })
          .map(String)
          .filter((f) => f.endsWith('.ts') && !f.includes('messages'))
          .map((f) => readFileSync(join(root, dir, f), 'utf8')),
      )
      .join('\n');
    const stale = Object.keys(fr.messages).filter((id) => !source.messages.has(id) && !code.includes(id));
    expect(stale).toEqual([]);
  });

  it('keeps the values of each message: the same {0}, {1} in French as in English', () => {
    for (const [id, french] of Object.entries(fr.messages))
      expect(placeholders(french), id).toEqual(placeholders(id));
  });

  it('titles every problem code the code raises, and those made at run time', () => {
    const dynamic = ['duplicate-sku', 'duplicate-barcode', 'duplicate-username', 'duplicate-email'];
    const saga = [
      'insufficient-stock',
      'payment-declined',
      'payment-reversed',
      'payment-unavailable',
      'unknown-product',
    ];
    for (const code of [...source.codes.keys(), ...dynamic, ...saga])
      expect(fr.titles[code], code).toBeDefined();
  });
});

describe('localeOf (Accept-Language → fr-CA or en-CA)', () => {
  it.each([
    [undefined, 'en-CA'],
    ['', 'en-CA'],
    ['fr-CA', 'fr-CA'],
    ['fr', 'fr-CA'],
    ['FR-fr', 'fr-CA'],
    ['en-CA', 'en-CA'],
    ['en-US,en;q=0.9', 'en-CA'],
    ['fr-CA,fr;q=0.9,en;q=0.8', 'fr-CA'],
    ['en;q=0.5, fr;q=0.9', 'fr-CA'],
    ['de-DE, fr;q=0.3', 'fr-CA'],
    ['de-DE, es', 'en-CA'],
    ['*', 'en-CA'],
    ['fr;q=0, en', 'en-CA'],
    ['fr;q=abc', 'en-CA'],
  ])('%s → %s', (header, locale) => {
    expect(localeOf(header)).toBe(locale);
  });
});

describe('say (a message in a locale)', () => {
  it('writes English as the code wrote it, French from the template with its values', () => {
    const msg = m`quantity is a whole number from 0 to ${50}`;
    expect(say(msg, 'en-CA')).toBe('quantity is a whole number from 0 to 50');
    expect(say(msg, 'fr-CA')).toBe('la quantité est un nombre entier de 0 à 50');
  });

  it('writes numbers with French digits and translates the words passed as values', () => {
    expect(plain(say(m`an order has at most ${1000} products`, 'fr-CA'))).toBe(
      'une commande compte au plus 1 000 produits',
    );
    expect(say(new NotFoundError('Product', 'croissant').said, 'fr-CA')).toBe(
      'Le produit croissant est introuvable',
    );
    expect(say(m`This ${'cart'} belongs to another customer`, 'fr-CA')).toBe(
      'Accès refusé : ce panier appartient à un autre client',
    );
  });

  it('writes messages nested as values and lists of them in the locale too', () => {
    const over = m`Cannot return more than was sold: ${[m`${'coffee'} (${3} asked, ${2} returnable)`, m`${'donut'} (${1} asked, ${0} returnable)`]}`;
    expect(over.text).toBe(
      'Cannot return more than was sold: coffee (3 asked, 2 returnable), donut (1 asked, 0 returnable)',
    );
    expect(say(over, 'fr-CA')).toBe(
      'Impossible de retourner plus que ce qui a été vendu : coffee (3 demandé(s), 2 retournable(s)), donut (1 demandé(s), 0 retournable(s))',
    );
    expect(say(m`${'The card was declined by the issuer'}; it was refunded`, 'fr-CA')).toBe(
      'La carte a été refusée par l’émetteur ; il a été remboursé',
    );
  });

  it('falls back on the French detail of the code for a text that lost its template, then on English', () => {
    const sagaText = 'Not enough stock at store-1: coffee (2 available, 5 requested)';
    expect(say(sagaText, 'fr-CA', 'insufficient-stock')).toBe(fr.codeDetails['insufficient-stock']);
    expect(say('something new', 'fr-CA')).toBe('something new');
  });

  it('titles by code, else by status', () => {
    expect(titleIn('fr-CA', 'payment-declined', 402, 'Payment declined')).toBe('Paiement refusé');
    expect(titleIn('fr-CA', 'some-new-code', 409, 'Some new code')).toBe('Conflit');
    expect(titleIn('fr-CA', 'some-new-code', 418, 'Teapot')).toBe('Requête invalide');
    expect(titleIn('en-CA', 'payment-declined', 402, 'Payment declined')).toBe('Payment declined');
  });
});

describe('problem documents in two languages', () => {
  it('keep type, code, status and extensions, and translate title, detail and field messages', () => {
    const problem = toProblem(new RuleViolation('quantity', m`quantity is a whole number from 0 to ${50}`));
    const en = problem.body();
    const frBody = problem.body('fr-CA');
    expect(en).toMatchObject({
      type: 'https://comptoir.dev/problems/validation-error',
      code: 'validation-error',
      status: 400,
      title: 'Your request is not valid',
      detail: 'quantity is a whole number from 0 to 50',
      errors: [{ path: 'body.quantity', message: 'quantity is a whole number from 0 to 50' }],
    });
    expect(frBody).toEqual({
      ...en,
      title: 'Votre requête n’est pas valide',
      detail: 'la quantité est un nombre entier de 0 à 50',
      errors: [{ path: 'body.quantity', message: 'la quantité est un nombre entier de 0 à 50' }],
    });
  });

  it('answer in English by default, as before, for API clients', () => {
    const problem = new HttpProblem(409, 'insufficient-stock', 'Insufficient stock', 'short', {
      orderId: 'ord_1',
    });
    expect(problem.body()).toEqual({
      type: 'https://comptoir.dev/problems/insufficient-stock',
      title: 'Insufficient stock',
      status: 409,
      detail: 'short',
      code: 'insufficient-stock',
      orderId: 'ord_1',
    });
  });
});
