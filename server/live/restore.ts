import type { World } from '../world.js';

/**
 * After a restart: newest positions, statuses and loads from live state; each vehicle's newest
 * assignment (with the stops it had done) and acknowledgement from the durable store. Returns how
 * many assignments came back, so the dispatcher keeps them instead of planning the shift anew.
 */
export async function restoreFleet(world: World): Promise<number> {
  const { fleet, adapters } = world;
  for (const f of await adapters.live.readPositions()) {
    const v = fleet.get(f.vehicleId);
    if (v && (!v.last || v.last.ts < f.ts)) v.last = f;
  }
  for (const s of await adapters.live.readStatus()) {
    const v = fleet.get(s.vehicleId);
    if (!v) continue;
    v.status = s.status;
    v.load = s.load;
  }
  let restored = 0;
  for (const a of await adapters.store.latestAssignments()) {
    const v = fleet.get(a.vehicleId);
    if (!v || (v.assignment && v.assignment.version >= a.version)) continue;
    v.assignment = a;
    const next = a.stops.findIndex((s) => !s.done);
    v.nextStop = next < 0 ? a.stops.length : next;
    restored++;
  }
  for (const [vehicleId, version] of Object.entries(await adapters.store.acks())) {
    const v = fleet.get(vehicleId);
    if (v) v.ackedVersion = Math.max(v.ackedVersion, version);
  }
  return restored;
}
