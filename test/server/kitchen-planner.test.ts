/**
 * The kitchen-waste planner on the real server (port 0, memory adapters): multi-trip routes with
 * unload visits at the plant, shared among trucks by the crews' working time, and a live repair that
 * keeps done and started stops and moves few.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stop } from '../../contracts/domain.js';
import type { RunningServer } from '../../server/app.js';
import { simulatedClock } from '../../server/clock.js';
import { KitchenPlanner } from '../../server/dispatch/kitchen-planner.js';
import { startTestServer } from './helpers.js';

let srv: RunningServer;

beforeAll(async () => {
  srv = await startTestServer({ planTimeMs: 800 });
  // a fixed morning, whatever the hour the test runs at
  srv.world.clock = simulatedClock('10:00', srv.world.town.utcOffsetMin, 1);
});
afterAll(async () => {
  await srv?.stop();
});

const pending = (stops: Stop[]) => stops.filter((s) => !s.done && s.kind === 'restaurant').map((s) => s.id);

describe('kitchen-waste planner', () => {
  it('plans several trips per truck, with unload visits at the plant among the stops', async () => {
    await srv.dispatcher.kitchen.plan('initial', 800);
    const stats = srv.dispatcher.kitchen.lastPlan!;
    expect(stats.unassigned).toBe(0);
    expect(stats.unloads).toBeGreaterThan(0);
    // crews work at most 8 hours: ~30 t over 400 restaurants is more than four trucks can do (the
    // limit itself is checked on the same day in test/optimizer/vrptw/kitchen-day.test.ts)
    expect(stats.trucks).toBeGreaterThan(4);
    const trucks = srv.world.fleet.ofFleet('kitchen');
    const midway = trucks.some((v) => v.assignment!.stops.some((s, i, all) => s.kind === 'plant' && all.slice(i + 1).some((x) => x.kind === 'restaurant')));
    expect(midway).toBe(true);
    for (const v of trucks) {
      const stops = v.assignment?.stops ?? [];
      if (stops.length) expect(stops[stops.length - 1].kind).toBe('plant');
      // no trip carries more than the truck holds
      let load = 0;
      for (const s of stops) {
        load = s.kind === 'plant' ? 0 : load + (s.demandKg ?? 0);
        expect(load).toBeLessThanOrEqual(v.spec.capacity);
      }
    }
  });

  it('a new request: done and started stops stay in place, few stops change truck', async () => {
    const d = srv.dispatcher;
    const trucks = srv.world.fleet.ofFleet('kitchen');
    const a = trucks.find((v) => pending(v.assignment?.stops ?? []).length >= 3)!;
    const first = a.assignment!.stops[a.nextStop];
    expect(first.kind).toBe('restaurant');
    // the truck reaches its first stop: collected; the one after it is now started
    d.onLiveFixes([{ vehicleId: a.spec.id, lat: first.lat, lon: first.lon, ts: srv.world.clock.now(), speedKmh: 5, heading: 0, working: true }]);
    await new Promise((r) => setTimeout(r, 50));
    expect(first.done).toBe(true);
    const started = a.assignment!.stops[a.nextStop];
    const before = new Map(trucks.map((v) => [v.spec.id, pending(v.assignment?.stops ?? [])]));
    const work = (stops: Stop[]) => stops.filter((s) => !s.done).map((s) => `${s.kind}:${s.id}`).join();
    const held = new Map(trucks.map((v) => [v.spec.id, { work: work(v.assignment?.stops ?? []), version: v.assignment?.version ?? 0 }]));

    expect(d.addRequest(first.id, 120)).toBe(true);
    await d.idle();
    const stats = d.kitchen.lastPlan!;
    expect(stats.reason).toBe('request');
    const stops = a.assignment!.stops;
    expect(stops.find((s) => s.id === first.id && s.done)).toBeDefined();
    expect(stops[a.nextStop].id).toBe(started.id);
    expect(stops[a.nextStop].done).toBeFalsy();

    // moved, counted here from the stop lists: a stop on another truck than before
    const owner = new Map<string, string>();
    for (const [id, list] of before) for (const r of list) owner.set(r, id);
    let moved = 0;
    for (const v of trucks) for (const r of pending(v.assignment?.stops ?? [])) if (owner.has(r) && owner.get(r) !== v.spec.id) moved++;
    expect(moved).toBe(stats.moved);
    expect(moved).toBeLessThanOrEqual(3);
    // the second bin is planned, on one truck only
    const carriers = trucks.filter((v) => pending(v.assignment?.stops ?? []).includes(first.id));
    expect(carriers.length + (d.kitchen.unassigned.includes(first.id) ? 1 : 0)).toBe(1);
    // drivers whose stop list did not change keep their version (they get nothing pushed)
    let unchanged = 0;
    for (const v of trucks) {
      const h = held.get(v.spec.id)!;
      if (work(v.assignment?.stops ?? []) !== h.work) continue;
      unchanged++;
      expect(v.assignment?.version ?? 0).toBe(h.version);
    }
    expect(unchanged).toBe(trucks.length - stats.changed);
    expect(stats.changed).toBeLessThan(trucks.length);
  });
});

describe('kitchen-waste crews that start later', () => {
  let late: RunningServer;
  beforeAll(async () => {
    // the shift's first plan made at 10:00 simulated time (the simulator barely moves anyone)
    late = await startTestServer({ simulate: true, simSpeed: 0.01, simStartLocal: '10:00', planTimeMs: 800 });
  });
  afterAll(async () => {
    await late?.stop();
  });

  it('tells a crew that starts later when to set off, and counts its ETAs from then', async () => {
    const now = late.world.clock.now();
    const trucks = late.world.fleet.ofFleet('kitchen');
    const later = trucks.filter((v) => v.assignment?.departAt !== undefined);
    // ~30 t in 8-hour shifts from 10:00 to a 22:30 close: some crews start in the afternoon
    expect(later.length).toBeGreaterThan(0);
    for (const v of later) {
      const a = v.assignment!;
      expect(a.departAt!).toBeGreaterThan(now);
      expect(a.stops[0].eta!).toBeGreaterThanOrEqual(a.departAt!);
    }
    // crews that leave now have no departure time
    for (const v of trucks.filter((x) => x.assignment?.stops.length && x.assignment.departAt === undefined)) expect(v.assignment!.stops[0].eta!).toBeGreaterThanOrEqual(now - 1000);
  });
});

describe('kitchen-waste crews after a restart', () => {
  let srv2: RunningServer;
  beforeAll(async () => {
    // the shift's first plan made at 10:00 simulated time, as in the test above
    srv2 = await startTestServer({ simulate: true, simSpeed: 0.01, simStartLocal: '10:00', planTimeMs: 800 });
  });
  afterAll(async () => {
    await srv2?.stop();
  });

  it('a crew keeps its working time, counted from the planned start its restored assignment carries', async () => {
    const w = srv2.world;
    srv2.simulator?.stop();
    const frozen = (at: number) => ({ now: () => at, speed: 1 });
    const trucks = w.fleet.ofFleet('kitchen');
    const late = trucks.filter((v) => v.assignment?.departAt !== undefined).sort((a, b) => a.assignment!.departAt! - b.assignment!.departAt!);
    expect(late.length).toBeGreaterThan(0);
    const crew = late[0];
    const departAt = crew.assignment!.departAt!;
    // half an hour after that crew set off, the server restarts: its planner remembers nothing, the
    // assignments come back from the store (as restoreFleet puts them). Every other truck is broken, so
    // the whole remaining day falls to this crew: only its working time keeps it from taking it all.
    w.clock = frozen(departAt + 30 * 60_000);
    for (const v of trucks) if (v !== crew) v.status = 'broken';
    const restarted = new KitchenPlanner(w, srv2.dispatcher.book);
    restarted.restoreCollected();
    await restarted.plan('restart', 300);
    const stops = crew.assignment!.stops;
    expect(stops.length).toBeGreaterThan(0);
    expect(restarted.unassigned.length).toBeGreaterThan(0);
    // back at the plant within 8 hours of the planned start (a minute for rounding of ETAs)
    expect(stops[stops.length - 1].eta!).toBeLessThanOrEqual(departAt + 8 * 3_600_000 + 60_000);
  });
});
