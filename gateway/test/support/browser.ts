/**
 * The gateway app served on a local port to a real Chromium (test/support/chromium.ts), for the
 * browser tests of the intake window against the in-process platform of ./platform.ts.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../../test/support/chromium';
import type { Platform } from './platform';

export interface BrowserOnPlatform {
  browser: Browser;
  /** `http://127.0.0.1:<port>`, where the gateway app answers. */
  url: string;
}

/**
 * Registers the hooks that serve the platform's gateway app on 127.0.0.1 (port 0) and launch
 * Chromium (beforeAll, 60 s), and close both (afterAll). Call after `usePlatform()`.
 * @param platform the getter `usePlatform` returned
 * @returns the browser and the app's URL (throws outside the hooks' window)
 */
export function useBrowserOn(platform: () => Platform): () => BrowserOnPlatform {
  let browser: Browser | undefined;
  let server: http.Server | undefined;
  let url = '';
  beforeAll(async () => {
    server = http.createServer(platform().app);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    browser = undefined;
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });
  return () => {
    if (!browser) throw new Error('useBrowserOn(): the browser runs only between its beforeAll and afterAll');
    return { browser, url };
  };
}
