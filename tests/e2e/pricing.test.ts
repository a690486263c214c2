import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoStockRepository } from '#functions/inventory/adapters/stock-repository.ts';
import { axeViolations, launchBrowser, plain, signIn, type TestBrowser } from '../support/browser.ts';
import { openTill, startTestRuntime, type TestRuntime } from '../support/runtime.ts';

/**
 * Tax classes and products made to order at the till (docs/taxes.md): an Americano, made on the
 * spot, is sold at a store that has no stock line for it and never shows a stock badge; the receipt
 * shows what was zero-rated apart from what bore GST and QST.
 */
let api: TestRuntime;
let browser: TestBrowser;
beforeAll(async () => {
  browser = await launchBrowser();
  api = await startTestRuntime();
  // The till sells only with its register session open (issue 12).
  await openTill(api, 'cashier4', 'store-4');
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

describe('the till with made-to-order drinks and tax classes', () => {
  it('sells an Americano with no stock line and coffee beans, the receipt split per tax class', async () => {
    const stock = new DynamoStockRepository();
    expect(await stock.stockLine('store-4', 'americano')).toBeUndefined();
    const { page, errors } = await browser.page();
    await signIn(page, api.url, 'cashier4');

    await page.getByLabel('Rechercher un produit').fill('americano');
    const americano = page.locator('#pos-results li[data-product-id="americano"]');
    await americano.waitFor();
    // No stock badge ("Rupture", "0 disponible(s)"): it is made to order.
    expect(plain(await americano.getByTestId('made-to-order').textContent())).toBe('Préparé sur place');
    expect(await americano.getByTestId('result-stock').count()).toBe(0);
    expect(plain(await americano.textContent())).not.toContain('Rupture');
    await americano.getByRole('button', { name: 'Ajouter Americano au panier' }).click();

    await page.getByLabel('Rechercher un produit').fill('grains');
    const beans = page.locator('#pos-results li[data-product-id="cafe-grains-maison-340g"]');
    await beans.waitFor();
    expect(await beans.getByTestId('result-stock').count()).toBe(1);
    await beans.getByRole('button').click();

    await page.getByLabel('Comptant').check();
    await page.locator('#pay').click();
    const receipt = page.locator('#receipt section.receipt');
    await receipt.waitFor();
    expect(plain(await receipt.getByTestId('order-status').textContent())).toBe('Confirmée');
    // | Americano            | standard   |  2,75 $ | TPS 0,1375 → 0,14 ; TVQ 0,2743 → 0,27
    // | Café en grains 340 g | zero-rated | 14,99 $ | no tax
    // 17,74 + 0,41 = 18,15 $ (cash: already a multiple of 5 ¢)
    expect(plain(await receipt.getByTestId('subtotal').textContent())).toBe('17,74 $');
    expect(plain(await receipt.getByTestId('taxable-standard').textContent())).toBe('2,75 $');
    expect(plain(await receipt.getByTestId('taxable-zero-rated').textContent())).toBe('14,99 $');
    expect(plain(await receipt.locator('.totals').textContent())).toContain('Détaxé (épicerie de base)');
    expect(plain(await receipt.getByTestId('gst').textContent())).toBe('0,14 $');
    expect(plain(await receipt.getByTestId('qst').textContent())).toBe('0,27 $');
    expect(plain(await receipt.getByTestId('total').textContent())).toBe('18,15 $');
    expect(await stock.stockLine('store-4', 'americano')).toBeUndefined();
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
