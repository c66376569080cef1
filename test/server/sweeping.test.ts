import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoverageReport } from '../../contracts/coverage.js';
import type { Assignment, Fix } from '../../contracts/domain.js';
import { dataDir } from '../../fixtures/load-town.js';
import { haversineM } from '../../optimizer/util/geo.js';
import type { RunningServer } from '../../server/app.js';
import { MIN_PACE, SHIFT_H, shareTrips } from '../../server/dispatch/sweeper-planner.js';
import { authedFetch, connect, nextEvent, postJson, startTestServer } from './helpers.js';

const SHENZHEN = join(dataDir(), 'geo/shenzhen-longgang/map.osm');
const haveShenzhen = existsSync(SHENZHEN);
if (!haveShenzhen && process.env.CI === 'true') throw new Error(`CI: shared data missing at ${SHENZHEN} (set CITYFLEET_DATA_DIR)`);
if (!haveShenzhen) console.warn(`skipping the Shenzhen sweeping re-plan: ${SHENZHEN} not found (set CITYFLEET_DATA_DIR)`);

/** Segments each sweeper still has to sweep (stops not reached yet). */
function remaining(srv: RunningServer): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const v of srv.world.fleet.ofFleet('sweeper')) {
    out.set(v.spec.id, (v.assignment?.stops ?? []).filter((s) => s.kind === 'segment' && !s.done).map((s) => Number(s.id)));
  }
  return out;
}

/** Every planned, unswept segment is on exactly one sweeper's list, and only live sweepers have any. */
function expectAllAssigned(srv: RunningServer): void {
  const owner = new Map<number, string>();
  for (const [id, segs] of remaining(srv)) {
    const v = srv.world.fleet.get(id)!;
    if (v.status === 'broken') expect(segs, `broken ${id} keeps no work`).toEqual([]);
    for (const s of segs) {
      expect(owner.get(s), `segment ${s} given twice`).toBeUndefined();
      owner.set(s, id);
    }
  }
  const todo = srv.world.town.plannedSweepSegments.filter((s) => !srv.dispatcher.coverage.isSwept(s));
  expect(todo.filter((s) => !owner.has(s))).toEqual([]);
}

/** A point `frac` of the way along a segment's geometry. */
function pointAlong(geometry: [number, number][], frac: number): [number, number] {
  const legs = geometry.slice(1).map((p, i) => haversineM(geometry[i][0], geometry[i][1], p[0], p[1]));
  let left = frac * legs.reduce((a, b) => a + b, 0);
  for (let i = 0; i < legs.length; i++) {
    if (left <= legs[i] || i === legs.length - 1) {
      const t = legs[i] > 0 ? Math.min(1, left / legs[i]) : 0;
      return [geometry[i][0] + t * (geometry[i + 1][0] - geometry[i][0]), geometry[i][1] + t * (geometry[i + 1][1] - geometry[i][1])];
    }
    left -= legs[i];
  }
  return geometry[geometry.length - 1];
}

/**
 * The mid-shift scenario on one town: plan, one sweeper starts sweeping its first segment, another
 * breaks down; its segments go to the others, the started segment stays, drivers get new versions.
 */
