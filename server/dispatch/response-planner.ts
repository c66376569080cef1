import type { Incident, Place, Stop } from '../../contracts/domain.js';
import { assignTows, pinCostsOf } from '../../optimizer/assignment/index.js';
import type { TowPlan, TowProblem } from '../../optimizer/assignment/types.js';
import { shortestPathTree } from '../../optimizer/network/index.js';
import { haversineM } from '../../optimizer/util/geo.js';
import type { World } from '../world.js';
import type { AssignmentBook } from './assignment-book.js';
import { CaseError, pinRequestSchema, responderFleet, type Incidents } from './incidents.js';

/** Weight of lateness per incident type in the dispatch objective (higher = more urgent). */
export const PRIORITY: Record<Incident['type'], number> = {
  illegal_parking: 3,
  two_wheeler_parking: 2,
  illegal_dumping: 1,
  road_debris: 2,
  street_vending: 1,
};

/** Minutes a tow crew spends at the car (photos, notice, hooking up), as the simulator drives it. */
export const TOW_HOOK_S = 10 * 60;

/**
 * A tow case closes at the impound lot, so the truck must reach the car early enough to hook it
 * and deliver it before the case's time limit: hook time plus the drive to the lot, per case
 * (computed once per case; the road graph does not change).
 */
const closeAllowance = new WeakMap<World, Map<string, number>>();
function towAllowanceS(world: World, incidentId: string, node: number): number {
  let cache = closeAllowance.get(world);
  if (!cache) closeAllowance.set(world, (cache = new Map()));
  let s = cache.get(incidentId);
  if (s === undefined) {
    const yard = world.town.places.towYard.nodeId;
    const t = shortestPathTree(world.graph, node, { targets: [yard] }).timeS[yard];
    s = TOW_HOOK_S + (Number.isFinite(t) ? t : 0);
    cache.set(incidentId, s);
    if (cache.size > 5000) cache.delete(cache.keys().next().value!);
  }
  return s;
}

/** A unit this close to its base is home. */
const AT_HOME_M = 150;

function incidentStop(i: Incident, nodeId: number | undefined): Stop {
  return { kind: 'incident', id: i.id, lat: i.lat, lon: i.lon, nodeId, label: i.plate ? `${i.type} ${i.plate}` : i.type };
}

/** The incident a unit is driving to now, if any (not yet reached). */
function currentIncident(world: World, vehicleId: string): string | undefined {
  const v = world.fleet.get(vehicleId)!;
  const s = v.assignment?.stops[v.nextStop];
  return s && s.kind === 'incident' && !s.done ? s.id : undefined;
}

/** The open case a unit is driving to, if any. */
function openIncident(world: World, incidents: Incidents, vehicleId: string): string | undefined {
  const cur = currentIncident(world, vehicleId);
  return cur !== undefined && incidents.get(cur) ? cur : undefined;
}

interface Built {
  problem: TowProblem;
  cases: Incident[];
}

/** The decision as the optimizer sees it: units, open cases waiting for one, travel times, pins. */
function buildProblem(world: World, book: AssignmentBook, incidents: Incidents, fleet: 'tow' | 'squad'): Built {
  const now = world.clock.now();
  const cases = incidents.list().filter((i) => responderFleet(i.type) === fleet && (i.status === 'accepted' || i.status === 'dispatched'));
  const units = world.fleet.ofFleet(fleet);
  const targets = cases.map((i) => incidents.nodeOf.get(i.id)!);
  const travelS: number[][] = [];
  const problem: TowProblem = { trucks: [], incidents: [], travelS };
  for (const u of units) {
    const towing = u.status === 'towing';
    const available = u.status !== 'broken' && u.status !== 'offline' && !towing && u.status !== 'working';
    // a case closed or cancelled meanwhile no longer holds its unit
    const cur = openIncident(world, incidents, u.spec.id);
    problem.trucks.push({
      id: u.spec.id,
      available,
      busyUntilS: 0,
      capacity: u.spec.capacity,
      load: u.load,
      towing,
      currentIncidentId: cur,
      currentPriority: cur ? PRIORITY[incidents.get(cur)?.type ?? 'illegal_dumping'] : undefined,
    });
    if (!available || cases.length === 0) {
      travelS.push(cases.map(() => Infinity));
      continue;
    }
    const tree = shortestPathTree(world.graph, book.currentNode(u.spec.id), { targets });
    travelS.push(targets.map((t) => tree.timeS[t]));
  }
  for (const i of cases) {
    // the optimizer weighs arrival against this deadline; for a tow, leave time to hook and deliver
    const allowanceS = fleet === 'tow' ? towAllowanceS(world, i.id, incidents.nodeOf.get(i.id)!) : 0;
    problem.incidents.push({ id: i.id, deadlineS: (i.deadline - now) / 1000 - allowanceS, priority: PRIORITY[i.type], ...(i.pin ? { pinnedTruckId: i.pin.vehicleId } : {}) });
  }
  return { problem, cases };
}

/** What the planner would decide now, without telling anyone (the pin endpoint reports its cost from it). */
export function previewResponders(world: World, book: AssignmentBook, incidents: Incidents, fleet: 'tow' | 'squad'): TowPlan {
  return assignTows(buildProblem(world, book, incidents, fleet).problem);
}

/** What a case's pin costs in a plan (objective and plain seconds), and why it was not honoured if it was not. */
export interface PinOutcome {
  costS?: number;
  lateS?: number;
  responseS?: number;
  warning?: string;
}

