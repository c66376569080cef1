/**
 * Kitchen-waste live repair: the demo town's restaurants and 10 trucks (5 t each, several trips a
 * day with unloading at the plant, crews working at most 8 hours from when their truck leaves, as in
 * server/dispatch/kitchen-planner.ts), planned at the start of the shift, then repaired at midday after
 * each event: new requests, a breakdown, a truck full early. Our repair (warm start from the drivers'
 * routes + a penalty per stop handed to another truck) against a baseline measured in the same run:
 * a re-solve from scratch with the same time limit and no penalty, and for reference one with the
 * day plan's longer limit. Every plan passes the checker. Then the same kind of events on the
 * server's own planner, timed from the event to the published plan (--server 0 leaves that out).
 *
 *   npx tsx bench/kitchen-repair.ts [--plan-ms 1500] [--repair-ms 120] [--seed 1] [--server 0]
 */
import { KITCHEN_CAPACITY_KG } from '../fixtures/fleet.js';
import { solveVrptwDetailed } from '../optimizer/vrptw/solve.js';
import type { VrptwProblem, VrptwSolution } from '../optimizer/vrptw/types.js';
import { checkVrptw } from '../test/optimizer/vrptw/checker.js';
import { kitchenTown, SHIFT_END_S, SHIFT_START_S, WORK_S, type KitchenTruck as Truck } from '../test/optimizer/vrptw/kitchen-town.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const PLAN_MS = Number(args.get('plan-ms') ?? 1500);
const REPAIR_MS = Number(args.get('repair-ms') ?? 120);
const SEED = Number(args.get('seed') ?? 1);
const TRUCKS = 10;
const NOW_S = 12 * 3600;
const MOVE_PENALTY_S = 600;

const town = kitchenTown(SEED);
const R = town.restaurants;
const problem = town.problem;

/**
 * Drives every truck along its plan up to NOW_S: stops begun before then are done, and the stop a
 * truck is heading to or serving is started: it stays that truck's, so the truck leaves from there.
 */
function advance(p: VrptwProblem, sol: VrptwSolution, trucks: Truck[]): { state: Truck[]; rest: number[][]; done: Set<number> } {
  const done = new Set<number>();
  const state: Truck[] = [];
  const rest: number[][] = [];
  sol.routes.forEach((route, k) => {
    const leave = sol.departures?.[k] ?? trucks[k].startTime;
    if (leave >= NOW_S || route.length === 0) {
      // not on the road yet: nothing started, and the crew may still choose when to leave
      state.push({ ...trucks[k], startTime: Math.max(NOW_S, trucks[k].startTime), maxWork: WORK_S });
      rest.push(route.slice());
      return;
    }
    let t = leave, at = trucks[k].at, prev = p.vehicles![k].start, load = trucks[k].load, svc = 0;
    let i = 0;
    for (; i < route.length; i++) {
      const x = route[i];
      const begin = Math.max(t + svc + p.time[prev * p.n + x], p.ready[x]);
      t = begin;
      svc = p.service[x];
      prev = x;
      at = x;
      load = x === 0 ? 0 : load + p.demand[x];
      if (x !== 0) done.add(x);
      if (begin >= NOW_S) { i++; break; } // the started stop
    }
    // a crew that has left keeps its end of day
    state.push({ at, startTime: Math.max(NOW_S, t + svc), load, horizon: Math.min(SHIFT_END_S, leave + WORK_S) });
    rest.push(route.slice(i));
  });
  return { state, rest, done };
}

function movedBetween(before: number[][], now: VrptwSolution): number {
  const was = new Map<number, number>();
  before.forEach((r, k) => r.forEach((c) => { if (c !== 0) was.set(c, k); }));
  let moved = 0;
  now.routes.forEach((r, k) => r.forEach((c) => { if (c !== 0 && was.has(c) && was.get(c) !== k) moved++; }));
  return moved;
}

function changedTrucks(before: number[][], now: VrptwSolution): number {
  return now.routes.filter((r, k) => r.filter((c) => c !== 0).join() !== (before[k] ?? []).filter((c) => c !== 0).join()).length;
}

