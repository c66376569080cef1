/**
 * Tow scenario: one DOMAIN.md-sized day on the demo town (300 parking reports, about a dozen cars
 * towed, 60 squad cases, ten tow trucks, six squads), replayed from a seed with a simulated clock
 * and dispatched twice in the same run:
 *  - ours: the planner's decision (assignTows with the priorities, availability and take-over rules
 *    of server/dispatch/response-planner.ts), re-run on every report and every unit freed;
 *  - baseline: nearest idle unit, oldest waiting case first (FIFO).
 * Units drive shortest paths on the road graph; a unit still driving to a case may be diverted.
 * Figures use the same definitions as GET /api/v1/reports/incidents (caseFigures).
 *
 *   npx tsx bench/tow-scenario.ts [--seeds 3] [--reports 300] [--trucks 10] [--squads 6]
 */
import type { Incident } from '../contracts/domain.js';
import { loadTown } from '../fixtures/load-town.js';
import { assignTows } from '../optimizer/assignment/index.js';
import type { TowProblem } from '../optimizer/assignment/types.js';
import { buildGraph, shortestPathTree, treePathArcs, type RoadGraph, type ShortestPathTree } from '../optimizer/network/index.js';
import { DEFAULT_LIMITS_MIN } from '../server/dispatch/case-loop.js';
import { caseFigures } from '../server/dispatch/incident-report.js';
import { responderFleet } from '../server/dispatch/incidents.js';
import { PRIORITY, TOW_HOOK_S } from '../server/dispatch/response-planner.js';
import { DEFAULT_DAY, drawDay, type DayCase } from './tow-scenario-day.js';

type FleetKind = 'tow' | 'squad';
type Policy = 'ours' | 'nearest-idle';
const UNLOAD_S = 300;

interface Route {
  nodes: number[];
  /** absolute second each node is reached */
  at: number[];
}
interface Unit {
  id: string;
  fleet: FleetKind;
  home: number;
  state: 'idle' | 'enroute' | 'onscene' | 'towing';
  node: number;
  route?: Route;
  caseId?: string;
  /** bumps on every new route: events of an older route are stale */
  ver: number;
}
interface CaseRun {
  c: DayCase;
  fleet: FleetKind;
  deadlineS: number;
  status: 'pending' | 'waiting' | 'assigned' | 'onscene' | 'done';
  unit?: string;
  dispatchS?: number;
  arriveS?: number;
  handleS?: number;
  closeS?: number;
}
interface Ev {
  t: number;
  seq: number;
  kind: 'report' | 'arrive' | 'scene-done' | 'at-impound' | 'unloaded' | 'home';
  ref: string;
  ver: number;
}

function arg(name: string, def: number): number {
  const k = process.argv.indexOf(`--${name}`);
  return k > 0 ? Number(process.argv[k + 1]) : def;
}

/** Shortest-path trees by source node: units keep starting from the same yards and case sites. */
function treeCache(g: RoadGraph): (node: number) => ShortestPathTree {
  const cache = new Map<number, ShortestPathTree>();
  return (node) => {
    let t = cache.get(node);
    if (!t) cache.set(node, (t = shortestPathTree(g, node)));
    return t;
  };
}

