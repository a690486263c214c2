import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchBrowser, plain, signIn, type TestBrowser } from '../support/browser.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

/**
 * Web orders all the way to the customer (issue 16), in the browser: a new customer signs up in the
 * shop on a phone and orders for pickup; the store's cashier marks it ready on the staff page; the
 * customer sees the pickup code in "Mes commandes"; the store hands it over against that code. A
 * delivery goes through the warehouse's pick list to shipped, and the customer sees the tracking
 * number. The ops mailbox shows the e-mails. One runtime for the file; axe on every new page.
 */
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
const staff = { width: 1024, height: 768 };
const username = `client${randomUUID().slice(0, 8)}`;
const email = `${username}@example.com`;
let pickupOrderId = '';

async function noAxeViolations(page: Page): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
}

describe('web orders in the browser', () => {
  it('sign up → order for pickup → the store marks it ready → the customer sees the code → the store collects', async () => {
    const { page: shop, errors } = await browser.page({ viewport: phone });
    await shop.goto(`${api.url}/web/shop/`);
    await shop.getByLabel("Nom d'utilisateur").fill(username);
    await shop.getByLabel('Courriel').fill(email);
    await shop.getByLabel('Mot de passe (8 caractères ou plus)').fill('comptoir-demo-2026');
    await noAxeViolations(shop);
    await shop.getByRole('button', { name: 'Créer mon compte' }).click();
    await shop.getByTestId('whoami').filter({ hasText: username }).waitFor();

    await shop.getByLabel('Rechercher').fill('muffin');
    const card = shop.locator('#products li[data-product-id="muffin"]');
    await card.getByRole('button', { name: /^Ajouter au panier/ }).click();
    await shop.locator('#cart tr[data-product-id="muffin"]').waitFor();
    await shop.getByLabel('Cueillette en magasin').check();
    await shop.getByLabel('Magasin', { exact: true }).selectOption('store-1');
    await noAxeViolations(shop);
    await shop.getByRole('button', { name: 'Commander' }).click();
    const confirmation = shop.locator('#confirmation section.receipt');
    await confirmation.waitFor();
    pickupOrderId = (await confirmation.getAttribute('data-order-id'))!;
    expect(plain(await confirmation.getByTestId('delivery').textContent())).toMatch(/^Cueillette au magasin/);
    expect(await shop.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width);
    await api.runtime.bus.settled();

    // The store's cashier prepares it from the pickup shelf.
    const { page: store, errors: storeErrors } = await browser.page({ viewport: staff });
    await signIn(store, api.url, 'cashier1');
    await store.goto(`${api.url}/web/orders/`);
    const shelf = store.locator(`li.fulfilment[data-order-id="${pickupOrderId}"]`);
    await shelf.waitFor();
    expect(plain(await shelf.locator('.pick-lines').textContent())).toContain('1 × ');
    await noAxeViolations(store);
    await shelf.getByRole('button', { name: 'Prête pour la cueillette' }).click();
    await store
      .locator(`li.fulfilment[data-order-id="${pickupOrderId}"][data-status="ready-for-pickup"]`)
      .waitFor();

    // The customer sees the code in "Mes commandes".
    await shop.reload();
    const row = shop.locator(`#orders tr[data-order-id="${pickupOrderId}"]`);
    await row.getByTestId('pickup-code').waitFor();
    expect(plain(await row.getByTestId('fulfilment-status').textContent())).toBe('Prête pour la cueillette');
    const code = plain(await row.getByTestId('pickup-code').textContent());
    expect(code).toMatch(/^\d{6}$/);
    await noAxeViolations(shop);

    // A wrong code is refused; the right one hands it over.
    const ready = store.locator(`li.fulfilment[data-order-id="${pickupOrderId}"]`);
    await ready.getByLabel('Code du client').fill(code === '000000' ? '111111' : '000000');
    await ready.getByRole('button', { name: 'Remettre au client' }).click();
    await store.getByRole('alert').waitFor();
    await store
      .locator(`li.fulfilment[data-order-id="${pickupOrderId}"]`)
      .getByLabel('Code du client')
      .fill(code);
    await store
      .locator(`li.fulfilment[data-order-id="${pickupOrderId}"]`)
      .getByRole('button', { name: 'Remettre au client' })
      .click();
    await store.locator('.messages .alert-success', { hasText: 'Récupérée' }).waitFor();
    expect((await api.as('manager').get(`/fulfilments/${pickupOrderId}`)).body.status).toBe('collected');
    expect(errors).toEqual([]);
    expect(storeErrors).toEqual([]);
  });

  it('order for delivery → the pick list → shipped → the customer sees the tracking number', async () => {
    const { page: shop, errors } = await browser.page({ viewport: phone });
    await signIn(shop, api.url, 'customer');
    await shop.getByLabel('Rechercher').fill('croissant au beurre');
    const card = shop.locator('#products li[data-product-id="croissant-au-beurre"]');
    await card.getByRole('button', { name: /^Ajouter au panier/ }).click();
    await shop.locator('#cart tr[data-product-id="croissant-au-beurre"]').waitFor();
    // The delivery charge is in the cart's total before paying, and that total is what is charged.
    const cart = shop.locator('#cart');
    await cart.getByTestId('shipping').waitFor();
    expect(plain(await cart.getByTestId('shipping').textContent())).toBe('9,95 $');
    await shop.getByLabel('Adresse').fill('1234 rue Saint-Denis');
    await shop.getByLabel('Code postal').fill('H2X 3K8');
    // A second croissant: the cart is priced again and drawn again, the address typed stays.
    const before = plain(await cart.getByTestId('total').textContent());
    await shop.getByRole('button', { name: /^Un Croissant au beurre de plus/ }).click();
    await cart
      .locator('tr[data-product-id="croissant-au-beurre"] [data-testid="cart-qty"]', { hasText: '2' })
      .waitFor();
    await expect.poll(async () => plain(await cart.getByTestId('total').textContent())).not.toBe(before);
    expect(await shop.getByLabel('Adresse').inputValue()).toBe('1234 rue Saint-Denis');
    expect(await shop.getByLabel('Code postal').inputValue()).toBe('H2X 3K8');
    const shown = plain(await cart.getByTestId('total').textContent());
    await shop.getByRole('button', { name: 'Commander' }).click();
    const confirmation = shop.locator('#confirmation section.receipt');
    await confirmation.waitFor();
    const orderId = (await confirmation.getAttribute('data-order-id'))!;
    expect(plain(await confirmation.getByTestId('shipping').textContent())).toBe('9,95 $');
    expect(plain(await confirmation.getByTestId('total').textContent())).toBe(shown);
    await api.runtime.bus.settled();

    const { page: warehouse, errors: staffErrors } = await browser.page({ viewport: staff });
    await signIn(warehouse, api.url, 'manager');
    await warehouse.goto(`${api.url}/web/orders/`);
    const item = () => warehouse.locator(`li.fulfilment[data-order-id="${orderId}"]`);
    await item().waitFor();
    await noAxeViolations(warehouse);
    await item().getByRole('button', { name: 'Commencer la préparation' }).click();
    await warehouse.locator(`li.fulfilment[data-order-id="${orderId}"][data-status="picking"]`).waitFor();
    await item().getByRole('button', { name: 'Marquer emballée' }).click();
    await warehouse.locator(`li.fulfilment[data-order-id="${orderId}"][data-status="packed"]`).waitFor();
    await item().getByLabel('Numéro de suivi').fill('CP-123456789');
    await item().getByRole('button', { name: 'Marquer expédiée' }).click();
    // Shipped, it leaves the pick list: the message shows once the list is reloaded.
    await warehouse.locator('.messages .alert-success', { hasText: 'Expédiée' }).waitFor();
    expect(await item().count()).toBe(0);

    await shop.reload();
    const row = shop.locator(`#orders tr[data-order-id="${orderId}"]`);
    await row.getByTestId('tracking-number').waitFor();
    expect(plain(await row.getByTestId('tracking-number').textContent())).toBe('CP-123456789');
    expect(plain(await row.getByTestId('fulfilment-status').textContent())).toBe('Expédiée');
    expect(errors).toEqual([]);
    expect(staffErrors).toEqual([]);
  });

  it('shows ops the e-mails sent to the new customer in the mailbox', async () => {
    await api.runtime.bus.settled();
    const { page, errors } = await browser.page({ viewport: staff });
    await signIn(page, api.url, 'ops');
    await page.goto(`${api.url}/web/mailbox/`);
    const mails = page.locator('#mailbox li.mail', { hasText: email });
    await mails.first().waitFor();
    // The confirmation, then "ready for pickup": each once.
    expect(await mails.count()).toBe(2);
    const subjects = (await mails.locator('.mail-subject').allTextContents()).join(' | ');
    expect(subjects).toMatch(/confirmée/);
    expect(subjects).toMatch(/prête/);
    await mails.first().getByText('Lire le courriel').click();
    expect(plain(await mails.first().locator('.mail-text').textContent())).not.toBe('');
    await noAxeViolations(page);
    expect(errors).toEqual([]);
  });
});
