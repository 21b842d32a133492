import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildApp } from '../src/app.tsx';
import { createTestDatabase, type TestDatabase } from './databases.ts';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with nothing reaching out to the network. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

export interface DemoSite {
  db: TestDatabase;
  browser: Browser;
  /** http://127.0.0.1:<port>, no trailing slash. */
  base: string;
  close(): Promise<void>;
}

/** Rostrum on this database, served on a free port, and a browser to read it with; close stops both and drops the database. */
export async function serveInBrowser(db: TestDatabase): Promise<DemoSite> {
  const { app } = await buildApp(db.config, db.handle);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const browser = await launchBrowser();
  return {
    db,
    browser,
    base,
    async close() {
      await browser.close();
      await app.close();
      await db.drop();
    },
  };
}

/** A new browser context signed in to the office through its sign-in form, on the dashboard. */
export async function signedInPage(site: DemoSite, email: string, password: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await site.browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(`${site.base}/admin/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${site.base}/admin`);
  return page;
}

/** The demo institution on a fresh SQLite database (a copy of one loaded once), served on a free port, and a browser to read it with. */
export async function startDemoSite(): Promise<DemoSite> {
  // A copy of the demo built once for the run: loading it costs about 15 s.
  return serveInBrowser(await createTestDatabase('sqlite', {}, { migrate: true, demo: true }));
}

const axeSource = fs.readFileSync(new URL('../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

/** Serious and critical axe-core findings on the page as it is now. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the page's own CSP stays in force.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(d: Document): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    return (await axe.run(document)).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} ${v.nodes[0]?.target.join(' ')}`);
  });
}

/** Script and CSP errors on a page, collected from here on: a page that works reports none. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  return errors;
}
