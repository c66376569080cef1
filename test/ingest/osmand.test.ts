/** OsmAnd / Traccar Client HTTP: decoding the real requests, and the router over real HTTP. */
import express from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PositionsResponse } from '../../contracts/api.js';
import { decodeOsmandJson, decodeOsmandQuery, parseOsmandTime } from '../../server/ingest/osmand/decode.js';
import { createOsmandRouter } from '../../server/ingest/osmand/router.js';
import { loadVectors, protocolsPresent } from './data-dir.js';

const present = protocolsPresent();

function decodeVector(http: { method: string; path: string; body?: string; content_type?: string }) {
  if (http.content_type === 'application/json') return decodeOsmandJson(JSON.parse(http.body!));
  return decodeOsmandQuery(new URL(http.path, 'http://x').searchParams);
}

describe.skipIf(!present)('OsmAnd real requests (Traccar test vectors)', () => {
  const vectors = present ? loadVectors('osmand/traccar-osmand.json') : [];

  it('decodes a position wherever Traccar expects one, and refuses a request without an id', () => {
    expect(vectors).toHaveLength(15);
    for (const v of vectors) {
      const d = decodeVector(v.http!);
      if (v.check === 'verifyNull') {
        expect(d.ok, v.id).toBe(false);
        continue;
      }
      if (!d.ok) throw new Error(`${v.id}: ${d.error}`);
      if (v.check === 'verifyPosition' || v.check === 'verifyAttribute') {
        const p = d.positions[0];
        expect(p.lat, v.id).toBeTypeOf('number');
        expect(p.lon, v.id).toBeTypeOf('number');
      }
      if (v.check === 'verifyAttribute') expect(d.positions[0].attributes[v.attribute_key!], v.id).toBe(v.value);
    }
  });

  it('reads every time form: ISO, unix seconds, unix ms, "yyyy-MM-dd HH:mm:ss"', () => {
    const t = (id: string) => {
      const d = decodeVector(vectors.find((v) => v.id === id)!.http!);
      return d.ok ? d.positions[0].time : 'error';
    };
    expect(t('osmand-007')).toBe(Date.UTC(2016, 0, 27, 18, 55, 47));
    expect(t('osmand-008')).toBe(1442068686579);
    expect(t('osmand-009')).toBe(Date.UTC(2014, 5, 4, 9, 10, 11));
    expect(t('osmand-011')).toBe(1377177267000);
    expect(t('osmand-001')).toBe(Date.parse('2025-06-15T13:45:12.862Z'));
    expect(t('osmand-013')).toBeUndefined(); // no timestamp: the server's time is used
  });

  it('converts knots (query form) and m/s (JSON form) to km/h, takes bearing or heading', () => {
    const q = decodeVector(vectors.find((v) => v.id === 'osmand-015')!.http!);
    if (!q.ok) throw new Error(q.error);
    expect(q.positions[0].speedKmh).toBeCloseTo(40 * 1.852, 9);
    expect(q.positions[0].heading).toBeCloseTo(7.19889788244, 9);
    expect(q.positions[0].attributes).toMatchObject({ ignition: true, rpm: 933, fuel: 24 });
    const j = decodeVector(vectors.find((v) => v.id === 'osmand-004')!.http!);
    if (!j.ok) throw new Error(j.error);
    expect(j.positions[0]).toMatchObject({ deviceId: '8737767034', lat: -6.1148096, lon: 106.6837015, heading: 63, altitudeM: 35.7, accuracyM: 3.8 });
    expect(j.positions[0].speedKmh).toBeCloseTo(18.67 * 3.6, 9);
    expect(j.positions[0].attributes.batteryLevel).toBe(79);
    const unknown = decodeVector(vectors.find((v) => v.id === 'osmand-003')!.http!);
    if (!unknown.ok) throw new Error(unknown.error);
    expect(unknown.positions[0].speedKmh).toBeUndefined(); // speed -1 and heading -1 mean unknown
    expect(unknown.positions[0].heading).toBeUndefined();
  });

  it('reads location=lat,lon and deviceid', () => {
    const a = decodeVector(vectors.find((v) => v.id === 'osmand-014')!.http!);
    const b = decodeVector(vectors.find((v) => v.id === 'osmand-012')!.http!);
    expect(a.ok && a.positions[0]).toMatchObject({ lat: 60, lon: 30 });
    expect(b.ok && b.positions[0]).toMatchObject({ deviceId: '123456', lat: 60, lon: 30, heading: 0 });
  });
});