export function pinOutcome(plan: TowPlan, incidentId: string): PinOutcome {
  const c = plan.pinCosts?.find((x) => x.incidentId === incidentId);
  const warning =
    plan.warnings?.find((w) => w.startsWith(`incident ${incidentId}:`))?.slice(`incident ${incidentId}: `.length) ??
    plan.unassigned.find((u) => u.incidentId === incidentId && u.reason.startsWith('pinned'))?.reason;
  const out: PinOutcome = {};
  if (c && Number.isFinite(c.cost)) Object.assign(out, { costS: Math.round(c.cost), lateS: Math.round(c.lateS), responseS: Math.round(c.responseS) });
  if (warning) out.warning = warning;
  return out;
}

/** A pin and what it costs right now (objective with it minus without it, seconds). */
export interface PinResult extends PinOutcome {
  incident: Incident;
}

/**
 * Pins a case to a unit after checking that the unit exists, answers this kind of case and is in
 * service; returns what the pin costs in the plan the planner would make now.
 */
export async function pinCase(world: World, book: AssignmentBook, incidents: Incidents, id: string, input: unknown): Promise<PinResult> {
  const req = pinRequestSchema.parse(input);
  const i = incidents.get(id);
  if (!i) throw new CaseError((await world.adapters.store.getIncident(id)) ? 409 : 404, `no open incident ${id}`);
  const v = world.fleet.get(req.vehicleId);
  if (!v) throw new CaseError(404, `unknown vehicle ${req.vehicleId}`);
  const fleet = responderFleet(i.type);
  if (v.spec.fleet !== fleet) throw new CaseError(409, `${i.type} cases go to ${fleet === 'tow' ? 'tow trucks' : 'squads'}; ${v.spec.id} is a ${v.spec.fleet} vehicle`);
  if (v.status === 'broken' || v.status === 'offline') throw new CaseError(409, `${v.spec.id} is ${v.status === 'broken' ? 'broken down' : 'offline'}`);
  const incident = await incidents.pin(id, v.spec.id, req.by ?? 'dispatcher');
  const outcome = pinOutcome(previewResponders(world, book, incidents, fleet), id);
  await incidents.notePin(id, outcome);
  return { incident, ...outcome };
}

/**
 * Decides which tow truck (or enforcement squad) answers which open incident next: an exact
 * assignment minimising lateness against each case's time limit, then response time. A unit still
 * driving may be taken over by a more urgent case; a truck towing a car is never reassigned; a
 * dispatcher's pin is kept and its cost recorded on the case.
 */
export async function planResponders(
  world: World,
  book: AssignmentBook,
  incidents: Incidents,
  fleet: 'tow' | 'squad',
  reason: string,
  /** where an idle unit waits (a squad's post), when not at its base */
  postOf?: (vehicleId: string) => Place | undefined,
): Promise<number> {
  const units = world.fleet.ofFleet(fleet);
  const home = fleet === 'tow' ? world.town.places.towYard : world.town.places.squadBase;
  const { problem, cases } = buildProblem(world, book, incidents, fleet);
  // one solve decides; what the pins cost is worked out after the drivers have their work
  const plan = assignTows(problem, { pinCosts: 'none' });
  let changed = 0;
  const assigned = new Set<string>();
  for (const a of plan.assignments) {
    const i = incidents.get(a.incidentId)!;
    assigned.add(a.truckId);
    const stops: Stop[] = [incidentStop(i, incidents.nodeOf.get(i.id))];
    if (fleet === 'tow') stops.push({ kind: 'impound', id: home.id, lat: home.lat, lon: home.lon, nodeId: home.nodeId, label: home.name });
    const published = await book.publish(a.truckId, { stops, reason, serviceMin: [10, 5] });
    if (published) changed++;
    if (i.assignedVehicleId !== a.truckId) {
      const pinned = i.pin?.vehicleId === a.truckId ? `; pinned by ${i.pin.by}` : '';
      await incidents.step(i.id, 'dispatch', 'system', { assignedVehicleId: a.truckId }, `eta ${Math.round(a.etaS / 60)} min${pinned}`);
    }
  }
  for (const p of plan.preempted ?? []) {
    const i = incidents.get(p.fromIncidentId);
    if (i && i.assignedVehicleId === p.truckId) await incidents.step(i.id, 'accept', 'system', { assignedVehicleId: undefined, status: 'accepted' }, `unit ${p.truckId} taken for a more urgent case`);
  }
  if (cases.some((i) => i.pin)) {
    const costed = { ...plan, ...pinCostsOf(problem, {}) };
    for (const i of cases) {
      if (!i.pin) continue;
      await incidents.notePin(i.id, pinOutcome(costed, i.id));
    }
  }
  // units left without work go back to base, once
  for (const u of units) {
    if (assigned.has(u.spec.id) || !problem.trucks.find((t) => t.id === u.spec.id)?.available) continue;
    if (openIncident(world, incidents, u.spec.id)) continue;
    const a = u.assignment;
    const remaining = a ? a.stops.slice(u.nextStop) : [];
    const wait = postOf?.(u.spec.id) ?? home;
    if (remaining.length === 0 && u.last && haversineM(u.last.lat, u.last.lon, wait.lat, wait.lon) > AT_HOME_M) {
      if (await book.publish(u.spec.id, { stops: [{ kind: fleet === 'tow' ? 'depot' : 'post', id: wait.id, lat: wait.lat, lon: wait.lon, nodeId: wait.nodeId, label: wait.name }], reason: 'return' })) changed++;
    }
  }
  return changed;
}
