import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Incident } from '../../contracts/domain.js';
import { authedFetch, postJson } from '../server/helpers.js';
import { consoleInChromium, haveChromium, signedInPage } from './chromium.js';

const chromiumHere = haveChromium('incident panels test');

describe.skipIf(!chromiumHere)('incident queue pins and case figures in the console', () => {
  const env = consoleInChromium();

  it('pins a case to a truck from the queue, shows its cost, and shows the figures panel', async () => {
    const seg = env.srv.world.network.segments[11];
    const [lat, lon] = seg.geometry[0];
    const created = (await postJson(`${env.srv.url}/api/v1/incidents`, { type: 'illegal_parking', lat, lon, plate: '粤B54321' })).body as Incident;
    await env.srv.dispatcher.idle();
    const page = await signedInPage(env.browser, env.srv, 'dispatcher', { viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(env.srv.url + '/');
    const row = page.locator(`[data-testid="incident-row"][data-incident-id="${created.id}"]`);
    await row.waitFor({ timeout: 30_000 });
    await row.getByTestId('pin').click();
    const select = row.getByTestId('pin-select');
    const truck = env.srv.world.fleet.ofFleet('tow').find((v) => v.spec.id !== env.srv.dispatcher.incidents.get(created.id)?.assignedVehicleId && v.status !== 'broken')!;
    await select.selectOption(truck.spec.id);
    const badge = row.getByTestId('pin-badge');
    await badge.waitFor({ timeout: 15_000 });
    expect(await badge.textContent()).toContain(truck.spec.id);
    await row.getByTestId('pin-cost').waitFor({ timeout: 15_000 });
    expect(env.srv.dispatcher.incidents.get(created.id)?.pin?.vehicleId).toBe(truck.spec.id);

    const panel = page.getByTestId('incident-report');
    await panel.getByTestId('report-ontime').waitFor({ timeout: 15_000 });
    expect(await panel.getByTestId('report-ontime').textContent()).toMatch(/\d+\.\d%/);
    // the link downloads with the session's token, as a click does
    const [file] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('incident-csv').click()]);
    const csv = readFileSync((await file.path())!, 'utf8');
    expect(csv.replace(/^\uFEFF/, '').split('\r\n')[0]).toMatch(/^cell_id,cell,cases,/);
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/incident-report.png', await panel.screenshot());

    await row.getByTestId('unpin').click();
    await row.getByTestId('pin').waitFor({ timeout: 15_000 });
    expect(env.srv.dispatcher.incidents.get(created.id)?.pin).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it('takes a hotline report by place name with the reporter contact (stored masked) and photo links', async () => {
    const road = env.srv.world.network.segments.find((x) => x.name && x.roadClass === 'arterial')?.name ?? env.srv.world.network.segments.find((x) => x.name)!.name!;
    const page = await signedInPage(env.browser, env.srv, 'dispatcher', { viewport: { width: 1440, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(env.srv.url + '/');
    await page.getByTestId('new-incident').click();
    const form = page.getByTestId('new-incident-form');
    await form.waitFor({ timeout: 15_000 });
    await form.getByTestId('incident-type').selectOption('road_debris');
    await form.getByTestId('incident-location').fill(road);
    await form.getByTestId('incident-contact').fill('13812345678');
    await form.getByTestId('incident-photos').fill('https://example.org/a.jpg https://example.org/b.jpg');
    await form.getByTestId('incident-submit').click();
    await form.waitFor({ state: 'detached', timeout: 15_000 });
    const all = (await (await authedFetch(`${env.srv.url}/api/v1/incidents`)).json()) as Incident[];
    const made = all.find((i) => i.location === road);
    expect(made).toMatchObject({ type: 'road_debris', reporterContact: '138****5678', photos: ['https://example.org/a.jpg', 'https://example.org/b.jpg'] });
    expect(errors).toEqual([]);
  });
});
