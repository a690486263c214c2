import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { launchBrowser, plain, signIn, type TestBrowser } from '../support/browser.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

let api: TestRuntime;
let browser: TestBrowser;
beforeAll(async () => {
  browser = await launchBrowser();
  api = await startTestRuntime();
  // Two espressos (2,45 $) sold at store-2: 4,90 $ before taxes. Reports are fed by events: wait for them.
  const sale = await api
    .as('cashier2')
    .post(
      '/locations/store-2/sales',
      { lines: [{ productId: 'espresso', quantity: 2 }], payment: { method: 'cash' } },
      { idempotencyKey: 'e2e-office-sale' },
    );
  if (sale.status !== 201) throw new Error(`sale failed: ${JSON.stringify(sale.body)}`);
  await vi.waitFor(
    async () => {
      const d = await api.as('manager').get('/dashboard');
      const nord = d.body.locations?.find((l: { locationId: string }) => l.locationId === 'store-2');
      if (nord?.today.revenueCents !== sale.body.subtotalCents)
        throw new Error('sale not in the dashboard yet');
    },
    { timeout: 30_000, interval: 100 },
  );
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

describe('head office', () => {
  it("shows the manager every store by name, with a store's sales of today and a chart", async () => {
    const { page, errors } = await browser.page({ viewport: { width: 1280, height: 900 } });
    await signIn(page, api.url, 'manager');
    expect(new URL(page.url()).pathname).toBe('/web/office/');
    const rows = page.locator('#stores-table tbody tr');
    await rows.first().waitFor();
    const names = (await rows.locator('th').allTextContents()).map(plain);
    for (const store of ['Centre-Ville', 'Nord', 'Sud', 'Est', 'Ouest'])
      expect(names.some((n) => n.startsWith(store))).toBe(true);
    const nord = page.locator('#stores-table tr[data-location-id="store-2"] td');
    expect(plain(await nord.nth(0).textContent())).toBe('4,90 $');
    expect(plain(await nord.nth(6).textContent())).toContain('Espresso (2)');
    // Chart.js drew on the canvas (it sizes the canvas to its box).
    expect(await page.locator('#revenue-chart').evaluate((c: HTMLCanvasElement) => c.width > 0)).toBe(true);
    await page.screenshot({ path: '/tmp/comptoir-office.png', fullPage: true });
    expect(errors).toEqual([]);
  });

  it('shows the consolidated report for a period, per location, product and day, with totals', async () => {
    const { page, errors } = await browser.page({ viewport: { width: 1280, height: 900 } });
    await signIn(page, api.url, 'manager');
    await page.getByRole('button', { name: 'Afficher le rapport' }).click();
    await page.locator('#report-locations').waitFor();
    const revenue = (row: string) => page.locator(`${row} td`).nth(2).textContent().then(plain);
    expect(await revenue('#report-locations tbody tr:has(th:text-is("Nord"))')).toBe('4,90 $');
    expect(await revenue('#report-products tbody tr:has(th:text-is("Espresso"))')).toBe('4,90 $');
    for (const id of ['report-locations', 'report-products', 'report-days']) {
      expect(plain(await page.locator(`#${id} tfoot th`).textContent())).toBe('Total');
      expect(await revenue(`#${id} tfoot tr`)).toBe('4,90 $');
    }
    // Taxes to remit: GST 5 % and QST 9,975 % of 4,90 $; the sale was paid cash (5,64 $ rounded to 5,65 $).
    const nordTaxes = page.locator('#report-taxes tbody tr:has(th:text-is("Nord")) td');
    expect((await nordTaxes.allTextContents()).map(plain)).toEqual([
      'Taxable (TPS et TVQ)',
      '4,90 $',
      '0,25 $',
      '0,49 $',
    ]);
    expect((await page.locator('#report-taxes tfoot td').allTextContents()).map(plain)).toEqual([
      '4,90 $',
      '0,25 $',
      '0,49 $',
    ]);
    const cash = page.locator('#report-tenders tbody tr:has(th:text-is("Comptant")) td');
    expect(plain(await cash.nth(1).textContent())).toBe('5,65 $');
    await page.screenshot({ path: '/tmp/comptoir-office-report.png', fullPage: true });
    expect(errors).toEqual([]);
  });

  it('produces an export now, lists it and downloads the CSV', async () => {
    const { page, errors } = await browser.page({ viewport: { width: 1280, height: 900 } });
    await signIn(page, api.url, 'manager');
    await page.getByLabel('Format').selectOption('csv');
    await page.getByLabel('Langue du fichier').selectOption('fr-CA');
    await page.getByRole('button', { name: 'Produire maintenant' }).click();
    const row = page.locator('#exports-table tbody tr').first();
    await row.waitFor();
    expect(plain(await row.textContent())).toContain('CSV');
    const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button').click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const path = await download.path();
    const csv = await readFile(path, 'utf8');
    expect(csv.split('\n').length).toBeGreaterThan(1);
    // fr-CA: semicolons and French headers, for a French spreadsheet.
    expect(csv.split('\n')[0]).toMatch(/^\uFEFFsection;id;nom;du;au;/);
    expect(errors).toEqual([]);
  });

  it('keeps cashiers out of the head office page', async () => {
    const { page } = await browser.page();
    await signIn(page, api.url, 'cashier2');
    await page.goto(`${api.url}/web/office/`);
    await page.getByText('cette page est réservée au rôle gestionnaire').waitFor();
    expect(await page.locator('#stores-table').count()).toBe(0);
  });
});
