import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assignment, Fix, Incident, Kpis, VehicleView } from '../../contracts/domain.js';
import { createMongoStore } from '../../server/adapters/mongo/durable-store.js';
import { generateDemoTown } from '../../fixtures/demo-town.js';
import { mongoGate, mongoTestUrl, redisGate, REDIS_TEST_URL } from '../adapters/servers.js';
import { startChild, type ChildServer } from './child-server.js';
import { authedFetch, connect, nextEvent, postJson } from './helpers.js';

// Real Redis and a real MongoDB-wire server (FerretDB in CI), servers as separate processes.
const gates = await Promise.all([redisGate(), mongoGate()]);
const skip = gates.some((g) => g.skip);
const town = generateDemoTown(1);
const tows = town.fleet.filter((v) => v.fleet === 'tow');

const getJson = async <T>(url: string): Promise<T> => (await authedFetch(url)).json() as Promise<T>;

async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function env(mongoUrl: string, prefix: string): Record<string, string> {
  return { REDIS_URL: REDIS_TEST_URL, REDIS_PREFIX: prefix, MONGO_URL: mongoUrl, ARCHIVE_CLAIM_MS: '1000' };
}

/** Every vehicle at its own base, so no re-plan has a reason to send it anywhere. */
function fixesForFleet(t0: number): Fix[] {
  return town.fleet.map((v, k) => {
    const home = town.places[v.home];
    return { vehicleId: v.id, lat: home.lat + (k % 5) * 1e-5, lon: home.lon, ts: t0 + k, speedKmh: 0 };
  });
}

