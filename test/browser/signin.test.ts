/**
 * Signing in through the page: nothing shows before it, a wrong password says so, a manager gets
 * the console without the dispatching controls, a driver lands on their own vehicle whatever the
 * address, signing out goes back to the form, and an ended session brings the form back by itself.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../server/helpers.js';
import { consoleInChromium, haveChromium } from './chromium.js';

const chromiumHere = haveChromium('sign-in browser tests');

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByTestId('signin-username').fill(username);
  await page.getByTestId('signin-password').fill(password);
  await page.getByTestId('signin-submit').click();
}

describe.skipIf(!chromiumHere)('signing in, in Chromium', () => {
  const env = consoleInChromium();

  it('shows only the form before signing in, refuses a wrong password, and gives a manager a read-only console', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(env.srv.url + '/');
    await page.getByTestId('signin-form').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('coverage-panel').count()).toBe(0);
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/signin.png', await page.screenshot());

    await signIn(page, 'manager', 'not-the-password');
    await page.getByTestId('signin-error').waitFor();
    expect(await page.getByTestId('signin-error').textContent()).toMatch(/wrong username or password/);

    await signIn(page, 'manager', TEST_PASSWORD);
    await page.getByTestId('coverage-panel').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('user-badge').getAttribute('data-role')).toBe('manager');
    // a manager looks at figures and maps; reporting and pinning are for dispatchers
    expect(await page.getByTestId('new-incident').count()).toBe(0);

    // a reload stays signed in; signing out goes back to the form
    await page.reload();
    await page.getByTestId('coverage-panel').waitFor({ timeout: 30_000 });
    await page.getByTestId('sign-out').click();
    await page.getByTestId('signin-form').waitFor();
    await page.reload();
    await page.getByTestId('signin-form').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('takes a driver to their own vehicle, and back to the form when the session ends', async () => {
    const page = await env.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // a link to another vehicle's page does not show that vehicle
    await page.goto(`${env.srv.url}/driver/TW-01`);
    await signIn(page, 'KW-02', TEST_PASSWORD);
    await page.getByTestId('ack-state').waitFor({ timeout: 30_000 });
    expect(new URL(page.url()).pathname).toBe('/driver/KW-02');
    expect(await page.title()).toMatch(/^KW-02/);

    // the account is disabled: the open page notices and asks to sign in again
    await env.srv.directory.update('kw-02', { disabled: true });
    await page.getByTestId('signin-form').waitFor({ timeout: 30_000 });
    expect(await page.locator('.signin-note').textContent()).toBeTruthy();
    expect(errors).toEqual([]);
    await page.close();
  });
});