/** Replays one day under one policy; returns the closed cases as Incidents plus decision timings. */
function replay(g: RoadGraph, tree: (n: number) => ShortestPathTree, day: DayCase[], policy: Policy, yard: number, base: number, trucks: number, squads: number) {
  const units: Unit[] = [
    ...Array.from({ length: trucks }, (_, k) => ({ id: `TW-${k + 1}`, fleet: 'tow' as const, home: yard, node: yard })),
    ...Array.from({ length: squads }, (_, k) => ({ id: `SQ-${k + 1}`, fleet: 'squad' as const, home: base, node: base })),
  ].map((u) => ({ ...u, state: 'idle' as Unit['state'], ver: 0 }));
  const unitById = new Map(units.map((u) => [u.id, u]));
  const cases = new Map<string, CaseRun>(day.map((c) => [c.id, { c, fleet: responderFleet(c.type), deadlineS: c.atS + DEFAULT_LIMITS_MIN[c.type] * 60, status: 'pending' }]));
  const events: Ev[] = [];
  let seq = 0;
  const push = (e: Omit<Ev, 'seq'>): void => {
    const ev = { ...e, seq: seq++ };
    let lo = 0;
    let hi = events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (events[mid].t < ev.t || (events[mid].t === ev.t && events[mid].seq < ev.seq)) lo = mid + 1;
      else hi = mid;
    }
    events.splice(lo, 0, ev);
  };
  for (const c of day) push({ t: c.atS, kind: 'report', ref: c.id, ver: 0 });
  const decideMs: number[] = [];

  /** Where a unit is at time t: the next node it reaches and the seconds until then. */
  const where = (u: Unit, t: number): { node: number; inS: number } => {
    const r = u.route;
    if (!r) return { node: u.node, inS: 0 };
    const i = r.at.findIndex((x) => x > t);
    return i < 0 ? { node: r.nodes[r.nodes.length - 1], inS: 0 } : { node: r.nodes[i], inS: r.at[i] - t };
  };
  const drive = (u: Unit, to: number, t: number, then: Ev['kind']): void => {
    const from = where(u, t);
    const tr = tree(from.node);
    const arcs = treePathArcs(g, tr, to) ?? [];
    const nodes = [from.node, ...arcs.map((a) => g.head[a])];
    u.route = { nodes, at: nodes.map((n) => t + from.inS + tr.timeS[n]) };
    u.node = to;
    push({ t: u.route.at[u.route.at.length - 1], kind: then, ref: u.id, ver: ++u.ver });
  };
  const dispatch = (u: Unit, cr: CaseRun, t: number): void => {
    u.state = 'enroute';
    u.caseId = cr.c.id;
    cr.status = 'assigned';
    cr.unit = u.id;
    cr.dispatchS ??= t;
    drive(u, cr.c.node, t, 'arrive');
  };
  const goHome = (u: Unit, t: number): void => {
    u.state = 'idle';
    u.caseId = undefined;
    if (where(u, t).node === u.home && !u.route) return;
    drive(u, u.home, t, 'home');
  };
  const free = (u: Unit): boolean => u.state === 'idle';
  const waiting = (fleet: FleetKind): CaseRun[] => [...cases.values()].filter((cr) => cr.fleet === fleet && (cr.status === 'waiting' || cr.status === 'assigned'));

  const decideNearest = (fleet: FleetKind, t: number): void => {
    const queue = waiting(fleet).filter((cr) => cr.status === 'waiting');
    for (const cr of queue) {
      let best: Unit | undefined;
      let bestS = Infinity;
      for (const u of units) {
        if (u.fleet !== fleet || !free(u)) continue;
        const w = where(u, t);
        const s = w.inS + tree(w.node).timeS[cr.c.node];
        if (s < bestS) [best, bestS] = [u, s];
      }
      if (!best) return;
      dispatch(best, cr, t);
    }
  };

  const decideOurs = (fleet: FleetKind, t: number): void => {
    const open = waiting(fleet);
    const mine = units.filter((u) => u.fleet === fleet);
    const problem: TowProblem = { trucks: [], incidents: [], travelS: [] };
    for (const u of mine) {
      const available = u.state === 'idle' || u.state === 'enroute';
      const cur = u.state === 'enroute' ? u.caseId : undefined;
      problem.trucks.push({ id: u.id, available, busyUntilS: 0, capacity: 1, load: 0, towing: u.state === 'towing', currentIncidentId: cur, currentPriority: cur ? PRIORITY[cases.get(cur)!.c.type] : undefined });
      const w = where(u, t);
      const tr = available && open.length ? tree(w.node) : undefined;
      problem.travelS.push(open.map((cr) => (tr ? w.inS + tr.timeS[cr.c.node] : Infinity)));
    }
    // as the live planner: a tow must leave time to hook the car and deliver it before the limit
    const allowance = (cr: CaseRun) => (fleet === 'tow' ? TOW_HOOK_S + tree(cr.c.node).timeS[yard] : 0);
    for (const cr of open) problem.incidents.push({ id: cr.c.id, deadlineS: cr.deadlineS - t - allowance(cr), priority: PRIORITY[cr.c.type] });
    const t0 = performance.now();
    const plan = assignTows(problem);
    decideMs.push(performance.now() - t0);
    const target = new Map(plan.assignments.map((a) => [a.truckId, a.incidentId]));
    const taken = new Set(plan.assignments.map((a) => a.incidentId));
    // units losing their case first, so a case moved between units is never held by two
    for (const u of mine) {
      if (u.state !== 'enroute' || target.get(u.id) === u.caseId) continue;
      const cr = cases.get(u.caseId!)!;
      if (!taken.has(cr.c.id)) cr.status = 'waiting';
      goHome(u, t);
    }
    for (const a of plan.assignments) {
      const u = unitById.get(a.truckId)!;
      if (u.caseId !== a.incidentId) dispatch(u, cases.get(a.incidentId)!, t);
    }
  };
  const decide = (fleet: FleetKind, t: number): void => (policy === 'ours' ? decideOurs(fleet, t) : decideNearest(fleet, t));

  while (events.length) {
    const e = events.shift()!;
    const u = unitById.get(e.ref);
    if (u && e.ver !== u.ver) continue; // a route given up for a newer one
    if (e.kind === 'report') {
      const cr = cases.get(e.ref)!;
      cr.status = 'waiting';
      decide(cr.fleet, e.t);
    } else if (e.kind === 'arrive') {
      const cr = cases.get(u!.caseId!)!;
      u!.state = 'onscene';
      u!.route = undefined;
      cr.status = 'onscene';
      cr.arriveS = e.t;
      push({ t: e.t + cr.c.onSceneMin * 60, kind: 'scene-done', ref: u!.id, ver: ++u!.ver });
    } else if (e.kind === 'scene-done') {
      const cr = cases.get(u!.caseId!)!;
      cr.handleS = e.t;
      if (cr.c.towed) {
        u!.state = 'towing';
        drive(u!, yard, e.t, 'at-impound');
      } else {
        cr.status = 'done';
        cr.closeS = e.t;
        goHome(u!, e.t);
        decide(u!.fleet, e.t);
      }
    } else if (e.kind === 'at-impound') {
      push({ t: e.t + UNLOAD_S, kind: 'unloaded', ref: u!.id, ver: ++u!.ver });
    } else if (e.kind === 'unloaded') {
      const cr = cases.get(u!.caseId!)!;
      cr.status = 'done';
      cr.closeS = e.t;
      u!.route = undefined;
      goHome(u!, e.t);
      decide('tow', e.t);
    } else if (e.kind === 'home') {
      u!.route = undefined;
    }
  }
  const ms = (s: number | undefined) => (s === undefined ? undefined : s * 1000);
  const incidents: Incident[] = [...cases.values()].map((cr) => {
    const h: Incident['history'] = [{ step: 'accept', at: ms(cr.c.atS)!, by: 'system' }];
    if (cr.dispatchS !== undefined) h.push({ step: 'dispatch', at: ms(cr.dispatchS)!, by: 'system' });
    if (cr.arriveS !== undefined) h.push({ step: 'arrive', at: ms(cr.arriveS)!, by: 'vehicle' });
    if (cr.handleS !== undefined) h.push({ step: 'handle', at: ms(cr.handleS)!, by: 'vehicle' });
    if (cr.closeS !== undefined) h.push({ step: 'feedback', at: ms(cr.closeS)!, by: 'vehicle' }, { step: 'close', at: ms(cr.closeS)!, by: 'system' });
    return {
      id: cr.c.id, type: cr.c.type, lat: 0, lon: 0, source: 'simulator', status: cr.closeS !== undefined ? 'closed' : 'accepted',
      createdAt: ms(cr.c.atS)!, deadline: ms(cr.deadlineS)!, arrivedAt: ms(cr.arriveS), closedAt: ms(cr.closeS), history: h,
    };
  });
  const endMs = Math.max(...incidents.map((i) => i.closedAt ?? 0));
  return { incidents, endMs, decideMs };
}