describe('parseOsmandTime', () => {
  it('tells seconds from milliseconds and refuses free text', () => {
    expect(parseOsmandTime('1700000000')).toBe(1_700_000_000_000);
    expect(parseOsmandTime(1_700_000_000_123)).toBe(1_700_000_000_123);
    expect(parseOsmandTime('2026-03-15T08:30:00+08:00')).toBe(Date.UTC(2026, 2, 15, 0, 30));
    expect(parseOsmandTime('yesterday')).toBeUndefined();
  });
});

describe('OsmAnd router over HTTP', () => {
  const batches: unknown[][] = [];
  let fail = false;
  const ingest = {
    async ingest(inputs: readonly unknown[]): Promise<PositionsResponse> {
      if (fail) throw new Error('store down');
      batches.push([...inputs]);
      const rejected = inputs.flatMap((f, index) => ((f as { lat: number }).lat > 80 ? [{ index, reason: 'position far outside the service area' }] : []));
      const dup = inputs.flatMap((f, index) => ((f as { ts: number }).ts === 1 ? [{ index, reason: 'duplicate fix (same vehicle and time already received)' }] : []));
      return { accepted: inputs.length - rejected.length - dup.length, rejected: [...rejected, ...dup] };
    },
  };
  let http: Server;
  let base: string;

  beforeAll(async () => {
    const app = express();
    app.use(express.json()); // as the main app does: the router must cope with a body parsed already
    app.use('/osmand', createOsmandRouter({ ingest, resolveVehicle: (id) => ({ '353861053849681': 'SW-03', '48241179': 'K-07' })[id], now: () => 42_000 }));
    http = createServer(app);
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}/osmand`;
  });
  afterAll(() => new Promise<void>((r) => http.close(() => r())));

  it('accepts the query form by GET and POST and maps the device to its vehicle', async () => {
    const q = '/?id=353861053849681&lat=22.6&lon=114.05&timestamp=1773534600&speed=10&bearing=45&working=true';
    expect((await fetch(base + q)).status).toBe(200);
    expect(batches.at(-1)).toEqual([{ vehicleId: 'SW-03', lat: 22.6, lon: 114.05, ts: 1773534600000, speedKmh: 18.52, heading: 45, working: true }]);
    const form = await fetch(base + '/', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'id=353861053849681&lat=22.7&lon=114.1' });
    expect(form.status).toBe(200);
    expect(batches.at(-1)).toEqual([{ vehicleId: 'SW-03', lat: 22.7, lon: 114.1, ts: 42_000 }]);
  });

  it('takes the query string of a POST with an empty JSON body (older clients)', async () => {
    const res = await fetch(base + '/?id=48241179&lat=22.61&lon=114.02&timestamp=1773534600', { method: 'POST', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(200);
    expect(batches.at(-1)).toMatchObject([{ vehicleId: 'K-07', lat: 22.61 }]);
  });

  it('accepts the JSON form', async () => {
    const body = { device_id: '48241179', location: { timestamp: '2026-03-15T00:30:00Z', coords: { latitude: 22.6, longitude: 114.05, speed: 5, heading: 180 }, extras: { working: false } } };
    const res = await fetch(base, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    expect(batches.at(-1)).toEqual([{ vehicleId: 'K-07', lat: 22.6, lon: 114.05, ts: Date.UTC(2026, 2, 15, 0, 30), speedKmh: 18, heading: 180, working: false }]);
  });

  it('answers 404 for an unknown device, 400 for bad requests and refused fixes, 200 for a resent one, 503 when storage fails', async () => {
    const r404 = await fetch(base + '/?id=999&lat=22.6&lon=114');
    expect(r404.status).toBe(404);
    expect((await r404.json()).error).toMatch(/unknown device "999"/);
    expect((await fetch(base + '/?lat=22.6&lon=114')).status).toBe(400);
    expect((await fetch(base + '/?id=48241179&lat=abc&lon=114')).status).toBe(400);
    expect((await fetch(base + '/?id=48241179&timestamp=1773534600')).status).toBe(400);
    const far = await fetch(base + '/?id=48241179&lat=85&lon=114');
    expect(far.status).toBe(400);
    expect((await far.json()).error).toMatch(/far outside/);
    expect((await fetch(base + '/?id=48241179&lat=22.6&lon=114&timestamp=1')).status).toBe(200);
    const badJson = await fetch(base, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"device_id":' });
    expect(badJson.status).toBe(400);
    fail = true;
    expect((await fetch(base + '/?id=48241179&lat=22.6&lon=114')).status).toBe(503);
    fail = false;
  });
});
