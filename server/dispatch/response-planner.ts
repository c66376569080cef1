import type { Incident, Stop } from '../../contracts/domain.js';
import { assignTows } from '../../optimizer/assignment/index.js';
import type { TowProblem } from '../../optimizer/assignment/types.js';
import { shortestPathTree } from '../../optimizer/network/index.js';
import { haversineM } from '../../optimizer/util/geo.js';
import type { World } from '../world.js';
import type { AssignmentBook } from './assignment-book.js';
import { responderFleet, type Incidents } from './incidents.js';

const PRIORITY: Record<Incident['type'], number> = {
  illegal_parking: 3,
  two_wheeler_parking: 2,
  illegal_dumping: 1,
  road_debris: 2,
  street_vending: 1,
};

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

/**
 * Decides which tow truck (or enforcement squad) answers which open incident next: an exact
 * assignment minimising lateness against each case's time limit, then response time. A unit still
 * driving may be taken over by a more urgent case; a truck towing a car is never reassigned.
 */
export async function planResponders(world: World, book: AssignmentBook, incidents: Incidents, fleet: 'tow' | 'squad', reason: string): Promise<number> {
  const now = world.clock.now();
  const cases = incidents.list().filter((i) => responderFleet(i.type) === fleet && (i.status === 'accepted' || i.status === 'dispatched'));
  const units = world.fleet.ofFleet(fleet);
  const home = fleet === 'tow' ? world.town.places.towYard : world.town.places.squadBase;
  const targets = cases.map((i) => incidents.nodeOf.get(i.id)!);
  const travelS: number[][] = [];
  const problem: TowProblem = { trucks: [], incidents: [], travelS };
  for (const u of units) {
    const towing = u.status === 'towing';
    const available = u.status !== 'broken' && u.status !== 'offline' && !towing && u.status !== 'working';
    const cur = currentIncident(world, u.spec.id);
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
  for (const i of cases) problem.incidents.push({ id: i.id, deadlineS: (i.deadline - now) / 1000, priority: PRIORITY[i.type] });
  const plan = assignTows(problem);
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
      await incidents.step(i.id, 'dispatch', 'system', { assignedVehicleId: a.truckId }, `eta ${Math.round(a.etaS / 60)} min`);
    }
  }
  for (const p of plan.preempted ?? []) {
    const i = incidents.get(p.fromIncidentId);
    if (i && i.assignedVehicleId === p.truckId) await incidents.step(i.id, 'accept', 'system', { assignedVehicleId: undefined, status: 'accepted' }, `unit ${p.truckId} taken for a more urgent case`);
  }
  // units left without work go back to base, once
  for (const u of units) {
    if (assigned.has(u.spec.id) || !problem.trucks.find((t) => t.id === u.spec.id)?.available) continue;
    if (currentIncident(world, u.spec.id)) continue;
    const a = u.assignment;
    const remaining = a ? a.stops.slice(u.nextStop) : [];
    if (remaining.length === 0 && u.last && haversineM(u.last.lat, u.last.lon, home.lat, home.lon) > AT_HOME_M) {
      if (await book.publish(u.spec.id, { stops: [{ kind: fleet === 'tow' ? 'depot' : 'post', id: home.id, lat: home.lat, lon: home.lon, nodeId: home.nodeId, label: home.name }], reason: 'return' })) changed++;
    }
  }
  return changed;
}
