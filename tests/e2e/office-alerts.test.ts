import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { salesLocations } from '#domain/reporting/report.ts';
import { launchBrowser, plain, signIn, type TestBrowser } from '../support/browser.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

/**
 * The head-office dashboard's stock alerts, as the manager sees them right after a start with the
 * demo data: each location's out / low / over counts are those of its shelves (the stock's statuses),
 * although the demo stock was loaded without any stock event.
 */
let api: TestRuntime;
let browser: TestBrowser;
beforeAll(async () => {
  browser = await launchBrowser();
  api = await startTestRuntime();
  await api.runtime.recovered;
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

describe('head-office dashboard alerts', () => {
  it('shows per location the products out, low and overstocked that its stock has', async () => {
    // What the shelves say, through the stock API
    const shelves = new Map<string, { out: number; low: number; over: number }>();
    for (const id of salesLocations) {
      const items = (await api.as('manager').get(`/locations/${id}/stock`)).body.items as {
        status: string;
      }[];
      const n = (s: string) => items.filter((i) => i.status === s).length;
      shelves.set(id, { out: n('out'), low: n('low'), over: n('over') });
    }
    const { page, errors } = await browser.page({ viewport: { width: 1024, height: 768 } });
    await signIn(page, api.url, 'manager');
    await page.locator('#stores-table tbody tr').first().waitFor();
    let total = 0;
    for (const [id, c] of shelves) {
      const cell = page.locator(`#stores-table tr[data-location-id="${id}"] td`).nth(5);
      for (const type of ['out', 'low', 'over'] as const) {
        const badge = cell.locator(`[data-status="${type}"]`);
        if (c[type] === 0) expect(await badge.count(), `${id} ${type}`).toBe(0);
        else {
          const label = plain(await badge.textContent());
          expect(label.length).toBeGreaterThan(0);
          // The badge, then the count: "Bas 16"
          expect(plain(await badge.locator('xpath=..').textContent()), `${id} ${type}`).toBe(
            `${label} ${c[type]}`,
          );
        }
        total += c[type];
      }
    }
    expect(total).toBeGreaterThan(20);
    await page.getByText(`${total} alertes de stock`).waitFor();
    expect(errors).toEqual([]);
  });
});
