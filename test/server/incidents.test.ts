import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentReport, PinResponse, TownInfo } from '../../contracts/api.js';
import type { Incident } from '../../contracts/domain.js';
import type { RunningServer } from '../../server/app.js';
import { authedFetch, postJson, startTestServer, tokenFor } from './helpers.js';

let srv: RunningServer;
let api: string;

beforeAll(async () => {
  srv = await startTestServer({ incidentLimits: 'illegal_parking=25,road_debris=50' });
  api = `${srv.url}/api/v1`;
  // steps are attributed to whoever is signed in: dispatcher "li" takes the calls
  await srv.directory.create({ username: 'li', role: 'dispatcher', password: 'li-password-1' });
});
afterAll(async () => {
  await srv?.stop();
});

/** A point on a road segment of the demo town (segment index k). */
function onRoad(k: number): { lat: number; lon: number } {
  const segs = srv.world.network.segments;
  const seg = segs[(k * 37) % segs.length];
  const [lat, lon] = seg.geometry[Math.floor(seg.geometry.length / 2)];
  return { lat, lon };
}

/** A call signed in as `username` (default dispatcher "li"). */
async function send(method: string, path: string, body?: unknown, username = 'li'): Promise<{ status: number; body: any }> {
  const res = await authedFetch(api + path, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) }, tokenFor(srv, username));
  return { status: res.status, body: await res.json() };
}

