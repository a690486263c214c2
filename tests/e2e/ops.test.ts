import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, plain, signIn, type TestBrowser } from '../support/browser.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

let api: TestRuntime;
let browser: TestBrowser;
let saleCorrelationId: string;
beforeAll(async () => {
  browser = await launchBrowser();
  api = await startTestRuntime();
  // One cash sale at store-2 (saga, events, sale amount) and one 404, before the page opens.
  const sale = await api
    .as('cashier2')
    .post(
      '/locations/store-2/sales',
      { lines: [{ productId: 'muffin', quantity: 2 }], payment: { method: 'cash' } },
      { idempotencyKey: 'e2e-ops-sale' },
    );
  if (sale.status !== 201) throw new Error(`sale failed: ${JSON.stringify(sale.body)}`);
  saleCorrelationId = sale.headers.get('x-correlation-id')!;
  await api.anon.get('/products/no-such-product');
  await api.runtime.bus.settled();
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

describe('ops page', () => {
  it('shows the operator health, traffic per route, the sale, the saga and its events', async () => {
    const { page, errors } = await browser.page({ viewport: { width: 1280, height: 900 } });
    await signIn(page, api.url, 'ops');
    expect(new URL(page.url()).pathname).toBe('/web/ops/');
    await page.locator('#routes-table tbody tr').first().waitFor();

    expect(plain(await page.getByTestId('health').textContent())).toBe('Service opérationnel');
    const sales = page.locator('#routes-table tr[data-route="POST /locations/{storeId}/sales"] td');
    expect(plain(await sales.nth(0).textContent())).toBe('1');
    const product = page.locator('#routes-table tr[data-route="GET /products/{productId}"] td');
    expect(plain(await product.nth(5).textContent())).toBe('1'); // one 4xx
    expect(plain(await page.locator('[data-kpi="dead"] .value').textContent())).toBe('0');
    expect(plain(await page.locator('#sales tbody tr').first().textContent())).toContain('Nord (store-2)');
    expect(plain(await page.locator('#saga-outcomes tbody').textContent())).toContain('confirmée');
    expect(plain(await page.locator('#saga-executions tbody tr').nth(1).textContent())).toMatch(
      /réussies\s*1\s*1/,
    );
    expect(plain(await page.locator('#event-types tbody').textContent())).toContain('OrderConfirmed');
    await page.locator('#audit-table tbody tr').first().waitFor();
    expect(await page.locator('#traffic-chart').evaluate((c: HTMLCanvasElement) => c.width > 0)).toBe(true);
    await page.screenshot({ path: '/tmp/comptoir-ops.png', fullPage: true });
    expect(errors).toEqual([]);
  });

  it("follows one sale's correlation id through the audit trail", async () => {
    const { page, errors } = await browser.page({ viewport: { width: 1280, height: 900 } });
    await signIn(page, api.url, 'ops');
    await page.getByLabel('Id de corrélation').fill(saleCorrelationId);
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.locator(`#audit-table tbody tr:has-text("OrderConfirmed")`).waitFor();
    const types = (await page.locator('#audit-table tbody tr td:nth-child(2)').allTextContents()).map(plain);
    expect(types).toEqual(expect.arrayContaining(['StockReserved', 'PaymentCaptured', 'OrderConfirmed']));
    const audited = await api.as('ops').get(`/events?correlationId=${saleCorrelationId}`);
    expect(types).toHaveLength(audited.body.items.length);
    expect(errors).toEqual([]);
  });

  it('is not for cashiers', async () => {
    const { page } = await browser.page();
    await signIn(page, api.url, 'cashier1');
    await page.goto(`${api.url}/web/ops/`);
    await expect.poll(() => page.locator('main').textContent()).toContain('réservée au rôle');
    expect(await page.locator('#routes-table').count()).toBe(0);
  });
});
