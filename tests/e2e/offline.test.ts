import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { spawnRuntime, usersOf, type RuntimeProcess } from '../support/process-runtime.ts';
import { randomUUID } from 'node:crypto';
import { ean13CheckDigit } from '#domain/catalog/barcode.ts';
import { defaultThresholds } from '#domain/inventory/stock.ts';
import { DynamoStockRepository } from '#functions/inventory/adapters/stock-repository.ts';
import { axeViolations, launchBrowser, plain, signIn, type TestBrowser } from '../support/browser.ts';
import { openTill, startTestRuntime, type TestRuntime } from '../support/runtime.ts';

/**
 * The till through a dropped network (issue 15), in Chromium with Playwright's offline mode: three
 * cash baskets sold offline with reloads in between are three orders once the network is back, in
 * the till's session and its Z-report; a sale whose answer is lost after the server committed it
 * is sent again with its key and stays one order; and the same with the server killed (`kill -9`)
 * and restarted instead of the network dropped (a runtime process of its own, on one port: the till's
 * storage belongs to its origin). A short line sold offline is accepted once synced (the store's
 * stock below 0, a shortfall movement) and head office's "Ventes hors ligne" lists it with its price
 * difference and the negative line. One in-process runtime for the rest; till-1 of store-1.
 */
let api: TestRuntime;
let browser: TestBrowser;
beforeAll(async () => {
  browser = await launchBrowser();
  api = await startTestRuntime();
  await openTill(api, 'cashier1', 'store-1', { floatCents: 10_000 });
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

const session = async () =>
  (await api.as('cashier1').get('/locations/store-1/registers/till-1/session')).body as {
    saleIds: string[];
    report: { salesCount: number; sales: { cash: { count: number; amountCents: number } } };
  };

async function scan(page: Page, barcode: string, productId: string, quantity: number) {
  await page.getByLabel('Rechercher un produit').fill(barcode);
  await page.getByLabel('Rechercher un produit').press('Enter');
  await expect
    .poll(async () => {
      const line = page.locator(`#basket tr[data-product-id="${productId}"] input[type="number"]`);
      return (await line.count()) ? Number(await line.inputValue()) : 0;
    })
    .toBe(quantity);
}

/** The till open and ready to sell offline: its catalog kept, its service worker in control. */
async function readyTill(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'Caisse till-1 ouverte' }).waitFor();
  await expect
    .poll(async () => Number(await page.locator('#offline-status').getAttribute('data-catalog')))
    .toBeGreaterThan(0);
}

