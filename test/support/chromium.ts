/**
 * Debian's Chromium driven by playwright-core, for the browser tests of the intake window: the
 * launch every browser test uses and the clerk's sign-in on the page.
 */
import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** The Chromium binary: `CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Launches Chromium headless, without sandbox, GPU, QUIC or background traffic.
 * @throws Error naming `CHROMIUM_PATH` when the binary is missing
 */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Registers the hooks that launch Chromium (beforeAll, 60 s) and close it (afterAll). Call where
 * the file's own hooks would stand.
 * @returns the running browser (throws outside the hooks' window)
 */
export function useChromium(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    browser = undefined;
  });
  return () => {
    if (!browser) throw new Error('useChromium(): the browser runs only between its beforeAll and afterAll');
    return browser;
  };
}

/**
 * Opens a 1280×900 page on the intake window at `baseUrl`, signs in as the demo clerk `username`
 * (password `demo`) and waits for the ID-number search.
 */
export async function signedInPage(browser: Browser, baseUrl: string, username = 'demo.civil-affairs'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${baseUrl}/`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('demo');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('search-idnumber').waitFor();
  return page;
}
