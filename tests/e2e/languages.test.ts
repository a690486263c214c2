import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchBrowser, plain, signIn, type TestBrowser } from '../support/browser.ts';
import { openTill, startTestRuntime, type TestRuntime } from '../support/runtime.ts';

/**
 * The two languages as people use them: French first at the till, English on the switch, the
 * choice kept for that cashier (this browser and the server), the server's messages in the page's
 * language; and no serious or critical accessibility violation on any page, in either language.
 */
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

/** The order a receipt shows, as the API has it. */
async function orderOf(receipt: Locator): Promise<{ totalCents: number }> {
  const id = await receipt.getAttribute('data-order-id');
  const res = await api.as('manager').get(`/orders/${id}`);
  expect(res.status).toBe(200);
  return res.body;
}
const frMoney = (cents: number) =>
  plain(new Intl.NumberFormat('fr-CA', { style: 'currency', currency: 'CAD' }).format(cents / 100));
const enMoney = (cents: number) =>
  new Intl.NumberFormat('en-CA', { style: 'currency', currency: 'CAD' }).format(cents / 100);

describe('the till in French and in English', () => {
  it('sells in French by default: French names, labels, money, the server’s refusal in French', async () => {
    const { page, errors } = await browser.page();
    await signIn(page, api.url, 'cashier1');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr-CA');
    await page.getByRole('heading', { name: /Caisse — Centre-Ville/ }).waitFor();

    await page.getByLabel('Rechercher un produit').fill('coffee'); // found by its English name too
    const coffee = page.locator('#pos-results li[data-product-id="coffee"]');
    await coffee.waitFor();
    expect(plain(await coffee.textContent())).toContain('Café');
    expect(plain(await coffee.textContent())).toContain('1,99 $');
    await coffee.getByRole('button', { name: 'Ajouter Café au panier' }).click();
    expect(plain(await page.locator('#basket caption').textContent())).toBe('1 article');

    await page.getByLabel('Carte', { exact: true }).check();
    await page.getByLabel('Carte de test').selectOption('4000000000000002');
    expect(plain(await page.getByLabel('Carte de test').locator('option:checked').textContent())).toBe(
      '4000 0000 0000 0002 — refusée',
    );
    await page.locator('#pay').click();
    const refusal = page.locator('#sale-message [role="alert"]');
    await refusal.waitFor();
    expect(plain(await refusal.textContent())).toContain('Carte refusée');
    expect(plain(await refusal.textContent())).toContain('La carte a été refusée par l’émetteur');

    await page.getByLabel('Comptant').check();
    await page.locator('#pay').click();
    const receipt = page.locator('#receipt section.receipt');
    await receipt.waitFor();
    expect(plain(await receipt.getByTestId('order-status').textContent())).toBe('Confirmée');
    expect(plain(await receipt.locator('.order-lines tbody').textContent())).toContain('Café');
    expect(plain(await receipt.locator('.totals').textContent())).toContain('TPS (5 %)');
    const sold = await orderOf(receipt);
    expect(plain(await receipt.getByTestId('total').textContent())).toBe(frMoney(sold.totalCents));
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('switches to English keeping the basket, sells in English, and remembers the choice for that cashier', async () => {
    const { page, errors } = await browser.page();
    await signIn(page, api.url, 'cashier1');
    await page.getByLabel('Rechercher un produit').fill('donut');
    await page.getByRole('button', { name: 'Ajouter Beigne au panier' }).click();

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: /Till — Centre-Ville/ }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en-CA');
    // The basket came through the switch, the product now under its English name.
    const line = page.locator('#basket tr[data-product-id="donut"]');
    await line.waitFor();
    expect(plain(await line.textContent())).toContain('Donut');
    expect(await page.getByLabel('Quantity of Donut').inputValue()).toBe('1');
    // The server's quote: one donut is a bakery single (fewer than six: GST only, docs/taxes.md),
    // 1,25 + GST 0,06 = 1,31, cash rounded to 1,30.
    await expect.poll(async () => plain(await page.locator('#pay').textContent())).toBe('Charge $1.30');

    await page.getByLabel('Card', { exact: true }).check();
    await page.getByLabel('Test card').selectOption('4000000000000002');
    await page.locator('#pay').click();
    const refusal = page.locator('#sale-message [role="alert"]');
    await refusal.waitFor();
    expect(plain(await refusal.textContent())).toContain('Card declined');
    expect(plain(await refusal.textContent())).toContain('The card was declined by the issuer');

    await page.getByLabel('Test card').selectOption('4242424242424242');
    await page.locator('#pay').click();
    const receipt = page.locator('#receipt section.receipt');
    await receipt.waitFor();
    // The receipt stays French first, English beside it (Charter of the French language).
    expect(plain(await receipt.getByRole('heading').textContent())).toContain('Reçu / Receipt');
    expect(plain(await receipt.getByTestId('order-status').textContent())).toBe('Confirmed');
    expect(plain(await receipt.locator('.order-lines tbody').textContent())).toContain('Beigne / Donut');
    expect(plain(await receipt.locator('.totals').textContent())).toContain('Sous-total / Subtotal');
    expect(plain(await receipt.locator('.totals').textContent())).toContain('TPS (5 %) / GST (5%)');
    expect(plain(await receipt.getByTestId('subtotal').textContent())).toBe('$1.25');
    const sold = await orderOf(receipt);
    expect(plain(await receipt.getByTestId('total').textContent())).toBe(enMoney(sold.totalCents));
    await page.screenshot({ path: '/tmp/comptoir-pos-en.png', fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    // The stock panel in English: English names and badges.
    await page.getByRole('tab', { name: 'Store stock' }).click();
    const coffeeRow = page.locator('#stock-table tr[data-product-id="coffee"]');
    await coffeeRow.waitFor();
    expect(plain(await coffeeRow.locator('td').first().textContent())).toBe('Coffee');
    expect(await page.locator('#stock-table [data-status="out"]').first().textContent()).toBe('Out');
    expect(await axeViolations(page)).toEqual([]);

    // Remembered: on the server for cashier1, and in this browser at the next visit.
    expect((await api.as('cashier1').get('/me')).body.locale).toBe('en-CA');
    await page.goto(`${api.url}/web/pos/`);
    await page.getByRole('heading', { name: /Till — / }).waitFor();
    expect(errors).toEqual([]);
  });

  it('keeps each cashier’s own language on a shared till, and French for one who never chose', async () => {
    const { page } = await browser.page();
    await signIn(page, api.url, 'cashier5');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: /Till — Ouest/ }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${api.url}/`);
    // Signed out, the landing page is French again; the next cashier of the same till too.
    await page.getByRole('heading', { name: 'Applications' }).waitFor();
    await signIn(page, api.url, 'cashier4', { keepUrl: true });
    await page.getByRole('heading', { name: /Caisse — Est/ }).waitFor();
    // cashier1 chose English on another till (the previous test): the server hands it to this browser.
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL(`${api.url}/`);
    await signIn(page, api.url, 'cashier1', { keepUrl: true });
    await page.getByRole('heading', { name: /Till — Centre-Ville/ }).waitFor();
  });
});

describe('every page in both languages', () => {
  const pages = [
    { user: undefined, path: '/', fr: 'Applications', en: 'Apps' },
    { user: 'customer', path: '/web/shop/', fr: 'Boutique en ligne', en: 'Web shop' },
    { user: 'manager', path: '/web/office/', fr: 'Siège social', en: 'Head office' },
    { user: 'ops', path: '/web/ops/', fr: 'Opérations', en: 'Operations' },
    { user: 'manager', path: '/web/orders/', fr: 'Commandes web à préparer', en: 'Web orders to prepare' },
    {
      user: 'ops',
      path: '/web/mailbox/',
      fr: 'Courriels envoyés (boîte locale)',
      en: 'E-mails sent (local mailbox)',
    },
  ] as const;

  it.each(pages)(
    '$path: French, then English on the switch, without a serious accessibility violation',
    async (p) => {
      const { page, errors } = await browser.page();
      if (p.user) await signIn(page, api.url, p.user);
      await page.goto(`${api.url}${p.path}`);
      await page.getByRole('heading', { name: p.fr, exact: true }).first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: p.en, exact: true }).first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(await axeViolations(page)).toEqual([]);
      // And back: the user's next visits are French again.
      await page.getByRole('button', { name: 'Français' }).click();
      await page.getByRole('heading', { name: p.fr, exact: true }).first().waitFor();
      expect(errors).toEqual([]);
    },
  );

  it('shows the operators’ figures with decimal commas in French and points in English', async () => {
    const { page } = await browser.page({ viewport: { width: 1280, height: 900 } });
    await signIn(page, api.url, 'ops');
    const rps = page.locator('[data-kpi="rps"] .value');
    await rps.waitFor();
    expect(plain(await rps.textContent())).toMatch(/^\d+,\d\d$/);
    expect(plain(await page.locator('[data-kpi="errors"] .value').textContent())).toMatch(/^\d+,\d %$/);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Operations', exact: true }).waitFor();
    await page.locator('[data-kpi="rps"] .value').waitFor();
    expect(plain(await page.locator('[data-kpi="rps"] .value').textContent())).toMatch(/^\d+\.\d\d$/);
    expect(plain(await page.locator('[data-kpi="errors"] .value').textContent())).toMatch(/^\d+\.\d%$/);
  });

  it('shows the shop’s products under their English names and descriptions on the switch', async () => {
    const { page } = await browser.page({ viewport: { width: 390, height: 844 } });
    await page.goto(`${api.url}/web/shop/`);
    const card = page.locator('#products li[data-product-id="donut"]');
    await page.getByLabel('Rechercher').fill('beigne');
    await card.waitFor();
    expect(plain(await card.locator('h3').textContent())).toBe('Beigne');
    expect(plain(await card.locator('.price').textContent())).toBe('1,25 $');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByLabel('Search').fill('donut');
    await card.waitFor();
    expect(plain(await card.locator('h3').textContent())).toBe('Donut');
    expect(plain(await card.locator('.desc').textContent())).toBe('Classic glazed donut of the day.');
    expect(plain(await card.locator('.price').textContent())).toBe('$1.25');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});