const demand = town.demand;
const all = Array.from({ length: R }, (_, i) => i + 1);
const shiftStart: Truck[] = Array.from({ length: TRUCKS }, () => ({ at: 0, startTime: SHIFT_START_S, load: 0, maxWork: WORK_S }));
const dayP = problem(shiftStart, all, demand, 0);
const day = solveVrptwDetailed(dayP, { timeLimitMs: PLAN_MS, seed: SEED });
const dayCheck = checkVrptw(dayP, day.solution);
const trips = day.solution.routes.map((r) => (r.length ? r.filter((x) => x === 0).length + 1 : 0));
const used = trips.filter((x) => x > 0).length;
const hhmm = (s: number) => `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}`;
const days = day.solution.routes.flatMap((r, k) => (r.length ? [`${hhmm(day.solution.departures![k])}-${hhmm(backAt(dayP, k, r, day.solution.departures![k]))}`] : []));
console.log(`# kitchen repair: ${R} restaurants, ${(demand.reduce((a, b) => a + b, 0) / 1000).toFixed(1)} t, ${TRUCKS} trucks of ${KITCHEN_CAPACITY_KG / 1000} t, seed ${SEED}`);
console.log(`day plan (${PLAN_MS} ms, crews at most ${WORK_S / 3600} h): ${day.solution.unassigned.length} unassigned, ${used} trucks used, ${trips.reduce((a, b) => a + b, 0)} trips, ${(day.solution.cost / 3600).toFixed(1)} h driving, trips per truck ${trips.join(' ')}, check ${dayCheck.ok ? 'ok' : dayCheck.errors[0]}`);
console.log(`working days (leave-back): ${days.join(' ')}`);

const mid = advance(dayP, day.solution, shiftStart);
const open = all.filter((c) => !mid.done.has(c));
console.log(`at 12:00: ${mid.done.size} stops done or started, ${open.length} to go; repair ${REPAIR_MS} ms vs re-solve from scratch ${REPAIR_MS} ms\n`);

interface Scenario { name: string; trucks: Truck[]; customers: number[]; demand: number[]; previous: number[][] }
const extra = [...mid.done].slice(0, 8);
const busiest = mid.rest.reduce((b, r, k) => (r.length > mid.rest[b].length ? k : b), 0);
const scenarios: Scenario[] = [
  { name: 'no event', trucks: mid.state, customers: open, demand, previous: mid.rest },
  {
    // eight restaurants already collected call for a second bin of 150 kg
    name: '8 new requests', trucks: mid.state, customers: [...open, ...extra],
    demand: demand.map((d, i) => (extra.includes(i) ? 150 : d)), previous: mid.rest,
  },
  {
    name: 'breakdown', trucks: mid.state.filter((_, k) => k !== busiest), customers: open, demand,
    previous: mid.rest.filter((_, k) => k !== busiest),
  },
  {
    name: 'early full', trucks: mid.state.map((t, k) => (k === busiest ? { ...t, load: KITCHEN_CAPACITY_KG } : t)),
    customers: open, demand, previous: mid.rest,
  },
];

const pad = (s: string | number, w: number) => String(s).padStart(w);
console.log(`${'event'.padEnd(15)}${pad('method', 9)}${pad('ms', 7)}${pad('moved', 7)}${pad('trucks chg', 11)}${pad('unassigned', 11)}${pad('drive h', 9)}${pad('check', 7)}`);
for (const sc of scenarios) {
  const p = problem(sc.trucks, sc.customers, sc.demand, NOW_S);
  const runs = [
    { method: 'repair', opts: { timeLimitMs: REPAIR_MS, seed: SEED, initialRoutes: sc.previous, previous: sc.previous, movePenalty: MOVE_PENALTY_S } },
    { method: 'scratch', opts: { timeLimitMs: REPAIR_MS, seed: SEED } },
    // not a live option (ten times the budget): shows what the stability of the repair costs in driving
    { method: 'scr-long', opts: { timeLimitMs: PLAN_MS, seed: SEED } },
  ];
  for (const { method, opts } of runs) {
    const t0 = performance.now();
    const { solution } = solveVrptwDetailed(p, opts);
    const ms = performance.now() - t0;
    const check = checkVrptw(p, solution);
    console.log(`${sc.name.padEnd(15)}${pad(method, 9)}${pad(ms.toFixed(0), 7)}${pad(movedBetween(sc.previous, solution), 7)}${pad(changedTrucks(sc.previous, solution), 11)}${pad(solution.unassigned.length, 11)}${pad((solution.cost / 3600).toFixed(2), 9)}${pad(check.ok ? 'ok' : 'FAIL', 7)}`);
    if (!check.ok) console.log(`  ${check.errors.slice(0, 3).join('; ')}`);
  }
}
console.log(`\nscr-long = from scratch with ${PLAN_MS} ms. moved = stops now on another truck than before (the broken truck\'s own stops are not counted); trucks chg = drivers whose remaining stop list changed.`);

/** When vehicle k, leaving at `leave`, is back at its end node. */
function backAt(p: VrptwProblem, k: number, route: number[], leave: number): number {
  const v = p.vehicles![k];
  let t = leave, prev = v.start;
  route.forEach((x, i) => {
    t = Math.max(t + (i === 0 ? 0 : p.service[prev]) + p.time[prev * p.n + x], p.ready[x]);
    prev = x;
  });
  return t + p.service[prev] + p.time[prev * p.n + (v.end ?? 0)];
}

