import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Browser tests drive the machine's Chromium (Debian's package; CI installs it with apt) through
 * playwright-core: no browser is ever downloaded. A missing Chromium fails the tests loudly.
 */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface TestBrowser {
  readonly browser: Browser;
  /** A fresh context (own localStorage) and the page's script errors. */
  page(options?: { viewport?: { width: number; height: number } }): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  if (!existsSync(chromiumPath))
    throw new Error(
      `Chromium is missing at ${chromiumPath}: install it with \`apt-get install -y chromium\` (browser tests never download one).`,
    );
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // No --user-data-dir: playwright refuses it in launch() and gives every launch a fresh
      // temporary profile of its own, removed on close.
    ],
  });
  const contexts: BrowserContext[] = [];
  return {
    browser,
    async page(options = {}) {
      const context = await browser.newContext({
        viewport: options.viewport ?? { width: 1024, height: 768 },
        locale: 'fr-CA',
        timezoneId: 'America/Montreal',
      });
      contexts.push(context);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      // Uncaught errors and console errors of the page's own code; an HTTP error answer is the
      // page's business to show, so the browser's "Failed to load resource" lines are left out.
      page.on('console', (m) => {
        if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
      });
      return { page, errors };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
    },
  };
}

/** Signs in through the landing page's form (`keepUrl`: the landing page is already open), as a person would. */
export async function signIn(
  page: Page,
  baseUrl: string,
  username: string,
  options: { keepUrl?: boolean } = {},
): Promise<void> {
  if (!options.keepUrl) await page.goto(`${baseUrl}/`);
  await page.getByLabel("Nom d'utilisateur").fill(username);
  await page.getByLabel('Mot de passe').fill('comptoir-demo');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/web/'));
}

/** Text as people read it: fr-CA money uses no-break spaces (U+00A0, U+202F). */
export const plain = (s: string | null): string => (s ?? '').replace(/[\u00a0\u202f]/g, ' ').trim();

/** axe-core's script, injected into a page to check it (Deque's engine; nothing is downloaded). */
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  readonly id: string;
  readonly impact: string;
  readonly help: string;
  readonly targets: string[];
}

/**
 * The serious and critical accessibility violations axe-core finds on the page as it is now
 * (WCAG 2.x A and AA rules), as short lines a failing assertion can show.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the pages' Content-Security-Policy does not apply to.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<any> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return (result.violations as any[]).map((v) => ({
      id: v.id as string,
      impact: String(v.impact),
      help: v.help as string,
      targets: (v.nodes as any[]).slice(0, 3).map((n) => String(n.target)),
    }));
  });
  return (found as AxeFinding[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.targets.join(' | ')})`);
}
