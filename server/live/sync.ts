import { FLEETS, type Assignment, type Fix, type Fleet, type Incident, type VehicleView } from '../../contracts/domain.js';
import type { Dispatcher, VehicleEvent } from '../dispatch/dispatcher.js';
import { responderFleet } from '../dispatch/incidents.js';
import type { World } from '../world.js';

/** Work only the leader does, asked for by any process. */
export type Command =
  | { kind: 'vehicle-event'; vehicleId: string; event: VehicleEvent }
  | { kind: 'request'; restaurantId: string; kg: number }
  | { kind: 'replan'; fleet: Fleet; reason: string };

/**
 * Keeps this process's picture of the fleet in step with the bus, whichever process a change came
 * from. Every handler is idempotent: a process also receives its own publications, and applying
 * them again changes nothing. Only the leader tracks stops and re-plans.
 */
export function attachSync(world: World, dispatcher: Dispatcher): () => void {
  const { bus, leader } = world.adapters;
  const subs = [
    bus.subscribe('fixes', (p) => {
      const fixes = p as Fix[];
      for (const f of fixes) if (world.fleet.has(f.vehicleId)) world.fleet.applyFix(f);
      if (leader.isLeader()) dispatcher.onLiveFixes(fixes);
    }),
    bus.subscribe('vehicles', (p) => {
      for (const view of p as VehicleView[]) {
        const v = world.fleet.get(view.id);
        if (!v) continue;
        v.status = view.status;
        v.load = view.load;
        v.ackedVersion = Math.max(v.ackedVersion, view.ackedVersion);
      }
    }),
    bus.subscribe('assignment', (p) => {
      const a = p as Assignment;
      const v = world.fleet.get(a.vehicleId);
      if (!v || (v.assignment && v.assignment.version >= a.version)) return;
      v.assignment = a;
      const next = a.stops.findIndex((s) => !s.done);
      v.nextStop = next < 0 ? a.stops.length : next;
    }),
    bus.subscribe('incident', (p) => {
      const i = p as Incident;
      dispatcher.incidents.upsert(i);
      // a new case anywhere: the leader plans its response
      if (leader.isLeader() && i.status === 'accepted' && i.history.length === 1) dispatcher.requestReplan(responderFleet(i.type), 'incident');
    }),
    bus.subscribe('swept', (p) => dispatcher.coverage.markSwept(p as number[])),
    bus.subscribe('command', (p) => {
      if (!leader.isLeader()) return;
      const c = p as Command;
      if (c.kind === 'vehicle-event') void dispatcher.vehicleEvent(c.vehicleId, c.event).catch((err) => world.log.warn({ err }, 'vehicle event failed'));
      else if (c.kind === 'request') dispatcher.addRequest(c.restaurantId, c.kg);
      else if (c.kind === 'replan' && FLEETS.includes(c.fleet)) dispatcher.requestReplan(c.fleet, String(c.reason).slice(0, 40));
    }),
  ];
  leader.onChange((isLeader) => {
    if (!isLeader) return;
    world.log.info('this process now plans for the fleet');
    void dispatcher.takeOver();
  });
  return () => subs.forEach((s) => s());
}
