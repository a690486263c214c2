import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchBrowser, plain, signIn, type TestBrowser } from '../support/browser.ts';
import { openTill, startTestRuntime, type TestRuntime } from '../support/runtime.ts';

/**
 * Head office's "Sessions de caisse" (issue 12: "head office sees open and closed sessions per
 * store"). Its own runtime: office.test.ts checks chain-wide totals of exactly one sale. At store-3,
 * till-1 is opened with a 200 $ float, sells two espressos cash (5,65 $ with the cash rounding), drops
 * 50 $ to the safe and is closed 2,50 $ short; till-2 is opened and left open. The manager picks store-3 and reads both.
 */
let api: TestRuntime;
let browser: TestBrowser;
let closedSessionId: string;
let saleTotalCents: number;
let openedAt: string;
let closedAt: string;

beforeAll(async () => {
  browser = await launchBrowser();
  api = await startTestRuntime();
  const cashier = api.as('cashier3');
  await openTill(api, 'cashier3', 'store-3', { registerId: 'till-1', floatCents: 20_000 });
  const session = await cashier.get('/locations/store-3/registers/till-1/session');
  closedSessionId = session.body.sessionId;
  openedAt = session.body.openedAt;
  // A sale as the till sends it, naming its till: retried with the same key while the answer says "later".
  const idempotencyKey = `e2e-office-sessions-${randomUUID()}`;
  let sale;
  for (let i = 0; ; i++) {
    sale = await cashier.post(
      '/locations/store-3/sales',
      {
        lines: [{ productId: 'espresso', quantity: 2 }],
        payment: { method: 'cash', tenderedCents: 1_000 },
        registerId: 'till-1',
      },
      { idempotencyKey },
    );
    const later = sale.headers.get('retry-after') !== null && (sale.status === 409 || sale.status === 503);
    if (!later || i >= 20) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  if (sale.status !== 201) throw new Error(`sale failed: ${sale.status} ${JSON.stringify(sale.body)}`);
  saleTotalCents = sale.body.totalCents;
  const drop = await cashier.post(
    `/locations/store-3/registers/till-1/sessions/${closedSessionId}/cash-movements`,
    { direction: 'out', amountCents: 5_000, reason: 'Dépôt au coffre' },
    { idempotencyKey: `e2e-office-drop-${randomUUID()}` },
  );
  if (drop.status !== 201) throw new Error(`cash drop failed: ${drop.status} ${JSON.stringify(drop.body)}`);
  const closed = await cashier.post(
    `/locations/store-3/registers/till-1/sessions/${closedSessionId}/close`,
    { countedCents: 20_000 + saleTotalCents - 5_000 - 250 },
    { idempotencyKey: `e2e-office-close-${randomUUID()}` },
  );
  if (closed.status !== 200) throw new Error(`close failed: ${closed.status} ${JSON.stringify(closed.body)}`);
  closedAt = closed.body.closedAt;
  await openTill(api, 'cashier3', 'store-3', { registerId: 'till-2', floatCents: 15_000 });
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

/** The page itself never scrolls sideways: wide tables scroll inside their card. */
const pageOverflows = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

describe('head office register sessions', () => {
  it("shows a store's closed session short, with its sales and Z-report, and another till's open session", async () => {
    expect(saleTotalCents).toBe(565); // two espressos, 4,90 $ + taxes = 5,64 $, rounded to 5,65 $ cash
    const { page, errors } = await browser.page({ viewport: { width: 1024, height: 768 } });
    await signIn(page, api.url, 'manager');
    const panel = page.locator('#sessions');
    await panel.getByRole('heading', { name: 'Sessions de caisse' }).waitFor();
    await panel.getByLabel('Boutique').selectOption('store-3');
    const row = panel.locator(`#sessions-closed tr[data-session-id="${closedSessionId}"]`);
    await row.waitFor();
    const cell = (testId: string) => row.getByTestId(testId).textContent().then(plain);
    expect(plain(await row.locator('th').textContent())).toBe('till-1');
    expect(await cell('session-cashier')).toBe('Noémie Roy (cashier3)');
    expect(await cell('session-sales')).toBe('1');
    expect(await cell('session-total')).toBe('5,65 $');
    expect(await cell('session-returns')).toBe('—');
    expect(await cell('session-counted')).toBe('153,15 $');
    expect(await cell('session-expected')).toBe('155,65 $');
    expect(await cell('session-over-short')).toBe('Manque 2,50 $');
    expect(await cell('session-gst')).toBe('0,25 $');
    expect(await cell('session-qst')).toBe('0,49 $');
    // "Manque" in words and in the short colour (not by colour alone), in view at 1024 px without scrolling.
    const badge = row.getByTestId('session-over-short').locator('.badge-out');
    expect(await badge.count()).toBe(1);
    const wrap = await panel.locator('#sessions-closed').locator('xpath=..').boundingBox();
    const seen = await badge.boundingBox();
    expect(seen!.x + seen!.width).toBeLessThanOrEqual(wrap!.x + wrap!.width);

    // The row opens its full Z-report.
    const report = panel.locator(`tr[data-report-of="${closedSessionId}"] details`);
    await report.locator('summary').click();
    const figure = (label: string) =>
      report.locator(`tr:has(th:text-is("${label}")) td`).first().textContent().then(plain);
    expect(await figure('Ventes au comptant')).toBe('5,65 $');
    expect(await figure('Ventes avant taxes')).toBe('4,90 $');
    expect(await figure('Fond de caisse')).toBe('200,00 $');
    expect(await figure('Sorties d’argent')).toBe('50,00 $');
    expect(await figure('Comptant compté')).toBe('153,15 $');
    expect(await figure('Écart (compté − attendu)')).toBe('Manque 2,50 $');
    expect(await figure('Ventes nettes des retours')).toBe('5,65 $');
    expect(await figure('Premier reçu')).toBe('store-3-till-1-1');
    expect(plain(await report.locator('li').textContent())).toMatch(
      /· Sortie 50,00 \$ · Dépôt au coffre · Noémie Roy \(cashier3\)$/,
    );

    // Each till with its current session: till-1 closed, till-2 open with its float and no sale yet.
    const till = (registerId: string, testId: string) =>
      panel
        .locator(`#sessions-tills tr[data-register-id="${registerId}"]`)
        .getByTestId(testId)
        .textContent()
        .then(plain);
    expect(await till('till-2', 'session-state')).toBe('Ouverte');
    expect(await till('till-2', 'session-float')).toBe('150,00 $');
    expect(await till('till-2', 'session-sales')).toBe('0');
    expect(await till('till-2', 'session-expected')).toBe('150,00 $');
    expect(await till('till-2', 'session-closed')).toBe('—');
    expect(await till('till-2', 'session-cashier')).toBe('Noémie Roy (cashier3)');
    expect(await till('till-1', 'session-state')).toBe('Fermée');
    expect(await till('till-1', 'session-sales')).toBe('1');

    expect(await pageOverflows(page)).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
    await panel.screenshot({ path: '/tmp/comptoir-office-sessions.png' });

    await page.setViewportSize({ width: 390, height: 844 });
    await panel.scrollIntoViewIfNeeded();
    expect(await pageOverflows(page)).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
    await panel.screenshot({ path: '/tmp/comptoir-office-sessions-phone.png' });
    expect(errors).toEqual([]);
  });

  it('says over or short in English on the switch, with the times in Montréal wherever the manager is', async () => {
    // A manager travelling in Paris: the till's times stay the store's (America/Montreal).
    const context = await browser.browser.newContext({
      viewport: { width: 1024, height: 768 },
      locale: 'fr-CA',
      timezoneId: 'Europe/Paris',
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await signIn(page, api.url, 'manager');
    await page.getByRole('button', { name: 'English' }).click();
    const panel = page.locator('#sessions');
    await panel.getByRole('heading', { name: 'Register sessions' }).waitFor();
    await panel.getByLabel('Store').selectOption('store-3');
    const row = panel.locator(`#sessions-closed tr[data-session-id="${closedSessionId}"]`);
    expect(plain(await row.getByTestId('session-over-short').textContent())).toBe('Short $2.50');
    expect(plain(await row.getByTestId('session-total').textContent())).toBe('$5.65');
    const montreal = (iso: string, options: Intl.DateTimeFormatOptions) =>
      plain(
        new Intl.DateTimeFormat('en-CA', { ...options, timeZone: 'America/Montreal' }).format(new Date(iso)),
      );
    const sameDay = montreal(openedAt, { dateStyle: 'short' }) === montreal(closedAt, { dateStyle: 'short' });
    expect(plain(await row.getByTestId('session-opened').textContent())).toBe(
      montreal(openedAt, { dateStyle: 'medium', timeStyle: 'short' }),
    );
    // Closed the same Montréal day: its time only.
    expect(plain(await row.getByTestId('session-closed').textContent())).toBe(
      montreal(closedAt, sameDay ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' }),
    );
    expect(errors).toEqual([]);
    await context.close();
  });
});