describe('the till offline', () => {
  it('sells 3 baskets offline with reloads in between; back online they are 3 orders in the Z-report', async () => {
    const { page, errors } = await browser.page();
    await signIn(page, api.url, 'cashier1');
    await readyTill(page);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    // Controlled by the service worker from now on (a reload while online).
    await page.reload();
    await readyTill(page);
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    const before = await session();

    await page.context().setOffline(true);
    const receipts: string[] = [];
    for (const n of [1, 2, 3]) {
      // Scanning and pricing go on from the till's catalog, with the server's pricing function.
      await scan(page, '0628915100112', 'coffee', 1);
      await scan(page, '0628915100112', 'coffee', 2);
      await scan(page, '0628915100556', 'cafe-au-lait', 1);
      await expect
        .poll(async () => plain(await page.locator('#quote [data-testid="total"]').textContent()))
        .toBe('8,30 $');
      // A card needs the network: the till says so and offers cash.
      if (n === 1) {
        await page.keyboard.press('F3');
        await page.keyboard.press('F9');
        await page.getByTestId('card-needs-network').waitFor();
        await page.getByRole('button', { name: 'Payer comptant' }).click();
      } else await page.keyboard.press('F9');
      const receipt = page.locator('#receipt section.receipt');
      await receipt.waitFor();
      expect(plain(await receipt.getByTestId('receipt-offline').textContent())).toBe('Hors ligne / Offline');
      expect(plain(await receipt.getByTestId('total').textContent())).toBe('8,30 $');
      receipts.push(plain(await receipt.getByTestId('offline-receipt-number').textContent()));
      await expect
        .poll(async () => plain(await page.locator('#offline-status').textContent()))
        .toContain(`${n} vente${n > 1 ? 's' : ''} hors ligne en attente d’envoi`);
      expect(plain(await page.getByTestId('offline-badge').textContent())).toBe(
        'Hors ligne : ventes au comptant seulement',
      );
      if (n === 1) expect(await axeViolations(page)).toEqual([]);
      // A reload while offline: the till comes back from its cache, session open, sales still queued.
      if (n < 3) {
        await page.reload();
        await page.getByRole('heading', { name: 'Caisse till-1 ouverte' }).waitFor();
        await expect
          .poll(async () => plain(await page.locator('#offline-status').textContent()))
          .toContain(`${n} vente`);
      }
    }
    expect(receipts).toEqual(['HL-till-1-1', 'HL-till-1-2', 'HL-till-1-3']);
    // Nothing reached the server while offline.
    expect((await session()).saleIds).toEqual(before.saleIds);

    await page.context().setOffline(false);
    await expect.poll(() => page.locator('#offline-status').isHidden(), { timeout: 20_000 }).toBe(true);
    const after = await session();
    const added = after.saleIds.filter((id) => !before.saleIds.includes(id));
    expect(added).toHaveLength(3);
    const orders = await Promise.all(
      added.map(async (id) => (await api.as('manager').get(`/orders/${id}`)).body),
    );
    expect(orders.map((o) => o.offline.receipt)).toEqual(receipts);
    expect(orders.every((o) => o.status === 'confirmed' && o.totalCents === 830)).toBe(true);
    // The Z-report counts them: 3 cash sales more.
    expect(after.report.salesCount).toBe(before.report.salesCount + 3);
    expect(after.report.sales.cash.amountCents).toBe(before.report.sales.cash.amountCents + 3 * 830);
    expect(errors).toEqual([]);
  });

  it('accepts after sync a short line sold offline: stock below 0 at the store, the sale in head office\'s "Ventes hors ligne"', async () => {
    // A product the store has 1 of, in the till's catalog; its price goes up while the till is offline.
    const manager = api.as('manager');
    const sku = `HL-${randomUUID().slice(0, 8).toUpperCase()}`;
    const first12 = `2${String(Date.now()).slice(-11)}`;
    const barcode = `${first12}${ean13CheckDigit(first12)}`;
    const created = await manager.post('/products', {
      sku,
      name: `Tartelette ${sku}`,
      category: 'epicerie',
      priceCents: 400,
      barcode,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const product = created.body as { id: string; name: string };
    await new DynamoStockRepository().putStock({
      locationId: 'store-1',
      productId: product.id,
      name: product.name,
      onHand: 1,
      reserved: 0,
      thresholds: defaultThresholds,
    });
    const { page, errors } = await browser.page();
    await signIn(page, api.url, 'cashier1');
    await readyTill(page);

    await page.context().setOffline(true);
    expect((await manager.patch(`/products/${product.id}`, { priceCents: 450 })).status).toBe(200);
    await scan(page, barcode, product.id, 1);
    await scan(page, barcode, product.id, 2);
    await page.keyboard.press('F9');
    const receipt = page.locator('#receipt section.receipt');
    await receipt.getByTestId('receipt-offline').waitFor();
    const number = plain(await receipt.getByTestId('offline-receipt-number').textContent());
    await page.context().setOffline(false);
    await expect.poll(() => page.locator('#offline-status').isHidden(), { timeout: 20_000 }).toBe(true);

    // Accepted although short: the stock went to −1 with a shortfall movement of its own.
    const stock = await manager.get(`/stock/${product.id}`);
    expect(stock.body.items.find((l: { locationId: string }) => l.locationId === 'store-1')).toMatchObject({
      onHand: -1,
    });
    await expect
      .poll(async () => {
        const ledger = await manager.get(`/stock/${product.id}/movements?locationId=store-1&order=asc`);
        return ledger.body.items.map((m: { kind: string }) => m.kind);
      })
      .toEqual(['offline-shortfall', 'sale']);
    // The store's stock panel says the line is negative.
    await page.getByRole('tab', { name: 'Stock du magasin' }).click();
    const line = page.locator(`#stock-table tr[data-product-id="${product.id}"]`);
    await expect
      .poll(async () => plain(await line.getByTestId('negative-stock').textContent()))
      .toBe('Négatif');

    // Head office: the sale, late, with its price difference, and the negative line.
    const office = await browser.page();
    await signIn(office.page, api.url, 'manager');
    const row = office.page.locator('#offline-sales tbody tr', { hasText: number });
    await expect
      .poll(
        async () => {
          if (await row.count()) return true;
          await office.page.reload();
          await office.page.locator('#offline-title').waitFor();
          return row.count().then((n) => n > 0);
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    const cells = (await row.locator('td').allTextContents()).map(plain);
    expect(cells[3]).toBe('Centre-Ville');
    expect(cells[4]).toBe(number);
    expect(cells[6]).toBe(`${product.name} : facturé 4,00 $, catalogue 4,50 $`);
    const negative = office.page.locator('#negative-stock tbody tr', { hasText: product.name });
    expect(plain(await negative.locator('td').nth(2).textContent())).toBe('-1');
    await office.page.locator('#offline').scrollIntoViewIfNeeded();
    expect(await axeViolations(office.page)).toEqual([]);
    await office.page.screenshot({ path: '/tmp/comptoir-office-offline.png' });
    expect(errors).toEqual([]);
    expect(office.errors).toEqual([]);
  });

  it('sends again a synced sale whose answer was lost after the server committed it, and makes one order', async () => {
    // Service workers blocked in this context, so that Playwright sees (and can cut) every request.
    const context = await browser.browser.newContext({
      viewport: { width: 1024, height: 768 },
      locale: 'fr-CA',
      timezoneId: 'America/Montreal',
      serviceWorkers: 'block',
    });
    try {
      const page = await context.newPage();
      await signIn(page, api.url, 'cashier1');
      await readyTill(page);
      const before = await session();
      await context.setOffline(true);
      await scan(page, '0628915100228', 'donut', 1);
      await page.keyboard.press('F9');
      await page.locator('#receipt section.receipt [data-testid="receipt-offline"]').waitFor();

      const keys: string[] = [];
      await page.route('**/locations/store-1/sales', async (route) => {
        keys.push(route.request().headers()['idempotency-key'] ?? '');
        if (keys.length > 1) return route.continue();
        await route.fetch(); // the server commits the synced sale…
        await route.abort('connectionreset'); // …and its answer never reaches the till
      });
      await context.setOffline(false);
      // No final answer: the sale stays queued and is sent again, with its key, until it has one.
      await expect.poll(() => page.locator('#offline-status').isHidden(), { timeout: 20_000 }).toBe(true);
      expect(keys).toHaveLength(2);
      expect(keys[1]).toBe(keys[0]);
      const after = await session();
      expect(after.saleIds.filter((id) => !before.saleIds.includes(id))).toHaveLength(1);
      expect(after.report.salesCount).toBe(before.report.salesCount + 1);
    } finally {
      await context.close();
    }
  });
});

/** A free TCP port, for a runtime that must come back on the same origin. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('the till while its server is killed and restarted', () => {
  let dataDir: string;
  let rt: RuntimeProcess | undefined;
  afterAll(async () => {
    await rt?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('sells 2 baskets with the server down and a reload in between; restarted, they are 2 orders', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'comptoir-offline-'));
    const env = { PORT: String(await freePort()) };
    rt = await spawnRuntime(dataDir, env);
    const as = usersOf(() => rt!.url);
    const opened = await as('cashier2').post(
      '/locations/store-2/registers/till-1/sessions',
      { floatCents: 10_000 },
      { idempotencyKey: `open-${Date.now()}` },
    );
    expect(opened.status).toBe(201);
    const { page, errors } = await browser.page();
    await signIn(page, rt.url, 'cashier2');
    await readyTill(page);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await readyTill(page);

    await rt.kill9();
    for (const n of [1, 2]) {
      await scan(page, '0628915100228', 'donut', 1);
      await page.keyboard.press('F9');
      await page.locator('#receipt section.receipt [data-testid="receipt-offline"]').waitFor();
      await expect
        .poll(async () => plain(await page.locator('#offline-status').textContent()))
        .toContain(`${n} vente`);
      if (n === 1) {
        await page.reload();
        await page.getByRole('heading', { name: 'Caisse till-1 ouverte' }).waitFor();
      } else await page.keyboard.press('Escape');
    }

    rt = await spawnRuntime(dataDir, env);
    await expect.poll(() => page.locator('#offline-status').isHidden(), { timeout: 30_000 }).toBe(true);
    const till = (await as('cashier2').get('/locations/store-2/registers/till-1/session')).body;
    expect(till.saleIds).toHaveLength(2);
    const orders = await Promise.all(
      till.saleIds.map(async (id: string) => (await as('manager').get(`/orders/${id}`)).body),
    );
    expect(orders.map((o) => o.offline.receipt)).toEqual(['HL-till-1-1', 'HL-till-1-2']);
    expect(till.report.salesCount).toBe(2);
    // The page's own errors only: the browser's failed loads while the server was down are expected.
    expect(errors.filter((e) => !/net::ERR_|Failed to fetch/.test(e))).toEqual([]);
  });
});