function replanScenario(town: () => RunningServer, startedAt: () => number): void {
  it('the first plan gives every planned segment to a sweeper, trips after refills included', () => {
    const srv = town();
    expectAllAssigned(srv);
    const withRefill = srv.world.fleet.ofFleet('sweeper').filter((v) => {
      const kinds = v.assignment?.stops.map((s) => s.kind) ?? [];
      return kinds.indexOf('depot') >= 0 && kinds.indexOf('depot') < kinds.length - 1;
    });
    // with more kerb than one hopper per sweeper, some sweeper refills mid-route
    const planned = srv.world.town.plannedSweepSegments.reduce((a, s) => a + srv.world.network.segments[s].lengthM, 0);
    const sweepers = srv.world.fleet.ofFleet('sweeper');
    if (planned > sweepers.length * sweepers[0].spec.capacity) expect(withRefill.length).toBeGreaterThan(0);
  });

  it('when hoppers are full, every segment still goes to a sweeper, after a refill at the depot', async () => {
    const srv = town();
    const sweepers = srv.world.fleet.ofFleet('sweeper');
    // all but two: the two cannot carry the rest, so trips from the depot must be chained
    const full = sweepers.slice(2);
    const planned = srv.world.town.plannedSweepSegments.filter((id) => !srv.dispatcher.coverage.isSwept(id));
    expect(planned.reduce((a, id) => a + srv.world.network.segments[id].lengthM, 0)).toBeGreaterThan(2 * sweepers[0].spec.capacity);
    const posted = await Promise.all(full.map((v) => postJson(`${srv.url}/api/v1/vehicles/${v.spec.id}/events`, { type: 'full' })));
    expect(posted.map((r) => r.status)).toEqual(full.map(() => 202));
    await srv.dispatcher.idle();
    expectAllAssigned(srv);
    for (const v of full) {
      const stops = v.assignment!.stops.filter((s) => !s.done);
      // a full sweeper empties its hopper before sweeping anything
      const firstSeg = stops.findIndex((s) => s.kind === 'segment');
      if (firstSeg >= 0) expect(stops.slice(0, firstSeg).some((s) => s.kind === 'depot')).toBe(true);
      v.load = 0; // refilled, for the next scenario
    }
  });

  it('a breakdown hands its unswept segments to the others, keeps started work and pushes new versions', async () => {
    const srv = town();
    const api = `${srv.url}/api/v1`;
    const net = srv.world.network;
    const sweepers = srv.world.fleet.ofFleet('sweeper');
    // a sweeper starts on a long first segment (fixes well away from the stop's midpoint and end node)
    const worker = sweepers.find((v) => {
      const first = v.assignment?.stops.find((s) => s.kind === 'segment');
      return first && net.segments[Number(first.id)].lengthM >= 260;
    });
    expect(worker, 'a sweeper with a long first segment').toBeDefined();
    const firstStop = worker!.assignment!.stops.find((s) => s.kind === 'segment')!;
    const seg = net.segments[Number(firstStop.id)];
    const forward = firstStop.nodeId === seg.to;
    const t = Date.now() - 20_000;
    const fixes: Fix[] = [0.1, 0.14, 0.18].map((f, i) => {
      const [lat, lon] = pointAlong(seg.geometry, forward ? f : 1 - f);
      return { vehicleId: worker!.spec.id, lat, lon, ts: t + i * 5000, speedKmh: 8, working: true };
    });
    expect((await postJson(`${api}/positions`, { positions: fixes })).body.accepted).toBe(3);
    await srv.dispatcher.idle();
    expect(worker!.status).toBe('working');

    const victim = sweepers.find((v) => v !== worker && remaining(srv).get(v.spec.id)!.length > 0)!;
    const lost = remaining(srv).get(victim.spec.id)!;
    const before = new Map(sweepers.map((v) => [v.spec.id, v.assignment?.version ?? 0]));
    const others = sweepers.filter((v) => v !== victim);
    const drivers = others.map((v) => connect(srv.url, '/driver', { vehicleId: v.spec.id }));
    // what each driver's phone received
    const received = new Map<string, Assignment>();
    drivers.forEach((d) => d.on('assignment', (a: Assignment) => received.set(a.vehicleId, a)));
    await Promise.all(drivers.map((d) => new Promise<void>((r) => d.once('connect', () => r()))));
    const res = await postJson(`${api}/vehicles/${victim.spec.id}/events`, { type: 'breakdown' });
    expect(res.status).toBe(202);
    await srv.dispatcher.idle();
    const taken = others.filter((v) => (v.assignment?.version ?? 0) > before.get(v.spec.id)!);
    await Promise.all(
      taken.map((v) => (received.get(v.spec.id)?.version === v.assignment!.version ? null : nextEvent<Assignment>(drivers[others.indexOf(v)], 'assignment', (a) => a.version === v.assignment!.version))),
    );
    for (const d of drivers) d.close();
    for (const v of taken) expect(received.get(v.spec.id)?.version, `${v.spec.id}'s phone has the new version`).toBe(v.assignment!.version);

    expectAllAssigned(srv);
    const now = remaining(srv);
    expect(now.get(victim.spec.id)).toEqual([]);
    // every lost segment went to another sweeper, whose driver received the new version
    const takers = new Set<string>();
    for (const s of lost) {
      const taker = [...now.entries()].find(([, segs]) => segs.includes(s))?.[0];
      expect(taker, `segment ${s} of the broken sweeper`).toBeDefined();
      takers.add(taker!);
    }
    for (const id of takers) {
      const v = srv.world.fleet.get(id)!;
      expect(v.assignment!.version).toBeGreaterThan(before.get(id)!);
      expect(taken).toContain(v);
    }
    // the segment being swept stays first on its sweeper's list
    expect(now.get(worker!.spec.id)![0]).toBe(seg.id);
  });

  it('a sweeper falling behind keeps its started segment; the rest of its work goes to sweepers with time to spare', async () => {
    const srv = town();
    const net = srv.world.network;
    const live = srv.world.fleet.ofFleet('sweeper').filter((v) => v.status !== 'broken');
    const sweepS = (ids: number[]): number => ids.reduce((a, id) => a + net.segments[id].lengthM, 0) / (8 / 3.6);
    const left = remaining(srv);
    // the slow one: most work left, on a long first segment it will be seen sweeping
    const victim = live
      .filter((v) => left.get(v.spec.id)!.length > 1 && net.segments[left.get(v.spec.id)![0]].lengthM >= 150)
      .sort((a, b) => sweepS(left.get(b.spec.id)!) - sweepS(left.get(a.spec.id)!))[0];
    expect(victim, 'a sweeper with work on a long first segment').toBeDefined();
    const lost = left.get(victim.spec.id)!;
    const seg = net.segments[lost[0]];
    const firstStop = victim.assignment!.stops.find((s) => s.kind === 'segment' && !s.done)!;
    // 40 minutes on (the server's clock; fixes that far ahead of the wall clock are let in by maxFutureMs)
    const real = srv.world.clock;
    const t = real.now() + 40 * 60_000;
    srv.world.clock = { now: () => t + (real.now() - (t - 40 * 60_000)), speed: 1 };
    try {
      // the others kept up: the first 45 minutes of sweeping on each list are done
      for (const v of live) {
        if (v === victim) continue;
        const segs = left.get(v.spec.id)!;
        let k = 0;
        while (k < segs.length && sweepS(segs.slice(0, k)) < 45 * 60) k++;
        srv.dispatcher.coverage.markSwept(segs.slice(0, k));
      }
      expect(srv.dispatcher.sweepers.fallingBehind(srv.world.clock.now()).map((b) => b.id)).toEqual([victim.spec.id]);
      const before = new Map(live.map((v) => [v.spec.id, v.assignment?.version ?? 0]));
      const console_ = connect(srv.url, '/console');
      const pushed: Assignment[] = [];
      console_.on('assignment', (a: Assignment) => pushed.push(a));
      await new Promise<void>((r) => console_.once('connect', () => r()));
      // the victim has swept only a little of its first segment in those 40 minutes
      const forward = firstStop.nodeId === seg.to;
      const fixes: Fix[] = [0.1, 0.14, 0.18].map((f, i) => {
        const [lat, lon] = pointAlong(seg.geometry, forward ? f : 1 - f);
        return { vehicleId: victim.spec.id, lat, lon, ts: t - 15_000 + i * 5000, speedKmh: 3, working: true };
      });
      expect((await postJson(`${srv.url}/api/v1/positions`, { positions: fixes })).body.accepted).toBe(3);
      await srv.dispatcher.idle();
      expect(victim.assignment!.reason.split(',')).toContain('behind');
      await until(() => pushed.some((a) => a.vehicleId === victim.spec.id && a.version === victim.assignment!.version));
      console_.close();

      expectAllAssigned(srv);
      const now = remaining(srv);
      // started work stays; most of the rest went to others, whose consoles and drivers got new versions
      expect(now.get(victim.spec.id)![0]).toBe(seg.id);
      const moved = lost.slice(1).filter((s) => !srv.dispatcher.coverage.isSwept(s) && !now.get(victim.spec.id)!.includes(s));
      expect(moved.length).toBeGreaterThan(lost.length / 3);
      // what it keeps, it can sweep by the shift end at the pace assumed for a sweeper that shows no progress
      const shiftLeftS = SHIFT_H * 3600 - (srv.world.clock.now() - startedAt()) / 1000;
      expect(sweepS(now.get(victim.spec.id)!) / MIN_PACE).toBeLessThan(shiftLeftS);
      for (const s of moved) {
        const taker = [...now.entries()].find(([, segs]) => segs.includes(s))![0];
        const v = srv.world.fleet.get(taker)!;
        expect(v.assignment!.version).toBeGreaterThan(before.get(taker)!);
        expect(v.assignment!.reason.split(',')).toContain('behind');
      }
      // no storm: nobody is flagged again right after, nor ten minutes on with the same slow pace
      expect(srv.dispatcher.sweepers.checkBehind(srv.world.clock.now() + 60_000)).toEqual([]);
      expect(srv.dispatcher.sweepers.fallingBehind(srv.world.clock.now() + 11 * 60_000)).toEqual([]);
    } finally {
      srv.world.clock = real;
    }
  });
}

