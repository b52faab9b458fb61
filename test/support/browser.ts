// Headless Chromium for the dashboard tests, driven by playwright-core (which downloads no browser): Debian's
// `chromium` package, installed by scripts/install-browser.mjs (npm's postinstall), or CHROMIUM_PATH.
import { existsSync } from 'node:fs';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ROLE_TOKENS, type TokenRole } from './api-stack';
import { beforeAllStarted } from './hooks';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export interface TestBrowser {
  /** A fresh context (own cookies) signed in to the dashboard at `url` with the role's token. */
  signIn(url: string, role: TokenRole): Promise<Page>;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function startBrowser(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `no Chromium at ${CHROMIUM_PATH}: the dashboard tests need it. Run \`npm install\` as root on Debian (its postinstall ` +
        'installs the `chromium` package), or `apt-get install -y chromium`, or set CHROMIUM_PATH.',
    );
  }
  // launch() starts Chromium on a fresh profile in a new temporary --user-data-dir, removed on close; each
  // signIn gets its own context (own cookies), so several roles can be signed in at once.
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
  const contexts: BrowserContext[] = [];
  const fresh = async (): Promise<Page> => {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    if (process.env.DEBUG_BROWSER) {
      page.on('console', (m) => console.log('console', m.text()));
      page.on('pageerror', (e) => console.log('pageerror', e.message));
      page.on('requestfailed', (r) => console.log('failed', r.url(), r.failure()?.errorText));
      page.on('response', (r) => console.log('response', r.status(), r.url()));
    }
    return page;
  };
  return {
    newPage: fresh,
    async signIn(url, role) {
      const page = await fresh();
      await page.goto(`${url}/ui`);
      await page.fill('input[name="token"]', ROLE_TOKENS[role]);
      await page.click('button[type="submit"]');
      await page.waitForURL(`${url}/ui`);
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
    },
  };
}

export const useBrowser = (): TestBrowser => beforeAllStarted(startBrowser, (b) => b.close());
