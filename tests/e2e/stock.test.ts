import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultThresholds } from '#domain/inventory/stock.ts';
import { axeViolations, launchBrowser, plain, signIn, type TestBrowser } from '../support/browser.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

/**
 * Head office's stock section (docs/stock.md) at 1024×768, in French then English: the replenishment
 * overview shows a store's request waiting for the warehouse, the purchase order the warehouse
 * suggested for it is sent and received in part, and a count is entered for a store.
 */
let api: TestRuntime;
let browser: TestBrowser;
let productId: string;
beforeAll(async () => {
  browser = await launchBrowser();
  api = await startTestRuntime({ runtime: { eventRetry: { delayMs: 5, maxDelayMs: 20 } } });
  const manager = api.as('manager');
  // A product short at the warehouse: store-1's rule raises a request that waits, and the warehouse
  // suggests a purchase order from its supplier.
  const sku = `E-${randomUUID().slice(0, 8).toUpperCase()}`;
  const made = await manager.post('/products', {
    sku,
    name: `Confiture ${sku}`,
    category: 'epicerie',
    priceCents: 600,
  });
  expect(made.status).toBe(201);
  productId = made.body.id as string;
  const { DynamoStockRepository } = await import('#functions/inventory/adapters/stock-repository.ts');
  const stock = new DynamoStockRepository();
  for (const [locationId, onHand] of [
    ['store-1', 30],
    ['warehouse', 2],
  ] as const)
    await stock.putStock({
      locationId,
      productId,
      name: made.body.name,
      onHand,
      reserved: 0,
      thresholds: defaultThresholds,
    });
  expect(
    (
      await manager.put(`/suppliers/distribution-saint-laurent/products/${productId}`, {
        costCents: 240,
        caseSize: 6,
      })
    ).status,
  ).toBe(200);
  expect(
    (await manager.put(`/locations/store-1/stock/${productId}/reorder-rule`, { rule: { orderUpTo: 60 } }))
      .status,
  ).toBe(200);
  expect(
    (
      await manager.post(
        '/locations/store-1/adjustments',
        { productId, quantity: -10, reason: 'casse' },
        { idempotencyKey: randomUUID() },
      )
    ).status,
  ).toBe(201);
  await api.runtime.bus.settled();
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

describe('head office: replenishment, purchase orders and counts', () => {
  it('shows the waiting request, sends and receives its purchase order, and enters a count at a store', async () => {
    const { page, errors } = await browser.page({ viewport: { width: 1024, height: 768 } });
    await signIn(page, api.url, 'manager');
    await page.getByRole('heading', { name: 'Réassort, achats et inventaires' }).waitFor();
    // The overview: store-1 waits for 40 units the warehouse does not have
    const request = page.locator(`#overview-table tr[data-product-id="${productId}"]`);
    await request.waitFor();
    expect(plain(await request.textContent())).toContain('En attente de l’entrepôt');
    // The suggested purchase order: approve and send it, then receive part of it
    const order = page.locator(`#orders-table tr[data-product-id="${productId}"]`);
    await order.getByRole('button', { name: 'Approuver et envoyer' }).click();
    await order.getByTestId('status').filter({ hasText: 'Envoyé' }).waitFor();
    await order.getByRole('spinbutton').fill('48');
    await order.getByRole('button', { name: 'Recevoir' }).click();
    await order.getByTestId('status').filter({ hasText: 'Reçu en partie' }).waitFor();
    expect(plain(await order.getByTestId('received').textContent())).toBe('48');
    const warehouse = (await api.as('manager').get(`/locations/warehouse/stock?productId=${productId}`)).body
      .items[0];
    expect(warehouse.onHand).toBe(2 + 48 - 40); // the waiting request left at once for store-1
    // The request is now on the road
    await request.filter({ hasText: 'En route' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // A count at store-1: 18 counted where the ledger says 20
    await page.locator('#count-location').selectOption('store-1');
    const input = page.locator(`#count-sheet[data-location="store-1"] input[data-product-id="${productId}"]`);
    await input.fill('18');
    await page.getByRole('button', { name: 'Enregistrer l’inventaire' }).click();
    await page
      .locator(`#count-result li[data-product-id="${productId}"]`)
      .filter({ hasText: /écart [-−]2/ })
      .waitFor();
    const line = (await api.as('manager').get(`/locations/store-1/stock?productId=${productId}`)).body
      .items[0];
    expect(line.onHand).toBe(18);

    // In English
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Replenishment, purchasing and counts' }).waitFor();
    await page
      .locator(`#orders-table tr[data-product-id="${productId}"]`)
      .getByText('Partially received')
      .waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
