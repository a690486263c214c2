import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResponse, TestRuntime } from '../support/runtime.ts';
import { startTestRuntime } from '../support/runtime.ts';

/**
 * Problem documents in the caller's language: `Accept-Language` picks fr-CA or en-CA for `title`,
 * `detail` and the field messages; `type`, `code`, `status` and the extensions never change, so a
 * client branches on them whatever the language. Without the header the API answers in English.
 */
let api: TestRuntime;
beforeAll(async () => {
  api = await startTestRuntime();
});
afterAll(() => api.stop());

const french = { headers: { 'accept-language': 'fr-CA,fr;q=0.9,en;q=0.5' } };
const english = { headers: { 'accept-language': 'en-CA' } };

/** The parts of a problem that must be the same in every language. */
const invariant = (res: ApiResponse) => {
  const { title: _title, detail: _detail, errors, ...rest } = res.body;
  return { status: res.status, ...rest, paths: (errors ?? []).map((e: { path: string }) => e.path) };
};

describe('problem documents by Accept-Language', () => {
  it('says a product is not found in French or in English, with the same type and code', async () => {
    const [fr, en, none] = await Promise.all([
      api.anon.get('/products/croissant-lune', french),
      api.anon.get('/products/croissant-lune', english),
      api.anon.get('/products/croissant-lune'),
    ]);
    expect(fr.status).toBe(404);
    expect(fr.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(fr.headers.get('content-language')).toBe('fr-CA');
    expect(fr.body).toMatchObject({
      type: 'https://comptoir.dev/problems/not-found',
      code: 'not-found',
      title: 'Introuvable',
      detail: 'Le produit croissant-lune est introuvable',
    });
    expect(en.headers.get('content-language')).toBe('en-CA');
    expect(en.body).toMatchObject({ title: 'Not found', detail: 'Product croissant-lune does not exist' });
    // No header: English, for API clients.
    expect(none.body).toEqual(en.body);
    expect(invariant(fr)).toEqual(invariant(en));
  });

  it('writes field errors in French: the rules of the code and zod’s own checks', async () => {
    const body = { sku: 'x', name: 'Tarte', category: 'patisserie', priceCents: -1, colour: 'red' };
    const [fr, en] = await Promise.all([
      api.as('manager').post('/products', body, french),
      api.as('manager').post('/products', body, english),
    ]);
    expect(fr.status).toBe(400);
    expect(invariant(fr)).toEqual(invariant(en));
    const messages = (res: ApiResponse) =>
      Object.fromEntries(res.body.errors.map((e: { path: string; message: string }) => [e.path, e.message]));
    expect(fr.body.title).toBe('Votre requête n’est pas valide');
    expect(fr.body.detail).toBe('Le corps de la requête contient 3 erreur(s)');
    expect(messages(fr)).toEqual({
      'body.sku': 'doit compter de 2 à 40 lettres, chiffres ou traits d’union',
      'body.priceCents': 'ne doit pas être négatif',
      'body.colour': 'champ inconnu',
    });
    expect(messages(en)).toEqual({
      'body.sku': 'must be 2–40 letters, digits or dashes',
      'body.priceCents': 'must not be negative',
      'body.colour': 'unknown field',
    });
    // A missing field: zod's message, in French too.
    const missing = await api.as('manager').post('/products', { sku: 'TARTE-1' }, french);
    const name = missing.body.errors.find((e: { path: string }) => e.path === 'body.name');
    expect(name.message).toMatch(/^Entrée invalide/);
  });

  it('refuses a declined card at the till in French, keeping the order id for the client', async () => {
    const sale = (options: typeof french, key: string) =>
      api.as('cashier1').post(
        '/locations/store-1/sales',
        {
          lines: [{ productId: 'espresso', quantity: 1 }],
          payment: { method: 'card', cardNumber: '4000000000000002' },
        },
        { ...options, idempotencyKey: key },
      );
    const [fr, en] = await Promise.all([sale(french, 'lang-declined-fr'), sale(english, 'lang-declined-en')]);
    expect(fr.status).toBe(402);
    expect(fr.body).toMatchObject({
      code: 'payment-declined',
      title: 'Paiement refusé',
      detail: 'La carte a été refusée par l’émetteur',
      orderId: expect.stringMatching(/^ord_/),
    });
    expect(en.body).toMatchObject({
      code: 'payment-declined',
      detail: 'The card was declined by the issuer',
    });
  });

  it('names the short lines of an insufficient-stock refusal in any language, the detail in French', async () => {
    const stock = await api.as('manager').get('/locations/store-1/stock?productId=chocolatine');
    const available = stock.body.items[0].available as number;
    const res = await api
      .as('cashier1')
      .post(
        '/locations/store-1/sales',
        { lines: [{ productId: 'chocolatine', quantity: available + 5 }], payment: { method: 'cash' } },
        { ...french, idempotencyKey: 'lang-short-fr' },
      );
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'insufficient-stock',
      title: 'Stock insuffisant',
      lines: [{ productId: 'chocolatine', available, requested: available + 5 }],
    });
    expect(res.body.detail).toMatch(/^Le stock disponible ne suffit pas/);
  });

  it('asks for a token in French, and refuses another store in French', async () => {
    const [unsigned, otherStore] = await Promise.all([
      api.anon.get('/locations', french),
      api.as('cashier1').get('/locations/store-2/stock', french),
    ]);
    expect(unsigned.status).toBe(401);
    expect(unsigned.body).toMatchObject({
      code: 'unauthorized',
      title: 'Non authentifié',
      detail: 'Un jeton d’accès (bearer) valide est requis',
    });
    expect(otherStore.status).toBe(403);
    expect(otherStore.body).toMatchObject({
      code: 'forbidden',
      title: 'Accès refusé',
      detail: 'Un caissier de store-1 ne peut agir que sur ce magasin',
    });
  });

  it('replays an idempotent refusal as it was first answered, in the language of that first request', async () => {
    // A SKU the catalog already has: a 409 the handler answers, stored under the key.
    const body = { sku: 'CPT-CAF-0001', name: 'Tarte', category: 'patisserie', priceCents: 100 };
    const first = await api
      .as('manager')
      .post('/products', body, { ...french, idempotencyKey: 'lang-replay' });
    const again = await api
      .as('manager')
      .post('/products', body, { ...english, idempotencyKey: 'lang-replay' });
    expect(first.status).toBe(409);
    expect(first.body).toMatchObject({ code: 'duplicate-sku', title: 'SKU déjà utilisé' });
    expect(first.body.detail).toBe('Le SKU CPT-CAF-0001 est déjà utilisé par le produit coffee');
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('content-language')).toBe('fr-CA');
  });
});

