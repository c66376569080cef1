import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assignment, Fix, Incident, VehicleView } from '../../contracts/domain.js';
import type { ConsoleSnapshot } from '../../contracts/events.js';
import type { RunningServer } from '../../server/app.js';
import { authedFetch, connect, nextEvent, postJson, startTestServer, tokenFor } from './helpers.js';

let srv: RunningServer;
let api: string;

beforeAll(async () => {
  srv = await startTestServer();
  api = `${srv.url}/api/v1`;
});
afterAll(async () => {
  await srv?.stop();
});

function fixNear(vehicleId: string, dLat = 0, ts = Date.now()): Fix {
  const home = srv.world.town.places.sweeperDepot;
  return { vehicleId, lat: home.lat + dLat, lon: home.lon, ts, speedKmh: 10, heading: 90, working: true };
}

describe('GPS ingestion end to end', () => {
  it('a fix posted over HTTP reaches a console socket', async () => {
    const consoleSocket = connect(srv.url, '/console');
    const snap = await nextEvent<ConsoleSnapshot>(consoleSocket, 'snapshot');
    expect(snap.vehicles.length).toBe(srv.world.town.fleet.length);
    const id = srv.world.town.fleet.find((v) => v.fleet === 'sweeper')!.id;
    const fix = fixNear(id, 0.0012);
    const got = nextEvent<Fix[]>(consoleSocket, 'positions', (b) => b.some((f) => f.vehicleId === id && f.ts === fix.ts));
    const res = await postJson(`${api}/positions`, { positions: [fix] });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: 1, rejected: [] });
    const batch = await got;
    expect(batch.find((f) => f.vehicleId === id)).toMatchObject({ lat: fix.lat, lon: fix.lon });
    consoleSocket.close();
    const vehicles = (await (await authedFetch(`${api}/vehicles`)).json()) as VehicleView[];
    const v = vehicles.find((x) => x.id === id)!;
    expect(v.fleet).toBe('sweeper');
    expect(v.last?.ts).toBe(fix.ts);
  });

  it('rejects bad fixes one by one and keeps the good ones of the same batch', async () => {
    const id = srv.world.town.fleet.find((v) => v.fleet === 'kitchen')!.id;
    const t = Date.now();
    const positions = [
      fixNear(id, 0, t - 5000), // good
      { ...fixNear(id), vehicleId: 'NOPE-1' }, // unknown vehicle
      { ...fixNear(id), lat: 123 }, // impossible coordinates
      fixNear(id, 0, t + 3_600_000), // an hour in the future
      fixNear(id, 0, t - 5000), // duplicate of the first
      { ...fixNear(id, 0.001, t - 2000), ts: new Date(t - 2000).toISOString() }, // ISO time, good
      fixNear(id, 0, t - 60_000), // late: archived, does not move the vehicle back
      { vehicleId: id, lat: 'x', lon: 1, ts: t }, // wrong type
    ];
    const res = await postJson(`${api}/positions`, { positions });
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(3);
    const reasons = Object.fromEntries(res.body.rejected.map((r: { index: number; reason: string }) => [r.index, r.reason]));
    expect(Object.keys(reasons).map(Number)).toEqual([1, 2, 3, 4, 7]);
    expect(reasons[1]).toMatch(/unknown vehicle/);
    expect(reasons[2]).toMatch(/lat/);
    expect(reasons[3]).toMatch(/future/);
    expect(reasons[4]).toMatch(/duplicate/);
    expect(srv.world.fleet.get(id)!.last!.ts).toBe(t - 2000);
    expect(await srv.world.adapters.store.countTrack(id)).toBe(3);
  });

  it('answers malformed bodies with 400 and a JSON error', async () => {
    const bad = await postJson(`${api}/positions`, '{"positions": [');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/JSON/);
    const wrong = await postJson(`${api}/positions`, { fixes: [] });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatch(/positions/);
  });
});

describe('incidents and assignments', () => {
  it('a new illegal-parking incident produces an assignment in the right driver room, acked by the driver', async () => {
    // put every tow truck on the map at the yard
    const yard = srv.world.town.places.towYard;
    const tows = srv.world.town.fleet.filter((v) => v.fleet === 'tow');
    await postJson(`${api}/positions`, { positions: tows.map((v, k) => ({ vehicleId: v.id, lat: yard.lat, lon: yard.lon, ts: Date.now() - 1000 + k })) });
    const drivers = tows.map((v) => connect(srv.url, '/driver', { vehicleId: v.id }));
    const target = srv.world.network.segments[Math.floor(srv.world.network.segments.length / 2)].geometry[0];
    const firstAssignment = Promise.race(drivers.map((d) => nextEvent<Assignment>(d, 'assignment', (a) => a.stops.some((s) => s.kind === 'incident'), 15_000)));
    const res = await postJson(`${api}/incidents`, { type: 'illegal_parking', lat: target[0], lon: target[1], plate: '粤S12345' });
    expect(res.status).toBe(201);
    const incident = res.body as Incident;
    expect(incident.id).toBeTruthy();
    expect(incident.deadline).toBeGreaterThan(incident.createdAt);
    const a = await firstAssignment;
    expect(a.stops[0]).toMatchObject({ kind: 'incident', id: incident.id });
    expect(a.polyline.length).toBeGreaterThan(4);
    expect(a.fleet).toBe('tow');
    const shown = (await (await authedFetch(`${api}/incidents/${incident.id}`)).json()) as Incident;
    expect(shown.status).toBe('dispatched');
    expect(shown.assignedVehicleId).toBe(a.vehicleId);
    // the driver in that room acknowledges; the console sees it
    const driver = drivers[tows.findIndex((v) => v.id === a.vehicleId)];
    const ack = await driver.emitWithAck('ack', { vehicleId: a.vehicleId, version: a.version });
    expect(ack).toEqual({ ok: true });
    const wrong = await driver.emitWithAck('ack', { vehicleId: 'someone-else', version: 1 });
    expect(wrong.ok).toBe(false);
    const v = (await (await authedFetch(`${api}/vehicles/${a.vehicleId}`)).json()) as VehicleView;
    expect(v.ackedVersion).toBe(a.version);
    // a reconnecting driver gets its current assignment at once
    const again = connect(srv.url, '/driver', { vehicleId: a.vehicleId });
    const re = await nextEvent<Assignment>(again, 'assignment');
    expect(re.version).toBe(a.version);
    for (const d of [...drivers, again]) d.close();
  });

  it('rejects a bad incident with a clear 400', async () => {
    const res = await postJson(`${api}/incidents`, { type: 'alien_landing', lat: 22.7, lon: 114.2 });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/type/);
    const unknown = await authedFetch(`${api}/incidents/nope`);
    expect(unknown.status).toBe(404);
  });

  it('refuses a driver socket for an unknown vehicle', async () => {
    // a dispatcher may watch any vehicle's driver view, but not one that does not exist
    const s = connect(srv.url, '/driver', { vehicleId: 'ghost', token: tokenFor(srv, 'dispatcher') });
    const err = await new Promise<Error>((resolve) => s.on('connect_error', resolve));
    expect(err.message).toMatch(/unknown vehicle/);
    s.close();
  });
});
