import { mkdirSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { consoleInChromium, haveChromium, signedInPage } from './chromium.js';

const chromiumHere = haveChromium('browser tests');

/** Screenshots go to test-results/; with UPDATE_SCREENSHOTS=1 also to docs/ for the README. */
async function shot(page: Page, name: string): Promise<Buffer> {
  const png = await page.screenshot();
  mkdirSync('test-results', { recursive: true });
  writeFileSync(`test-results/${name}.png`, png);
  if (process.env.UPDATE_SCREENSHOTS) writeFileSync(`docs/${name}.png`, png);
  return png;
}

type Pos = Record<string, { lat: number; lon: number } | undefined>;

describe.skipIf(!chromiumHere)('console and driver view in Chromium', () => {
  const env = consoleInChromium({ simulate: true, simSpeed: 10, simAutoAck: false });

  it('shows vehicles that move between two screenshots, and the route of a clicked vehicle', async () => {
    const page = await signedInPage(env.browser, env.srv, 'dispatcher', { viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(env.srv.url + '/');
    await page.waitForFunction(() => (window as any).__cityfleet?.mapReady && (window as any).__cityfleet.vehicleCount() > 0, null, { timeout: 30_000 });
    const ids = env.srv.world.town.fleet.map((v) => v.id);
    const read = () => page.evaluate((list) => Object.fromEntries(list.map((id) => [id, (window as any).__cityfleet.position(id)])), ids) as Promise<Pos>;
    await page.waitForTimeout(1500);
    const before = await read();
    const png1 = await shot(page, 'console-1');
    await page.waitForTimeout(4000);
    const after = await read();
    const png2 = await shot(page, 'console');
    const moved = ids.filter((id) => {
      const a = before[id];
      const b = after[id];
      return a && b && (Math.abs(a.lat - b.lat) > 2e-5 || Math.abs(a.lon - b.lon) > 2e-5);
    });
    expect(Object.values(after).filter(Boolean).length).toBe(ids.length);
    expect(moved.length).toBeGreaterThanOrEqual(5);
    expect(png1.equals(png2)).toBe(false);

    // select a kitchen truck (it has a multi-stop route) from the fleet panel
    const kitchen = env.srv.world.fleet.ofFleet('kitchen').find((v) => (v.assignment?.stops.length ?? 0) > 1)!;
    await page.locator(`[data-testid="vehicle-row"][data-vehicle-id="${kitchen.spec.id}"]`).click();
    await expect.poll(() => page.evaluate(() => (window as any).__cityfleet.selected())).toBe(kitchen.spec.id);
    await page.locator('[data-testid="vehicle-card"]').waitFor();
    const stops = await page.locator('[data-testid="route-info"]').getAttribute('data-stops');
    expect(Number(stops)).toBe(kitchen.assignment!.stops.length);
    await shot(page, 'console-selected');
    expect(errors).toEqual([]);
  });

  it('a driver sees the assignment on a phone screen and acknowledges it', async () => {
    const v = env.srv.world.fleet.ofFleet('kitchen').find((x) => x.assignment)!;
    const version = v.assignment!.version;
    const page = await signedInPage(env.browser, env.srv, v.spec.id.toLowerCase(), { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await page.goto(`${env.srv.url}/driver/${v.spec.id}`);
    await expect.poll(() => page.locator('[data-testid="assignment-version"]').innerText(), { timeout: 20_000 }).toContain(String(version));
    await page.waitForTimeout(1000);
    await shot(page, 'driver');
    expect(v.ackedVersion).toBeLessThan(version);
    await page.locator('[data-testid="ack-button"]').click();
    await expect.poll(() => env.srv.world.fleet.get(v.spec.id)!.ackedVersion, { timeout: 10_000 }).toBe(version);
    await expect.poll(() => page.locator('[data-testid="ack-state"]').getAttribute('data-acked')).toBe('true');
  });
});
