import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { launchBrowser, plain, signIn, type TestBrowser } from '../support/browser.ts';
import { openTill, startTestRuntime, type TestRuntime } from '../support/runtime.ts';

let api: TestRuntime;
let browser: TestBrowser;
beforeAll(async () => {
  browser = await launchBrowser();
  api = await startTestRuntime();
  // The till sells only with its register session open (issue 12).
  await openTill(api, 'cashier1', 'store-1');
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

const availableAt = async (storeId: string, productId: string): Promise<number> => {
  const res = await api.as('manager').get(`/locations/${storeId}/stock?productId=${productId}`);
  expect(res.status).toBe(200);
  return res.body.items[0].available as number;
};

describe('POS (cashier at the till)', () => {
  it('signs cashier1 in from the landing page and opens the till of store-1', async () => {
    const { page, errors } = await browser.page();
    await page.goto(`${api.url}/`);
    await expect(page.getByRole('heading', { name: 'Applications' }).isVisible()).resolves.toBe(true);
    for (const app of ['Caisse (POS)', 'Boutique en ligne', 'Siège social', 'Opérations'])
      expect(await page.locator('.app-cards').getByRole('link', { name: app, exact: true }).count()).toBe(1);
    // Never prefilled with a real user: another store's cashier could end up selling as store-1 (issue 12).
    expect(await page.getByLabel("Nom d'utilisateur").inputValue()).toBe('');
    expect(await page.getByLabel('Mot de passe').inputValue()).toBe('');
    await signIn(page, api.url, 'cashier1');
    expect(new URL(page.url()).pathname).toBe('/web/pos/');
    await page.getByRole('heading', { name: /Caisse — Centre-Ville/ }).waitFor();
    expect(plain(await page.getByTestId('whoami').textContent())).toBe('cashier1 · caissier');
    expect(errors).toEqual([]);
  });

  it('comes back to the page that asked for the login, and never leaves the site', async () => {
    const { page } = await browser.page();
    await page.goto(`${api.url}/web/pos/`);
    await page.getByRole('link', { name: 'Se connecter' }).last().click();
    await signIn(page, api.url, 'cashier1', { keepUrl: true });
    expect(new URL(page.url()).pathname).toBe('/web/pos/');

    const other = await browser.page();
    await other.page.goto(`${api.url}/?next=${encodeURIComponent('/\\example.com/')}`);
    await signIn(other.page, api.url, 'cashier1', { keepUrl: true });
    expect(new URL(other.page.url()).origin).toBe(api.url);
  });

  it('finds coffee by name, adds it, takes cash, shows the confirmed receipt and the stock going down', async () => {
    const { page, errors } = await browser.page();
    await signIn(page, api.url, 'cashier1');
    const before = await availableAt('store-1', 'coffee');

    await page.getByLabel('Rechercher un produit').fill('cafe');
    const coffee = page.locator('#pos-results li[data-product-id="coffee"]');
    await coffee.waitFor();
    expect(plain(await coffee.textContent())).toContain('1,99 $');
    await coffee.getByRole('button', { name: 'Ajouter Café au panier' }).click();
    await page.getByRole('button', { name: 'Un Café de plus' }).click();
    expect(await page.getByLabel('Quantité de Café').inputValue()).toBe('2');

    await page.getByLabel('Comptant').check();
    await page.locator('#pay').click();
    const receipt = page.locator('#receipt section.receipt');
    await receipt.waitFor();
    expect(plain(await receipt.getByTestId('order-status').textContent())).toBe('Confirmée');
    // Two coffees at 1,99 $: subtotal 3,98 $, GST 0,20 $, QST 0,40 $; cash rounds 4,58 $ to 4,60 $.
    expect(plain(await receipt.getByTestId('subtotal').textContent())).toBe('3,98 $');
    expect(plain(await receipt.getByTestId('gst').textContent())).toBe('0,20 $');
    expect(plain(await receipt.getByTestId('qst').textContent())).toBe('0,40 $');
    expect(plain(await receipt.getByTestId('total').textContent())).toBe('4,60 $');
    await page.screenshot({ path: '/tmp/comptoir-pos.png', fullPage: true });

    expect(await availableAt('store-1', 'coffee')).toBe(before - 2);
    await page.getByRole('tab', { name: 'Stock du magasin' }).click();
    const row = page.locator('#stock-table tr[data-product-id="coffee"]');
    await row
      .getByTestId('available')
      .filter({ hasText: String(before - 2) })
      .waitFor();
    await page.screenshot({ path: '/tmp/comptoir-pos-stock.png', fullPage: true });
    expect(errors).toEqual([]);
  });

  it('adds a product when a barcode scanner types its EAN-13 and Enter', async () => {
    const { page } = await browser.page();
    await signIn(page, api.url, 'cashier1');
    const search = page.getByLabel('Rechercher un produit');
    await search.fill('0628915100112');
    await search.press('Enter');
    await page.locator('#basket tr[data-product-id="coffee"]').waitFor();
    expect(await search.inputValue()).toBe('');

    // The next scan comes while the focus is on a button of the basket: it still lands in the search.
    await page.getByRole('button', { name: 'Un Café de plus' }).click();
    await page.keyboard.type('0628915100662'); // Espresso
    await page.keyboard.press('Enter');
    await page.locator('#basket tr[data-product-id="espresso"]').waitFor();
    expect(await page.getByLabel('Quantité de Café').inputValue()).toBe('2');
    expect(await search.inputValue()).toBe('');
  });

  it('names the short line and its available units when the store lacks stock, and keeps the basket', async () => {
    const { page } = await browser.page();
    await signIn(page, api.url, 'cashier1');
    const available = await availableAt('store-1', 'chocolatine');
    const search = page.getByLabel('Rechercher un produit');
    await search.fill('chocolatine');
    await page.locator('#pos-results li[data-product-id="chocolatine"]').waitFor();
    await page.getByRole('button', { name: 'Ajouter Chocolatine au panier' }).click();
    await page.getByLabel('Quantité de Chocolatine').fill(String(available + 1));
    await page.getByLabel('Quantité de Chocolatine').press('Tab');
    await page.locator('#pay').click();
    const error = page.locator('#sale-message [role="alert"]');
    await error.waitFor();
    expect(plain(await error.textContent())).toContain(
      `Stock insuffisant` + `Chocolatine : ${available} disponible(s), ${available + 1} demandé(s)`,
    );
    expect(await page.locator('#basket tr[data-product-id="chocolatine"]').count()).toBe(1);
    expect(await availableAt('store-1', 'chocolatine')).toBe(available);
  });

  it('says a card was declined, then takes another card for the same basket', async () => {
    const { page } = await browser.page();
    await signIn(page, api.url, 'cashier1');
    const before = await availableAt('store-1', 'muffin-aux-bleuets');
    await page.getByLabel('Rechercher un produit').fill('muffin aux bleuets');
    await page.getByRole('button', { name: 'Ajouter Muffin aux bleuets au panier' }).click();
    await page.getByLabel('Carte', { exact: true }).check();
    await page.getByLabel('Carte de test').selectOption('4000000000000002');
    await page.locator('#pay').click();
    await page.locator('#sale-message [role="alert"]', { hasText: 'Carte refusée' }).waitFor();
    expect(await availableAt('store-1', 'muffin-aux-bleuets')).toBe(before);

    await page.getByLabel('Carte de test').selectOption('4242424242424242');
    await page.locator('#pay').click();
    await page.locator('#receipt [data-testid="order-status"]', { hasText: 'Confirmée' }).waitFor();
    expect(await availableAt('store-1', 'muffin-aux-bleuets')).toBe(before - 1);
  });

  it('retries with the same Idempotency-Key after a lost answer and sells once; a new basket gets a new key', async () => {
    const { page } = await browser.page();
    await signIn(page, api.url, 'cashier1');
    // The till's service worker controls the page first, as at any till after its first load. Twice
    // in full runs (never alone) the till never heard of the lost answer below; the likely cause is
    // the worker, still installing under the load, claiming the page while the sale was in flight.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const before = await availableAt('store-1', 'croissant-aux-amandes');
    const keys: string[] = [];
    let lose = true;
    await page.route('**/locations/store-1/sales', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (!lose) return route.continue();
      lose = false;
      await route.fetch(); // the sale reaches the server…
      await route.abort('connectionreset'); // …but its answer never reaches the till
    });
    await page.getByLabel('Rechercher un produit').fill('croissant aux amandes');
    await page.getByRole('button', { name: 'Ajouter Croissant aux amandes au panier' }).click();
    await page.locator('#pay').click();
    await page.locator('#sale-message [role="alert"]', { hasText: 'Réessayez' }).waitFor();
    await page.locator('#pay').click();
    await page.locator('#receipt [data-testid="order-status"]', { hasText: 'Confirmée' }).waitFor();

    expect(keys).toHaveLength(2);
    expect(keys[0]).not.toBe('');
    expect(keys[1]).toBe(keys[0]);
    expect(await availableAt('store-1', 'croissant-aux-amandes')).toBe(before - 1);

    // The same basket rung up again is a new sale: a new key, a second unit sold.
    const receipt = page.locator('#receipt section.receipt');
    const firstOrder = await receipt.getAttribute('data-order-id');
    await page.getByRole('button', { name: 'Ajouter Croissant aux amandes au panier' }).click();
    await page.locator('#pay').click();
    await page.locator(`#receipt section.receipt:not([data-order-id="${firstOrder}"])`).waitFor();
    expect(keys).toHaveLength(3);
    expect(keys[2]).not.toBe(keys[0]);
    expect(await availableAt('store-1', 'croissant-aux-amandes')).toBe(before - 2);
  });

  it("shows the store's stock with badges and central stock, and requests a replenishment in one click", async () => {
    const { page, errors } = await browser.page();
    await signIn(page, api.url, 'cashier3');
    await page.getByRole('tab', { name: 'Stock du magasin' }).click();
    const rows = page.locator('#stock-table tbody tr');
    await rows.first().waitFor();
    const statuses = await rows
      .locator('[data-status]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    expect(new Set(statuses)).toContain('low');

    const candidate = rows.filter({ has: page.getByRole('button', { name: /^Demander \d+$/ }) }).first();
    const productId = (await candidate.getAttribute('data-product-id'))!;
    const row = page.locator(`#stock-table tr[data-product-id="${productId}"]`);
    const quantity = Number((await row.getByRole('button').textContent())!.replace(/\D/g, ''));
    const line = (await api.as('manager').get(`/locations/store-3/stock?productId=${productId}`)).body
      .items[0];
    expect(['out', 'low', 'reorder']).toContain(line.status);
    expect(quantity).toBe(line.suggestedQuantity);
    const central = (await api.as('manager').get(`/locations/warehouse/stock?productId=${productId}`)).body
      .items[0];
    expect(plain(await row.locator('td').nth(4).textContent())).toBe(String(central.available));
    await page.screenshot({ path: '/tmp/comptoir-pos-stock.png' });

    const name = plain(await row.locator('td').first().textContent());
    await row.getByRole('button').click();
    // The request is listed with this store's requests, and the warehouse fulfils it (an event consumer).
    await page.locator('#replenishments tbody tr', { hasText: name }).waitFor();
    const requests = await api.as('manager').get('/locations/store-3/replenishments');
    expect(requests.status).toBe(200);
    expect(requests.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ productId, quantity })]),
    );
    // The warehouse ships it; the store confirms what arrived (POST …/receipt, docs/stock.md).
    await vi.waitFor(
      async () => {
        const all = (await api.as('manager').get('/locations/store-3/replenishments')).body.items as {
          id: string;
          productId: string;
          status: string;
        }[];
        const r = all.find((x) => x.productId === productId && x.status === 'in-transit');
        if (!r) throw new Error('not shipped yet');
        return r;
      },
      { timeout: 30_000, interval: 100 },
    );
    // The cashier counts what arrived: one unit short, with its reason (a discrepancy movement).
    await page.getByRole('button', { name: 'Actualiser' }).click();
    const transfer = page.locator('#replenishments tbody tr', { hasText: name });
    await transfer.getByRole('button', { name: 'Confirmer la réception' }).waitFor();
    await transfer.getByLabel(`Unités reçues en bon état : ${name}`).fill(String(quantity - 1));
    await transfer.getByLabel('Raison de l’écart (si moins)').fill('1 écrasé');
    await transfer.getByRole('button', { name: 'Confirmer la réception' }).click();
    await page.getByText(`Réception confirmée : ${quantity - 1} × ${name}.`).waitFor();
    await vi.waitFor(
      async () => {
        const now = (await api.as('manager').get(`/locations/store-3/stock?productId=${productId}`)).body
          .items[0];
        if (now.available !== line.available + quantity - 1) throw new Error('not fulfilled yet');
      },
      { timeout: 30_000, interval: 100 },
    );
    await page.getByRole('button', { name: 'Actualiser' }).click();
    await row
      .getByTestId('available')
      .filter({ hasText: String(line.available + quantity - 1) })
      .waitFor();
    await page.locator('#replenishments tbody tr', { hasText: name }).getByText('Reçue').waitFor();
    const movements = (await api.as('manager').get(`/stock/${productId}/movements?locationId=store-3`)).body
      .items as { kind: string; quantity: number; reason?: string }[];
    expect(movements).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'discrepancy', quantity: -1 })]),
    );
    expect(errors).toEqual([]);
  });
});
