import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { consoleInChromium, haveChromium, signedInPage } from './chromium.js';

const chromiumHere = haveChromium('coverage panel test');

describe.skipIf(!chromiumHere)('coverage panel in the console', () => {
  const env = consoleInChromium({ simulate: true, simSpeed: 20 });

  it('shows the official rate, a chart of the shift and a working CSV link', async () => {
    const page = await signedInPage(env.browser, env.srv, 'dispatcher', { viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(env.srv.url + '/');
    const pct = page.getByTestId('coverage-pct');
    await pct.waitFor({ timeout: 30_000 });
    expect(await pct.textContent()).toMatch(/^\d+\.\d%$/);
    expect(await page.locator('[data-testid="coverage-panel"] svg.spark').count()).toBe(1);
    // the link downloads with the session's token, as a click does
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('coverage-csv').click()]);
    const csv = readFileSync((await file.path())!, 'utf8');
    expect(csv.replace(/^\uFEFF/, '').split('\r\n')[0]).toMatch(/^scope,id,name,road_class,/);
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/coverage-panel.png', await page.locator('[data-testid="coverage-panel"]').screenshot());
    expect(errors).toEqual([]);
  });
});
