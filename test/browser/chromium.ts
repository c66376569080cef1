/** Debian's Chromium for the browser tests: where it is, the flags it runs with here, and the built console. */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { RunningServer } from '../../server/app.js';
import type { Config } from '../../server/config.js';
import { startTestServer } from '../server/helpers.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Whether Chromium is here: absent in CI is an error (.ci/run installs it), elsewhere a skip with a
 * message. The console must be built either way (npm test builds it first).
 */
export function haveChromium(what: string): boolean {
  const ok = existsSync(CHROMIUM);
  if (!ok && process.env.CI) throw new Error(`browser tests need Chromium at ${CHROMIUM} (.ci/run installs it)`);
  if (!ok) console.warn(`SKIP ${what}: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
  if (!existsSync('dist/client/index.html')) throw new Error('the console is not built: run "npm run build" (npm test does it first)');
  return ok;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

/**
 * A test server serving the built console (with `config`) and Chromium, for the describe block it
 * is called in: started before its tests, closed after them.
 */
export function consoleInChromium(config: Partial<Config> = {}): { readonly srv: RunningServer; readonly browser: Browser } {
  const env = {} as { srv: RunningServer; browser: Browser };
  beforeAll(async () => {
    env.srv = await startTestServer({ staticDir: 'dist/client', ...config });
    env.browser = await launchChromium();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.srv?.stop();
  });
  return env;
}

/**
 * A page already signed in as `username` on a test server (the session the sign-in page would
 * store, put in localStorage before the app starts). test/browser/signin.test.ts signs in through the form.
 */
export async function signedInPage(browser: Browser, srv: RunningServer, username: string, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext(options);
  const s = srv.directory.issueToken(username);
  await context.addInitScript((value) => localStorage.setItem('cityfleet.session', value), JSON.stringify({ ...s, endsAt: Date.now() + s.expiresInMs }));
  return context.newPage();
}