/** Waits until `cond` holds (a socket event on its way), at most `ms`. */
async function until(cond: () => boolean, ms = 5000): Promise<void> {
  for (const t0 = Date.now(); !cond(); ) {
    if (Date.now() - t0 > ms) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('shareTrips', () => {
  it('gives each depot trip, longest first, to the sweeper that would be done earliest', () => {
    // own trips of 100 s, none, 300 s; the idle sweeper is 20 s from the depot
    const plan = shareTrips([100, 0, 300], [200, 50, 150], [10, 20, 30]);
    // 200 -> sweeper 1 (20), 150 -> sweeper 0 (100), 50 -> sweeper 1 (220)
    expect(plan).toEqual([[0, 5], [1, 3, 4], [2]]);
    expect(plan.flat().sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('sweeper re-planning on the demo town', () => {
  let srv: RunningServer;
  let t0 = 0;
  beforeAll(async () => {
    t0 = Date.now();
    srv = await startTestServer({ replanDebounceMs: 100, maxFutureMs: 2 * 3_600_000 });
  });
  afterAll(async () => {
    await srv?.stop();
  });
  replanScenario(() => srv, () => t0);
});

describe('sweeping coverage report', () => {
  let srv: RunningServer;
  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it('a working drive along a planned segment shows in the report, its CSV and the series', async () => {
    const api = `${srv.url}/api/v1`;
    const net = srv.world.network;
    const sweeper = srv.world.fleet.ofFleet('sweeper')[0];
    const id = srv.world.town.plannedSweepSegments.find((s) => net.segments[s].lengthM >= 150)!;
    const seg = net.segments[id];
    const t = Date.now() - 600_000;
    const n = Math.ceil(seg.lengthM / 10);
    // along the segment, then parked at its end long enough for the matcher to decide
    const fixes: Fix[] = Array.from({ length: n + 14 }, (_, k) => {
      const [lat, lon] = pointAlong(seg.geometry, Math.min(1, k / n));
      return { vehicleId: sweeper.spec.id, lat, lon, ts: t + k * 5000, speedKmh: k <= n ? 8 : 0, working: true };
    });
    expect((await postJson(`${api}/positions`, { positions: fixes })).body.accepted).toBe(fixes.length);
    expect(srv.dispatcher.coverage.isSwept(id)).toBe(true);

    const rep = (await (await authedFetch(`${api}/reports/coverage`)).json()) as CoverageReport;
    expect(rep.total.sweptKm).toBeCloseTo(Math.round(seg.lengthM) / 1000, 3);
    expect(rep.total.pct).toBeGreaterThan(0);
    const cell = rep.cells.find((c) => c.key === String(seg.cellId))!;
    expect(cell.sweptKm).toBeGreaterThan(0);
    expect(rep.classes.find((c) => c.key === seg.roadClass)!.sweptKm).toBeGreaterThan(0);
    expect(rep.series[rep.series.length - 1].pct).toBe(rep.total.pct);

    const res = await authedFetch(`${api}/reports/coverage.csv`);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await res.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('scope,id,name,road_class,planned_km,swept_km,coverage_pct,swept_at_local,vehicle');
    expect(lines.filter((l) => l.startsWith('segment,')).length).toBe(srv.world.town.plannedSweepSegments.length);
    const row = lines.find((l) => l.startsWith(`segment,${id},`))!;
    expect(row.endsWith(`,${sweeper.spec.id}`)).toBe(true);
    expect(lines[1]).toMatch(new RegExp(`^shift,shift,${rep.shiftId},,`));
  });
});

describe.skipIf(!haveShenzhen)('sweeper re-planning on the Shenzhen Longgang OSM network', () => {
  let srv: RunningServer;
  let t0 = 0;
  beforeAll(async () => {
    t0 = Date.now();
    srv = await startTestServer({ city: SHENZHEN, replanDebounceMs: 100, maxFutureMs: 2 * 3_600_000 });
  }, 60_000);
  afterAll(async () => {
    await srv?.stop();
  });
  replanScenario(() => srv, () => t0);
});

describe('the sweeping shift end', () => {
  it('is SWEEP_SHIFT_END local time after the shift started, so a restart keeps it', async () => {
    const srv = await startTestServer({ sweepShiftEnd: '23:30' });
    try {
      const end = srv.dispatcher.sweepers.shiftEnd();
      const local = new Date(end + srv.world.town.utcOffsetMin * 60_000);
      expect([local.getUTCHours(), local.getUTCMinutes()]).toEqual([23, 30]);
      const now = srv.world.clock.now();
      expect(end).toBeGreaterThan(now - 60_000);
      expect(end - now).toBeLessThanOrEqual(86_400_000);
    } finally {
      await srv.stop();
    }
  });
});