describe('hotline intake', () => {
  it('stores the contact masked, keeps photo links and the configured time limit', async () => {
    const res = await send('POST', '/incidents', {
      type: 'illegal_parking',
      ...onRoad(1),
      plate: '粤b98765',
      reporterContact: '138 1234 5678',
      photos: ['https://img.example.cn/a.jpg', 'http://img.example.cn/b.jpg'],
      by: 'system', // who is signed in counts, not what the body says
    });
    expect(res.status).toBe(201);
    const i = res.body as Incident;
    expect(i.reporterContact).toBe('138****5678');
    expect(JSON.stringify(i)).not.toContain('1234');
    expect(i.plate).toBe('粤B98765');
    expect(i.photos).toHaveLength(2);
    expect(i.deadline - i.createdAt).toBe(25 * 60_000);
    expect(i.history[0]).toMatchObject({ step: 'accept', by: 'dispatcher:li' });
    const stored = await srv.world.adapters.store.getIncident(i.id);
    expect(JSON.stringify(stored)).not.toContain('1234');
    const town = (await (await authedFetch(`${api}/town`)).json()) as TownInfo;
    expect(town.incidentLimitsMin.road_debris).toBe(50);
    expect(town.incidentLimitsMin.street_vending).toBe(60);
  });

  it('resolves a road name to a point on that road', async () => {
    const seg = srv.world.network.segments.find((s) => s.name)!;
    const res = await postJson(`${api}/incidents`, { type: 'road_debris', location: seg.name });
    expect(res.status).toBe(201);
    expect(res.body.location).toBe(seg.name);
    const hit = srv.world.snapper.nearestSegment(res.body.lat, res.body.lon, 5)!;
    expect(srv.world.network.segments[hit.segmentId].name).toBe(seg.name);
  });

  it('answers bad reports with a clear 400', async () => {
    const cases: [unknown, RegExp][] = [
      [{ type: 'road_debris' }, /point \(lat, lon\) or a location/],
      [{ type: 'road_debris', lat: 22.7 }, /both lat and lon/],
      [{ type: 'road_debris', location: 'Nowhere Street 99' }, /matches no road/],
      [{ type: 'road_debris', ...onRoad(2), photos: ['javascript:alert(1)'] }, /photos\.0/],
      [{ type: 'road_debris', ...onRoad(2), photos: Array.from({ length: 10 }, (_, k) => `https://x.cn/${k}.jpg`) }, /photos/],
      [{ type: 'road_debris', ...onRoad(2), reporterContact: 42 }, /reporterContact/],
    ];
    for (const [body, msg] of cases) {
      const res = await postJson(`${api}/incidents`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toMatch(msg);
    }
  });
});

describe('the case loop over HTTP', () => {
  it('records field and console steps in order, attributed, and refuses the rest', async () => {
    const created = (await postJson(`${api}/incidents`, { type: 'street_vending', ...onRoad(3) })).body as Incident;
    await srv.dispatcher.idle();
    // the unit the planner sent records the field steps, signed in as its driver
    const unit = srv.dispatcher.incidents.get(created.id)?.assignedVehicleId;
    expect(unit).toBeDefined();
    const crew = unit!.toLowerCase();
    const step = (body: { step: string; by: string; note?: string }) => send('POST', `/incidents/${created.id}/steps`, body, body.by.startsWith('driver') ? crew : 'li');
    expect((await step({ step: 'feedback', by: 'driver:S01' })).status).toBe(409);
    const arrived = await step({ step: 'arrive', by: 'driver:S01' });
    expect(arrived.body.status).toBe('on_scene');
    expect(arrived.body.history.at(-1).by).toBe(`driver:${crew}`);
    const early = await step({ step: 'close', by: 'dispatcher:li' });
    expect(early.status).toBe(409);
    expect(early.body.error).toMatch(/cannot follow arrive/);
    expect((await step({ step: 'handle', by: 'driver:S01', note: 'vendor moved on' })).status).toBe(200);
    expect((await step({ step: 'feedback', by: 'driver:S01', note: 'photo uploaded' })).status).toBe(200);
    const wrongRole = await step({ step: 'revisit', by: 'driver:S01' });
    expect(wrongRole.status).toBe(409);
    expect(wrongRole.body.error).toMatch(/dispatcher/);
    expect((await step({ step: 'revisit', by: 'dispatcher:li', note: 'reporter satisfied' })).status).toBe(200);
    const closed = await step({ step: 'close', by: 'dispatcher:li' });
    expect(closed.body.status).toBe('closed');
    const h = (closed.body as Incident).history;
    expect(h.map((e) => e.step).slice(-5)).toEqual(['arrive', 'handle', 'feedback', 'revisit', 'close']);
    expect(h.slice(-5).every((e) => e.at >= created.createdAt && e.by.length > 0)).toBe(true);
    expect(h.find((e) => e.step === 'revisit')).toMatchObject({ by: 'dispatcher:li', note: 'reporter satisfied' });
    expect((await step({ step: 'arrive', by: 'driver:S01' })).status).toBe(409);
    expect((await send('POST', '/incidents/INC-nope/steps', { step: 'arrive', by: 'driver:S01' })).status).toBe(404);
    expect((await send('POST', `/incidents/${created.id}/steps`, { step: 'dispatch', by: 'system' })).status).toBe(400);
    expect((await send('POST', `/incidents/${created.id}/steps`, { step: 'arrive', by: 'driver:S01', extra: 1 })).status).toBe(400);
  });
  it('lets only a dispatcher cancel a case, and a cancelled case is not late', async () => {
    const created = (await postJson(`${api}/incidents`, { type: 'illegal_parking', ...onRoad(7) })).body as Incident;
    await srv.dispatcher.idle();
    const unit = srv.dispatcher.incidents.get(created.id)?.assignedVehicleId;
    expect(unit).toBeDefined();
    const byDriver = await send('POST', `/incidents/${created.id}/steps`, { step: 'cancel', by: 'driver:TW-01' }, unit!.toLowerCase());
    expect(byDriver.status).toBe(409);
    const res = await send('POST', `/incidents/${created.id}/steps`, { step: 'cancel', by: 'dispatcher:li', note: 'owner drove away' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'cancelled' });
    expect(res.body.closedAt).toBeGreaterThanOrEqual(created.createdAt);
    expect(res.body.lateReason).toBeUndefined();
    expect(srv.dispatcher.incidents.get(created.id)).toBeUndefined();
  });
});

describe('dispatcher pins', () => {
  it('keeps a pin, says what it costs, and refuses impossible pins', async () => {
    await srv.dispatcher.idle();
    const tows = srv.world.fleet.ofFleet('tow').filter((v) => v.status !== 'broken');
    const created = (await postJson(`${api}/incidents`, { type: 'illegal_parking', ...onRoad(5) })).body as Incident;
    await srv.dispatcher.idle();
    const chosen = srv.dispatcher.incidents.get(created.id)?.assignedVehicleId;
    // pin it to a different free truck than the planner picked
    const other = tows.find((v) => v.spec.id !== chosen && v.status !== 'towing' && !srv.dispatcher.incidents.list().some((i) => i.assignedVehicleId === v.spec.id))!;
    const pin = await send('POST', `/incidents/${created.id}/pin`, { vehicleId: other.spec.id, by: 'dispatcher:li' });
    expect(pin.status).toBe(200);
    const out = pin.body as PinResponse;
    expect(out.incident.pin).toMatchObject({ vehicleId: other.spec.id, by: 'dispatcher:li' });
    expect(out.warning).toBeUndefined();
    // the optimum without the pin can be no worse than with it
    expect(out.costS).toBeGreaterThanOrEqual(0);
    await srv.dispatcher.idle();
    const after = srv.dispatcher.incidents.get(created.id)!;
    expect(after.assignedVehicleId).toBe(other.spec.id);
    expect(after.pin?.costS).toBe(out.costS);
    // plain seconds beside the weighted objective
    expect(typeof after.pin?.lateS).toBe('number');
    expect(typeof after.pin?.responseS).toBe('number');
    expect(after.history.at(-1)?.note).toMatch(/pinned by dispatcher:li/);
    expect(other.assignment?.stops[0]).toMatchObject({ kind: 'incident', id: created.id });

    const sweeper = srv.world.fleet.ofFleet('sweeper')[0];
    expect((await send('POST', `/incidents/${created.id}/pin`, { vehicleId: sweeper.spec.id })).status).toBe(409);
    expect((await send('POST', `/incidents/${created.id}/pin`, { vehicleId: 'T-NOPE' })).status).toBe(404);
    expect((await send('POST', `/incidents/${created.id}/pin`, {})).status).toBe(400);
    const un = await send('DELETE', `/incidents/${created.id}/pin`);
    expect(un.status).toBe(200);
    expect(un.body.pin).toBeUndefined();
    expect((await send('DELETE', `/incidents/${created.id}/pin`)).status).toBe(409);
  });
});

describe('incident reports', () => {
  it('reports figures as JSON and CSV over the cases so far', async () => {
    const res = await authedFetch(`${api}/reports/incidents`);
    expect(res.status).toBe(200);
    const rep = (await res.json()) as IncidentReport;
    const all = await srv.world.adapters.store.listIncidents();
    expect(rep.cases).toBe(all.length);
    expect(rep.closed).toBe(all.filter((i) => i.status === 'closed').length);
    expect(rep.responseHistogram.reduce((a, b) => a + b.count, 0)).toBe(rep.reached);
    expect(rep.byCell.reduce((a, c) => a + c.cases, 0)).toBe(rep.cases);
    const csv = await authedFetch(`${api}/reports/incidents.csv`);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await csv.text()).replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toMatch(/^cell_id,cell,cases,/);
    expect(lines.some((l) => l.startsWith('all,all cells,' + rep.cases + ','))).toBe(true);
    expect((await authedFetch(`${api}/reports/incidents?from=yesterday`)).status).toBe(400);
    expect((await authedFetch(`${api}/reports/incidents?from=2000&to=1000`)).status).toBe(400);
  });
});

