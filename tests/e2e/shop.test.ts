import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchBrowser, plain, signIn, type TestBrowser } from '../support/browser.ts';
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

  it('a promo code in the shop: head office creates it, the cart shows the discount, the receipt and the uses follow', async () => {
    // Head office, at 1024×768: a 10 % code limited to 5 orders.
    const office = await browser.page({ viewport: { width: 1024, height: 768 } });
    await signIn(office.page, api.url, 'manager');
    await office.page.goto(`${api.url}/web/office/#promos`);
    const form = office.page.locator('#promo-form');
    await form.waitFor();
    await form.getByLabel('Code', { exact: true }).fill('hiver-e2e');
    await form.getByLabel('Type de rabais').selectOption('percent');
    await form.getByLabel('Rabais (% ou $)').fill('10');
    await form.getByLabel('Valide jusqu’au').fill('2099-12-31');
    await form.getByLabel('Limite d’utilisations').fill('5');
    await form.getByLabel('Description (reçu)').fill('Hiver −10 %');
    await form.getByRole('button', { name: 'Créer le code' }).click();
    const row = office.page.locator('#promos-table tr[data-code="HIVER-E2E"]');
    await row.waitFor();
    expect(plain(await row.getByTestId('promo-uses').textContent())).toBe('0 sur 5');
    expect(await axeViolations(office.page)).toEqual([]);
    await office.page.locator('#promos').screenshot({ path: '/tmp/comptoir-office-promos.png' });

    // The customer: maple syrup 12.99 $ (zero-rated) and chips 4.49 $ (standard) = 17.48 $;
    // −10 % = 1.75 $ before taxes (syrup 11.69 $, chips 4.04 $); home delivery 9.95 $ (never discounted)
    // splits with the goods after discounts: 7.39 $ zero-rated, 2.56 $ standard (docs/taxes.md,
    // "Shipping"); GST 0.33 $ and QST 0.66 $ on 6.60 $: 15.73 + 9.95 + 0.99 = 26.67 $.
    const { page, errors } = await browser.page({ viewport: { width: 1024, height: 768 } });
    await signIn(page, api.url, 'customer');
    for (const [query, productId] of [
      ['sirop', 'sirop-erable-540ml'],
      ['croustilles', 'croustilles-sel-vinaigre-220g'],
    ] as const) {
      await page.getByLabel('Rechercher').fill(query);
      const card = page.locator(`#products li[data-product-id="${productId}"]`);
      await card.waitFor();
      await card.getByRole('button', { name: /^Ajouter au panier/ }).click();
      await page.locator(`#cart tr[data-product-id="${productId}"]`).waitFor();
    }
    // An unknown code says so; the real one (typed in lower case) shows its discount before paying.
    await page.getByLabel('Code promo').fill('PAS-UN-CODE');
    await page.getByRole('button', { name: 'Appliquer' }).click();
    await page.locator('#promo-message [role="alert"]', { hasText: 'Code promo inconnu' }).waitFor();
    await page.getByLabel('Code promo').fill('hiver-e2e');
    await page.getByRole('button', { name: 'Appliquer' }).click();
    await page.getByTestId('promo-applied').waitFor();
    const cart = page.locator('#cart');
    expect(plain(await cart.getByTestId('discount').textContent())).toMatch(/1,75 \$$/);
    // Before paying, the cart shows what the checkout charges: home delivery (the choice it opens
    // with) 9.95 $ and its taxes are in the total, 26.67 $ — the receipt's total below.
    expect(plain(await cart.getByTestId('shipping').textContent())).toBe('9,95 $');
    expect(plain(await cart.getByTestId('total').textContent())).toBe('26,67 $');
    await cart.screenshot({ path: '/tmp/comptoir-shop-promo.png' });
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Adresse').fill('1234 rue Saint-Denis');
    await page.getByLabel('Code postal').fill('H2X 3K8');
    await page.getByRole('button', { name: 'Commander' }).click();
    const receipt = page.locator('#confirmation section.receipt');
    await receipt.waitFor();
    expect(plain(await receipt.getByTestId('discount').textContent())).toMatch(/1,75 \$$/);
    expect(plain(await receipt.getByTestId('total').textContent())).toBe('26,67 $');
    expect(errors).toEqual([]);

    // Head office sees the use.
    await office.page.reload();
    await row.waitFor();
    expect(plain(await row.getByTestId('promo-uses').textContent())).toBe('1 sur 5');
    expect(office.errors).toEqual([]);
  });
});