describe("the user's language (PATCH /me)", () => {
  it('is remembered by the server and handed back at the next login, on any device', async () => {
    const customer = api.as('customer');
    expect((await customer.get('/me')).body.locale).toBeUndefined();
    const set = await customer.patch('/me', { locale: 'en-CA' });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ username: 'customer', role: 'customer', locale: 'en-CA' });
    expect((await customer.get('/me')).body.locale).toBe('en-CA');
    const login = await api.anon.post('/auth/login', { username: 'customer', password: 'comptoir-demo' });
    expect(login.body.user).toMatchObject({ username: 'customer', locale: 'en-CA' });
    // The same choice again changes nothing more; back to French.
    expect((await customer.patch('/me', { locale: 'en-CA' })).body.locale).toBe('en-CA');
    expect((await customer.patch('/me', { locale: 'fr-CA' })).body.locale).toBe('fr-CA');
  });

  it('accepts only fr-CA and en-CA, and only from a signed-in user', async () => {
    const wrong = await api.as('cashier2').patch('/me', { locale: 'de-DE' }, french);
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([{ path: 'body.locale', message: expect.stringMatching(/fr-CA/) }]);
    const extra = await api.as('cashier2').patch('/me', { locale: 'fr-CA', role: 'manager' });
    expect(extra.status).toBe(400);
    expect((await api.as('cashier2').get('/me')).body).toMatchObject({ role: 'cashier' });
    expect((await api.anon.patch('/me', { locale: 'fr-CA' })).status).toBe(401);
  });

  it("comes back with a refreshed session and survives a manager's change to the user", async () => {
    const login = await api.anon.post('/auth/login', { username: 'cashier3', password: 'comptoir-demo' });
    const bearer = { headers: { authorization: `Bearer ${login.body.token}` } };
    expect((await api.anon.patch('/me', { locale: 'en-CA' }, bearer)).status).toBe(200);
    // Choosing a language ends no session: the refresh token still works, and carries the choice.
    const renewed = await api.anon.post('/auth/refresh', { refreshToken: login.body.refreshToken });
    expect(renewed.status).toBe(200);
    expect(renewed.body.user).toMatchObject({ username: 'cashier3', locale: 'en-CA' });
    const changed = await api
      .as('manager')
      .patch(`/users/${login.body.user.id}`, { displayName: 'Caisse trois' });
    expect(changed.body).toMatchObject({ displayName: 'Caisse trois', locale: 'en-CA' });
    expect((await api.anon.get('/me', bearer)).body).toMatchObject({ locale: 'en-CA', status: 'active' });
  });

  it('answers the sessions and lifecycle problems in French too', async () => {
    const refused = await api.anon.post(
      '/auth/refresh',
      { refreshToken: `${'a'.repeat(16)}.${'b'.repeat(43)}` },
      french,
    );
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({
      code: 'invalid-refresh-token',
      title: 'Jeton de renouvellement invalide',
      detail: expect.stringMatching(/reconnectez-vous/),
    });
    const { body: me } = await api.as('manager').get('/me');
    const self = await api.as('manager').patch(`/users/${me.id}`, { status: 'disabled' }, french);
    expect(self.status).toBe(400);
    expect(self.body.errors).toEqual([
      { path: 'body.status', message: 'vous ne pouvez pas désactiver votre propre compte' },
    ]);
  });
});