describe.skipIf(skip)('Redis + MongoDB: restart and several processes', () => {
  const children: ChildServer[] = [];
  afterAll(async () => {
    await Promise.all(children.map((c) => c.stop('SIGKILL')));
  });

  it('comes back after SIGKILL with vehicles, open incidents, assignments and every acknowledged fix', async () => {
    const mongoUrl = mongoTestUrl();
    const e = env(mongoUrl, `cftest:${randomUUID().slice(0, 8)}:`);
    const a = await startChild(e);
    children.push(a);
    let accepted = 0;
    for (let round = 0; round < 3; round++) {
      const r = await postJson(`${a.url}/api/v1/positions`, { positions: fixesForFleet(Date.now() - 10_000 + round * 1000) });
      expect(r.status).toBe(202);
      accepted += r.body.accepted;
    }
    const seg = town.network.segments[1234].geometry[0];
    const created = await postJson(`${a.url}/api/v1/incidents`, { type: 'illegal_parking', lat: seg[0], lon: seg[1], plate: '粤B12345' });
    expect(created.status).toBe(201);
    const id = (created.body as Incident).id;
    const dispatched = await until('dispatch', async () => {
      const i = await getJson<Incident>(`${a.url}/api/v1/incidents/${id}`);
      return i.assignedVehicleId ? i : undefined;
    });
    const before = await getJson<Assignment[]>(`${a.url}/api/v1/assignments`);
    const vehiclesBefore = await getJson<VehicleView[]>(`${a.url}/api/v1/vehicles`);
    expect(before.length).toBeGreaterThan(10);

    await a.stop('SIGKILL');
    const b = await startChild(e);
    children.push(b);

    const vehiclesAfter = await getJson<VehicleView[]>(`${b.url}/api/v1/vehicles`);
    for (const v of vehiclesBefore) expect(vehiclesAfter.find((x) => x.id === v.id)?.last?.ts, v.id).toBe(v.last?.ts);
    const incident = await getJson<Incident>(`${b.url}/api/v1/incidents/${id}`);
    expect(incident.status).toBe('dispatched');
    expect(incident.assignedVehicleId).toBe(dispatched.assignedVehicleId);
    expect((await getJson<Incident[]>(`${b.url}/api/v1/incidents?open=1`)).map((i) => i.id)).toContain(id);
    const after = await getJson<Assignment[]>(`${b.url}/api/v1/assignments`);
    const versions = (xs: Assignment[]) => Object.fromEntries(xs.map((x) => [x.vehicleId, x.version]));
    // what the new process serves is what the killed one had stored: the snapshot above may be a
    // version behind for a vehicle whose stop progress the killed process was still saving
    const storedAtKill = await createMongoStore(mongoUrl);
    const persisted = await storedAtKill.latestAssignments();
    await storedAtKill.close();
    const changed = after.filter((x) => x.version !== versions(persisted)[x.vehicleId]).map((x) => `${x.vehicleId} v${x.version} (${x.reason})`);
    expect(changed, 'assignments the new process changed').toEqual([]);
    expect(versions(after)).toEqual(versions(persisted));
    for (const [id, v] of Object.entries(versions(before))) expect(versions(persisted)[id], id).toBeGreaterThanOrEqual(v);
    // the tow driver reconnects to the new process and gets the same version
    const driver = connect(b.url, '/driver', { vehicleId: dispatched.assignedVehicleId! });
    const got = await nextEvent<Assignment>(driver, 'assignment');
    expect(got.version).toBe(before.find((x) => x.vehicleId === dispatched.assignedVehicleId)!.version);
    expect(got.stops.some((s) => s.id === id)).toBe(true);
    driver.close();
    // every fix answered with 202 reaches the archive: the new process drains what the killed one
    // left in the Redis stream (its consumer's pending entries are claimed after ARCHIVE_CLAIM_MS)
    const store = await createMongoStore(mongoUrl);
    // (entries the killed process stored but had not acknowledged are stored again, idempotently,
    // so the count can be complete a moment before the backlog is empty)
    let stored = -1;
    let backlog = -1;
    await until('archive drained', async () => {
      stored = await store.countTrack();
      backlog = (await getJson<{ archiveBacklog: number }>(`${b.url}/api/v1/health`)).archiveBacklog;
      return stored >= accepted && backlog === 0 ? true : undefined;
    }, 30_000).catch(() => undefined);
    expect(stored).toBe(accepted);
    expect(backlog).toBe(0);
    await store.close();
    await b.stop('SIGKILL');
  });

  it('two processes share one fleet: fixes cross over, a re-plan runs once, both push the same versions', async () => {
    const e = env(mongoTestUrl(), `cftest:${randomUUID().slice(0, 8)}:`);
    const p1 = await startChild(e);
    children.push(p1);
    const p2 = await startChild(e);
    children.push(p2);
    await postJson(`${p1.url}/api/v1/positions`, { positions: fixesForFleet(Date.now() - 5000) });

    // a fix posted to one process reaches a console connected to the other
    const consoleOn2 = connect(p2.url, '/console');
    await nextEvent(consoleOn2, 'snapshot');
    const fix: Fix = { vehicleId: town.fleet[0].id, lat: town.places.towYard.lat + 0.001, lon: town.places.towYard.lon, ts: Date.now() };
    const crossed = nextEvent<Fix[]>(consoleOn2, 'positions', (b) => b.some((f) => f.vehicleId === fix.vehicleId && f.ts === fix.ts));
    expect((await postJson(`${p1.url}/api/v1/positions`, { positions: [fix] })).body.accepted).toBe(1);
    await crossed;
    consoleOn2.close();

    // drivers of every tow truck, connected to both processes
    const drivers = tows.flatMap((v) => [p1, p2].map((p) => ({ id: v.id, socket: connect(p.url, '/driver', { vehicleId: v.id }) })));
    await new Promise((r) => setTimeout(r, 1500));
    const replans = async () => (await Promise.all([p1, p2].map((p) => getJson<Kpis>(`${p.url}/api/v1/kpis`)))).reduce((s, k) => s + k.replans, 0);
    const replansBefore = await replans();
    const received: Record<string, Assignment[]> = {};
    for (const d of drivers) d.socket.on('assignment', (x: Assignment) => (received[d.id] ??= []).push(x));
    const seg = town.network.segments[2222].geometry[0];
    const created = await postJson(`${p2.url}/api/v1/incidents`, { type: 'illegal_parking', lat: seg[0], lon: seg[1] });
    const id = (created.body as Incident).id;
    const truck = await until('dispatch', async () => (await getJson<Incident>(`${p1.url}/api/v1/incidents/${id}`)).assignedVehicleId);
    await until('both driver copies', async () => ((received[truck]?.filter((x) => x.stops.some((s) => s.id === id)).length ?? 0) >= 2 ? true : undefined));
    const copies = received[truck].filter((x) => x.stops.some((s) => s.id === id));
    expect(copies).toHaveLength(2);
    expect(copies[0].version).toBe(copies[1].version);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await replans()).toBe(replansBefore + 1);
    for (const d of drivers) d.socket.close();
  });
});