/**
 * The same kind of events on the real server's planner (memory adapters, no HTTP traffic): the whole
 * repair, from the event to every changed assignment published: travel times from the trucks, the
 * problem, the solve, the diff and the publish. The day plan is made at 06:00 with PLAN_MS; trucks
 * are then moved along it to 12:00 (stops with an ETA before then are done, each truck stands at its
 * last one and heads to the next).
 */
async function serverRepairs(): Promise<void> {
  const { startServer } = await import('../server/app.js');
  const { localMidnight } = await import('../server/clock.js');
  const { KitchenPlanner } = await import('../server/dispatch/kitchen-planner.js');
  const srv = await startServer({ config: { port: 0, host: '127.0.0.1', simulate: false, logLevel: 'silent', planTimeMs: 10, redisUrl: undefined, mongoUrl: undefined, city: undefined, seed: SEED } });
  try {
    const w = srv.world;
    const midnight = localMidnight(Date.now(), w.town.utcOffsetMin);
    const frozenAt = (h: number) => ({ now: () => midnight + h * 3_600_000, speed: 1 });
    // a planner of its own, so that nothing of the server's start-up plan (made at the real hour) is left
    const kp = new KitchenPlanner(w, srv.dispatcher.book);
    w.clock = frozenAt(6);
    await kp.plan('initial', PLAN_MS);
    const noon = midnight + 12 * 3_600_000;
    w.clock = frozenAt(12);
    const trucks = w.fleet.ofFleet('kitchen');
    for (const v of trucks) {
      let last: (typeof v.assignment & object)['stops'][number] | undefined;
      for (const s of v.assignment?.stops ?? []) {
        if (s.done || (s.eta ?? Infinity) > noon) break;
        s.done = true;
        v.nextStop++;
        last = s;
        v.load = s.kind === 'plant' ? 0 : v.load + (kp.markCollected(s.id)?.dailyKg ?? 0);
      }
      if (last) {
        v.last = { vehicleId: v.spec.id, lat: last.lat, lon: last.lon, ts: noon };
        v.status = 'enroute';
      }
    }
    const left = (v: (typeof trucks)[number]) => v.assignment?.stops.filter((s) => !s.done).length ?? 0;
    const collected = w.town.restaurants.filter((r) => !kp.pending.has(r.id));
    const events: { name: string; before?: () => Promise<void> }[] = [
      ...Array.from({ length: 5 }, () => ({ name: 'no event' })),
      ...Array.from({ length: 4 }, (_, i) => ({
        name: '2 new requests',
        before: async () => { for (const r of collected.slice(2 * i, 2 * i + 2)) kp.addRequest(r.id, 150); },
      })),
      { name: 'busiest full', before: async () => { const v = trucks.reduce((b, x) => (left(x) > left(b) ? x : b)); v.load = v.spec.capacity; } },
      {
        name: 'breakdown',
        before: async () => {
          const v = trucks.filter((x) => x.status !== 'broken').reduce((b, x) => (left(x) > left(b) ? x : b));
          v.status = 'broken';
          await srv.dispatcher.book.publish(v.spec.id, { stops: [], reason: 'breakdown' });
        },
      },
    ];
    console.log(`\n# server planner, whole repair at 12:00 (day plan ${PLAN_MS} ms at 06:00: ${kp.lastPlan?.trucks} trucks, ${((kp.lastPlan?.drivingS ?? 0) / 3600).toFixed(2)} h driving)`);
    console.log(`${'event'.padEnd(16)}${pad('ms', 6)}${pad('build', 7)}${pad('solve', 7)}${pad('publish', 9)}${pad('moved', 7)}${pad('changed', 9)}${pad('drive h', 9)}`);
    const all: number[] = [];
    for (const e of events) {
      await e.before?.();
      const t0 = performance.now();
      await kp.plan(e.name, w.config.repairTimeMs);
      const ms = performance.now() - t0;
      all.push(ms);
      const st = kp.lastPlan!;
      console.log(`${e.name.padEnd(16)}${pad(ms.toFixed(0), 6)}${pad(st.buildMs, 7)}${pad(st.solveMs, 7)}${pad(st.publishMs, 9)}${pad(st.moved, 7)}${pad(st.changed, 9)}${pad((st.drivingS / 3600).toFixed(2), 9)}`);
    }
    all.sort((a, b) => a - b);
    const at = (q: number) => all[Math.min(all.length - 1, Math.floor(q * all.length))].toFixed(0);
    console.log(`whole repair over ${all.length} events: median ${at(0.5)} ms, p90 ${at(0.9)} ms, worst ${at(1)} ms, ${all.filter((x) => x > 200).length} over 200 ms (REPLAN_DEBOUNCE_MS before it not counted)`);
  } finally {
    await srv.stop();
  }
}

if (args.get('server') !== '0') await serverRepairs();
