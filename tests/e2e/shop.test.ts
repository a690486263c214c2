import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, plain, signIn, type TestBrowser } from '../support/browser.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

let api: TestRuntime;
let browser: TestBrowser;
beforeAll(async () => {
  browser = await launchBrowser();
  api = await startTestRuntime();
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

const phone = { width: 390, height: 844 };

describe('web shop', () => {
  it('lets anyone browse a category on a phone, with prices in fr-CA dollars', async () => {
    const { page, errors } = await browser.page({ viewport: phone });
    await page.goto(`${api.url}/web/shop/`);
    await page.getByRole('button', { name: 'Café', exact: true }).click();
    await page.locator('#products li[data-product-id="coffee"]').waitFor();
    const cards = page.locator('#products li.product');
    const categories = await cards.locator('.muted.small').allTextContents();
    expect(categories.length).toBeGreaterThan(3);
    expect(new Set(categories)).toEqual(new Set(['Café']));
    expect(plain(await page.locator('#products li[data-product-id="coffee"] .price').textContent())).toBe(
      '1,99 $',
    );
    // No horizontal scrolling on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width);
    await page.screenshot({ path: '/tmp/comptoir-shop-phone.png' });

    await page.getByRole('button', { name: 'Ajouter au panier : Café', exact: true }).click();
    await page.getByRole('alert').or(page.locator('.alert-info')).first().waitFor();
    expect(plain(await page.locator('.messages').textContent())).toContain(
      'Connectez-vous avec un compte client',
    );
    expect(errors).toEqual([]);
  });

  it('lets the customer fill a cart and check out: a declined card keeps the cart, the approved one orders', async () => {
    const { page, errors } = await browser.page();
    await signIn(page, api.url, 'customer');
    expect(new URL(page.url()).pathname).toBe('/web/shop/');
    const before = (await api.as('manager').get('/locations/warehouse/stock?productId=croissant-au-beurre'))
      .body.items[0].available as number;

    await page.getByLabel('Rechercher').fill('croissant');
    const card = page.locator('#products li[data-product-id="croissant-au-beurre"]');
    await card.waitFor();
    await card.getByRole('button', { name: /^Ajouter au panier/ }).click();
    await page.locator('#cart tr[data-product-id="croissant-au-beurre"]').waitFor();
    await page
      .getByRole('button', { name: /de plus$/ })
      .first()
      .click();
    await page.locator('#cart [data-testid="cart-qty"]', { hasText: '2' }).waitFor();

    await page.getByLabel('Adresse').fill('1234 rue Saint-Denis');
    await page.getByLabel('Code postal').fill('H2X 3K8');
    // A declined card says so and keeps the cart; the approved card then places the order.
    await page.getByLabel('Carte de test').selectOption('4000000000000002');
    await page.getByRole('button', { name: 'Commander' }).click();
    await page.locator('#checkout [role="alert"]', { hasText: 'Carte refusée' }).waitFor();
    await page.getByLabel('Carte de test').selectOption('4242424242424242');
    await page.getByRole('button', { name: 'Commander' }).click();

    const confirmation = page.locator('#confirmation section.receipt');
    await confirmation.waitFor();
    expect(plain(await confirmation.locator('h2').textContent())).toBe('Merci ! Commande confirmée');
    const orderId = await confirmation.getAttribute('data-order-id');
    expect(plain(await confirmation.getByTestId('total').textContent())).toMatch(/^\d+,\d\d \$$/);
    await page.screenshot({ path: '/tmp/comptoir-shop-confirmed.png', fullPage: true });

    // The order is in "my orders", and the warehouse served it.
    await page.locator('#orders tbody tr', { hasText: orderId! }).waitFor();
    const after = (await api.as('manager').get('/locations/warehouse/stock?productId=croissant-au-beurre'))
      .body.items[0].available as number;
    expect(after).toBe(before - 2);
    expect(errors).toEqual([]);
  });
});
