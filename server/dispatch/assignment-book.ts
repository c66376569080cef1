import type { Assignment, Stop } from '../../contracts/domain.js';
import { encodePolyline, planRoute } from '../../optimizer/network/index.js';
import { vehicleChanged } from '../live/vehicle-changed.js';
import type { World } from '../world.js';

export interface PlanForVehicle {
  stops: Stop[];
  /** sweepers: segments in service order */
  segmentIds?: number[];
  /** road nodes to pass in order after the vehicle's current node; default: the stops' nodes */
  nodeSeq?: number[];
  reason: string;
  /** service minutes at each stop, for ETAs */
  serviceMin?: number[];
  /** planned departure (epoch ms); ETAs count from it when it is later than now */
  departAt?: number;
}

/** Done stops carried into the next version, at most. */
const KEEP_DONE = 200;

function sameWork(a: Assignment | undefined, plan: PlanForVehicle): boolean {
  if (!a) return false;
  const left = a.stops.filter((s) => !s.done).map((s) => `${s.kind}:${s.id}`);
  const right = plan.stops.map((s) => `${s.kind}:${s.id}`);
  if (left.length !== right.length || left.some((k, i) => k !== right[i])) return false;
  const sa = a.segmentIds ?? [];
  const sb = plan.segmentIds ?? [];
  return sa.length === sb.length && sa.every((x, i) => x === sb[i]);
}

/**
 * Versions and publishes assignments. A plan that does not change a driver's remaining work is
 * not pushed again, so re-plans reach only the drivers whose work changed.
 */
export class AssignmentBook {
  constructor(private readonly world: World) {}

  /** Where the vehicle is on the road graph now. */
  currentNode(vehicleId: string): number {
    const w = this.world;
    const v = w.fleet.get(vehicleId)!;
    if (!v.last) return w.town.places[v.spec.home].nodeId;
    return w.snapper.nearestNode(v.last.lat, v.last.lon);
  }

  /** Publishes a new version if the work changed; returns it, or null when nothing changed. */
  async publish(vehicleId: string, plan: PlanForVehicle): Promise<Assignment | null> {
    const w = this.world;
    const v = w.fleet.get(vehicleId);
    if (!v) throw new Error(`unknown vehicle ${vehicleId}`);
    if (sameWork(v.assignment, plan)) return null;
    const now = w.clock.now();
    const start = this.currentNode(vehicleId);
    const nodes = [start, ...(plan.nodeSeq ?? plan.stops.map((s) => s.nodeId ?? start))];
    const route = planRoute(w.network, w.graph, nodes);
    // ETAs: drive each leg, wait for a window to open, then serve
    const stopAtNode = plan.nodeSeq ? undefined : plan.stops;
    const departAt = plan.departAt !== undefined && plan.departAt > now ? Math.round(plan.departAt) : undefined;
    let t = departAt ?? now;
    if (stopAtNode) {
      route.legs.forEach((leg, i) => {
        const s = stopAtNode[i];
        t += leg.timeS * 1000;
        if (s.windowStart !== undefined && t < s.windowStart) t = s.windowStart;
        s.eta = Math.round(t);
        t += (plan.serviceMin?.[i] ?? 0) * 60_000;
      });
    } else if (plan.stops.length) {
      plan.stops[plan.stops.length - 1].eta = Math.round(t + route.timeS * 1000);
    }
    // work already done this shift stays on the list (greyed for the driver, and it survives a restart)
    const done = (v.assignment?.stops ?? []).filter((s) => s.done).slice(-KEEP_DONE);
    const a: Assignment = {
      vehicleId,
      fleet: v.spec.fleet,
      version: (v.assignment?.version ?? 0) + 1,
      createdAt: Math.round(now),
      reason: plan.reason,
      stops: [...done, ...plan.stops],
      segmentIds: plan.segmentIds,
      polyline: encodePolyline(route.points),
      distanceM: Math.round(route.distM),
      ...(departAt !== undefined ? { departAt } : {}),
      durationS: Math.round(route.timeS),
    };
    v.assignment = a;
    v.nextStop = done.length;
    if (v.status === 'idle' && plan.stops.length) v.status = 'enroute';
    await w.adapters.store.saveAssignment(a);
    w.adapters.bus.publish('assignment', a);
    vehicleChanged(w, v);
    return a;
  }
}