describe('squad placement', () => {
  it('places every squad on demand, sends idle squads to their posts, and reports it', async () => {
    expect((await authedFetch(`${api}/squads/placement`)).status).toBe(404);
    const res = await send('POST', '/squads/placement');
    expect(res.status).toBe(200);
    const squads = srv.world.fleet.ofFleet('squad').filter((v) => v.status !== 'broken');
    expect(res.body.posts).toHaveLength(squads.length);
    const cellIds = new Set(srv.world.network.cells.map((c) => c.id));
    for (const p of res.body.posts) expect(cellIds.has(p.cellId)).toBe(true);
    expect(res.body.covered).toBeLessThanOrEqual(res.body.expected + 1e-9);
    expect(res.body.covered).toBeGreaterThan(0);
    const idle = squads.find((v) => v.assignment?.reason === 'posts');
    expect(idle?.assignment?.stops.at(-1)).toMatchObject({ kind: 'post', id: `post-${res.body.posts.find((p: { squadId: string }) => p.squadId === idle!.spec.id).cellId}` });
    expect((await (await authedFetch(`${api}/squads/placement`)).json()).at).toBe(res.body.at);
  });
});

describe('a cancelled case frees its unit', () => {
  it('the squad that was going to a cancelled case takes the next, less urgent one', async () => {
    await srv.dispatcher.idle();
    const squads = srv.world.fleet.ofFleet('squad');
    const keep = squads.find((v) => v.status !== 'broken' && v.status !== 'working')!;
    const others = squads.filter((v) => v !== keep && v.status !== 'broken');
    for (const v of others) await send('POST', `/vehicles/${v.spec.id}/events`, { type: 'breakdown' });
    // earlier tests' cases would compete for the one squad left
    const squadCase = (x: Incident) => !x.type.endsWith('_parking') && (x.status === 'accepted' || x.status === 'dispatched');
    for (const i of srv.dispatcher.incidents.list().filter(squadCase)) {
      expect((await send('POST', `/incidents/${i.id}/steps`, { step: 'cancel', by: 'dispatcher:li' })).status).toBe(200);
    }
    await srv.dispatcher.idle();
    try {
      const debris = (await postJson(`${api}/incidents`, { type: 'road_debris', ...onRoad(9) })).body as Incident;
      await srv.dispatcher.idle();
      expect(srv.dispatcher.incidents.get(debris.id)?.assignedVehicleId).toBe(keep.spec.id);
      expect((await send('POST', `/incidents/${debris.id}/steps`, { step: 'cancel', by: 'dispatcher:li' })).status).toBe(200);
      await srv.dispatcher.idle();
      // vending is less urgent than debris: a squad still bound to the cancelled debris could not take it
      const vending = (await postJson(`${api}/incidents`, { type: 'street_vending', ...onRoad(10) })).body as Incident;
      await srv.dispatcher.idle();
      expect(srv.dispatcher.incidents.get(vending.id)?.assignedVehicleId).toBe(keep.spec.id);
      expect(keep.assignment?.stops.find((s) => !s.done)).toMatchObject({ kind: 'incident', id: vending.id });
    } finally {
      for (const v of others) await send('POST', `/vehicles/${v.spec.id}/events`, { type: 'repaired' });
    }
  });
});
