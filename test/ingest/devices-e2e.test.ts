/**
 * Device protocols against the real server (embedded default, no simulator): a JT/T 808 terminal
 * and a Traccar Client phone report, and the vehicles move in live state and over the HTTP API.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/app.js';
import { hmacAuthCode } from '../../server/ingest/jt808/server.js';
import { authedFetch, startTestServer, tokenFor } from '../server/helpers.js';
import { asciiBody, frame808, locationBody, registerBody2013 } from './jt808-builder.js';

const PHONE = '013912345678';

function gmt8(t: number): string {
  const d = new Date(t + 8 * 3600_000);
  return [d.getUTCFullYear() % 100, d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()].map((n) => String(n).padStart(2, '0')).join('');
}

describe('device protocols on the real server', () => {
  let srv: RunningServer;
  let jtPort: number;
  let osmandUrl: string;
  let sweeper: string;
  let tow: string;
  const SECRET = 'e2e-secret-0123';

  beforeAll(async () => {
    // the composition root's wiring, from configuration: the demo fleet's ids are known before start
    sweeper = 'SW-01';
    tow = 'TW-01';
    srv = await startTestServer({ jt808Port: 0, osmandPort: 0, deviceMap: `${PHONE}=${sweeper}`, jt808AuthSecret: SECRET });
    expect(srv.world.fleet.has(sweeper) && srv.world.fleet.has(tow)).toBe(true);
    jtPort = srv.devices.ports.jt808!;
    osmandUrl = `http://127.0.0.1:${srv.devices.ports.osmand}/`;
  });

  afterAll(async () => {
    await srv?.stop();
  });

  it('a JT/T 808 terminal registers, authenticates and moves its vehicle', async () => {
    const [minLat, minLon, maxLat, maxLon] = srv.world.town.network.bbox;
    const lat = Math.round(((minLat + maxLat) / 2) * 1e6) / 1e6;
    const lon = Math.round(((minLon + maxLon) / 2) * 1e6) / 1e6;
    const t = Math.floor(Date.now() / 1000) * 1000;
    const socket = connect(jtPort, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    let replies = 0;
    socket.on('data', (c: Buffer) => (replies += c.filter((b) => b === 0x7e).length / 2));
    socket.write(frame808(0x0100, PHONE, 1, registerBody2013('A12345')));
    socket.write(frame808(0x0102, PHONE, 2, asciiBody(hmacAuthCode(SECRET)(PHONE))));
    socket.write(frame808(0x0200, PHONE, 3, locationBody({ lat, lon, speedKmh: 12, heading: 45, timeGmt8: gmt8(t) })));
    const deadline = Date.now() + 5000;
    // 0x8100, then 0x8001 for the authentication and for the report (sent once the fix is stored)
    while ((replies < 3 || srv.world.fleet.get(sweeper)?.last?.ts !== t) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    socket.destroy();
    expect(srv.world.fleet.get(sweeper)!.last).toMatchObject({ vehicleId: sweeper, lat, lon, ts: t, speedKmh: 12, heading: 45 });
    expect(replies).toBe(3);
    expect(srv.devices.stats().jt808).toMatchObject({ authOk: 1, accepted: 1, rejected: 0 });
  });

  it('a Traccar Client phone configured with the vehicle id reports over HTTP', async () => {
    const [minLat, minLon] = srv.world.town.network.bbox;
    const ts = Date.now() - 1000;
    const res = await authedFetch(`${osmandUrl}?id=${tow}&lat=${minLat + 0.001}&lon=${minLon + 0.001}&timestamp=${ts}&speed=5`);
    expect(res.status).toBe(200);
    const view = await (await authedFetch(`${srv.url}/api/v1/vehicles/${tow}`)).json();
    expect(view.last).toMatchObject({ vehicleId: tow, ts });
    expect(view.last.speedKmh).toBeCloseTo(5 * 1.852, 9);
  });

  it('the main HTTP port serves Traccar Client at /osmand, and unknown devices are refused', async () => {
    const [minLat, minLon] = srv.world.town.network.bbox;
    const ts = Date.now() + 5000; // newer than the JT/T 808 report above, so it becomes the last position
    const ok = await authedFetch(`${srv.url}/osmand?id=${PHONE}&lat=${minLat + 0.002}&lon=${minLon + 0.002}&timestamp=${Math.floor(ts / 1000)}&speed=0`, { method: 'POST' });
    expect(ok.status).toBe(200);
    expect(srv.world.fleet.get(sweeper)!.last).toMatchObject({ lat: minLat + 0.002, ts: Math.floor(ts / 1000) * 1000 });
    const unknown = await authedFetch(`${srv.url}/osmand?id=999&lat=${minLat}&lon=${minLon}`);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toMatch(/unknown device "999"/);
    const devices = await (await authedFetch(`${srv.url}/api/v1/devices`)).json();
    expect(devices.ports).toEqual({ jt808: jtPort, osmand: Number(new URL(osmandUrl).port) });
    expect(devices.jt808.accepted).toBeGreaterThanOrEqual(1);
  });
});

describe('Traccar Client with device keys (OSMAND_REQUIRE_KEY)', () => {
  let srv: RunningServer;
  beforeAll(async () => {
    srv = await startTestServer({ osmandPort: 0, osmandRequireKey: true });
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it('takes a report only with a device key, in the server URL or a header; a person\'s token is no key', async () => {
    const { key } = await srv.directory.issueDeviceKey({ name: 'phone-sw-02' });
    const [minLat, minLon] = srv.world.town.network.bbox;
    const report = (extra: string) => `http://127.0.0.1:${srv.devices.ports.osmand}/?id=SW-02&lat=${minLat + 0.001}&lon=${minLon + 0.001}&timestamp=${Math.floor(Date.now() / 1000) - 5}${extra}`;
    const none = await fetch(report(''));
    expect(none.status).toBe(401);
    expect((await none.json()).error).toMatch(/device key/);
    expect((await fetch(report(`&key=${encodeURIComponent(key.slice(0, -3))}xyz`))).status).toBe(401);
    expect((await fetch(report(''), { headers: { authorization: `Bearer ${tokenFor(srv, 'admin')}` } })).status).toBe(401);
    expect((await fetch(report(`&key=${encodeURIComponent(key)}`))).status).toBe(200);
    expect((await fetch(`${srv.url}/osmand?id=SW-02&lat=${minLat}&lon=${minLon}`)).status).toBe(401);
    expect((await fetch(`${srv.url}/osmand?id=SW-02&lat=${minLat + 0.002}&lon=${minLon}&timestamp=${Math.floor(Date.now() / 1000) - 2}`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    expect(srv.world.fleet.get('SW-02')!.last?.lat).toBeCloseTo(minLat + 0.002, 9);
    // a phone's key is for its own vehicle
    const own = await srv.directory.issueDeviceKey({ name: 'phone-sw-04', vehicleIds: ['SW-04'] });
    expect((await fetch(report(`&key=${encodeURIComponent(own.key)}`))).status).toBe(403);
  });
});