const seeds = arg('seeds', 3);
const verbose = process.argv.includes('--verbose');
const town = loadTown({ seed: 1 });
const g = buildGraph(town.network);
const tree = treeCache(g);
const yard = town.places.towYard.nodeId;
const base = town.places.squadBase.nodeId;
// the DOMAIN.md day, then the same town short-handed and under triple load, where dispatch matters
const SCENARIOS = process.argv.includes('--reports')
  ? [{ name: 'custom', reports: arg('reports', 300), trucks: arg('trucks', 10), squads: arg('squads', 6) }]
  : [
      { name: 'DOMAIN day', reports: 300, trucks: 10, squads: 6 },
      { name: 'short-handed', reports: 300, trucks: 4, squads: 2 },
      { name: 'triple load', reports: 900, trucks: 10, squads: 6 },
    ];

const pad = (s: string | number, n: number) => String(s).padStart(n);
const fmt = (x: number) => x.toFixed(1);
console.log(`Tow scenario on the demo town (${g.nodeCount} nodes), ${DEFAULT_DAY.squadCases} squad cases a day besides the parking reports, seeds 1..${seeds}; figures are means over the seeds.`);
console.log('on-time arrival = unit on scene within the type\'s limit; on-time closure = case closed within it (tows: after the impound lot).\n');
console.log('scenario      reports trucks squads  policy        fleet  cases  tows  on-time arrival %  on-time closure %  mean resp min  p95 resp min  late (no unit/travel/handling/follow-up)  decide ms median');
for (const sc of SCENARIOS) {
  const sums = new Map<string, number[]>();
  for (let seed = 1; seed <= seeds; seed++) {
    const day = drawDay(town, seed, { ...DEFAULT_DAY, parkingReports: sc.reports });
    for (const policy of ['nearest-idle', 'ours'] as Policy[]) {
      const { incidents, endMs, decideMs } = replay(g, tree, day, policy, yard, base, sc.trucks, sc.squads);
      decideMs.sort((a, b) => a - b);
      for (const fleet of ['tow', 'squad'] as FleetKind[]) {
        const f = caseFigures(incidents.filter((i) => responderFleet(i.type) === fleet), endMs);
        const tows = fleet === 'tow' ? day.filter((c) => c.towed && responderFleet(c.type) === 'tow').length : 0;
        const row = [f.cases, tows, f.arrivedOnTimeRate, f.onTimeRate, f.meanResponseMin, f.p95ResponseMin, f.late.no_unit_free, f.late.travel, f.late.handling, f.late.follow_up, policy === 'ours' ? decideMs[decideMs.length >> 1] : NaN];
        const key = `${policy}|${fleet}`;
        const acc = sums.get(key) ?? row.map(() => 0);
        row.forEach((v, k) => (acc[k] += v / seeds));
        sums.set(key, acc);
        if (verbose) console.log(`  seed ${seed} ${policy} ${fleet}: ${row.map((v) => fmt(v)).join(' ')}`);
      }
    }
  }
  for (const [key, r] of sums) {
    const [policy, fleet] = key.split('|');
    const late = `${fmt(r[6])} / ${fmt(r[7])} / ${fmt(r[8])} / ${fmt(r[9])}`;
    console.log(
      `${sc.name.padEnd(13)}${pad(sc.reports, 8)}${pad(sc.trucks, 7)}${pad(sc.squads, 7)}  ${policy.padEnd(13)} ${fleet.padEnd(6)}${pad(fmt(r[0]), 6)}${pad(fmt(r[1]), 6)}${pad(fmt(r[2]), 19)}${pad(fmt(r[3]), 19)}${pad(fmt(r[4]), 15)}${pad(fmt(r[5]), 14)}  ${late.padEnd(41)}${pad(Number.isNaN(r[10]) ? '-' : r[10].toFixed(2), 17)}`,
    );
  }
}
