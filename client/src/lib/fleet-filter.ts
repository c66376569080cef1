import type { VehicleStatus, VehicleView, Fleet } from '../../../contracts/domain.js';
import { FLEET_ORDER as FLEETS } from './colors.js';

export type FleetFilter = Fleet | 'all';

/** Statuses a dispatcher has to act on; the panel can filter to them. */
export function isProblem(status: VehicleStatus): boolean {
  return status === 'broken' || status === 'offline';
}

// ids sort naturally (T2 before T10); the padded key is cached per id because a collator compare
// per comparison dominated re-sorting a 3,000-vehicle list once a second in profiles
const idKeys = new Map<string, string>();
function idKey(id: string): string {
  let k = idKeys.get(id);
  if (k === undefined) {
    k = id.toLowerCase().replace(/\d+/g, (d) => d.padStart(12, '0'));
    idKeys.set(id, k);
  }
  return k;
}

/**
 * Vehicles matching a fleet tab and a free-text query (id, name or plate, case-insensitive), in a
 * stable order (fleet, then natural id): sorting by status made rows jump under the pointer.
 */
export function filterVehicles(all: Iterable<VehicleView>, fleet: FleetFilter, query: string, problemsOnly = false): VehicleView[] {
  const q = query.trim().toLowerCase();
  const out: VehicleView[] = [];
  for (const v of all) {
    if (fleet !== 'all' && v.fleet !== fleet) continue;
    if (problemsOnly && !isProblem(v.status)) continue;
    if (q && !v.id.toLowerCase().includes(q) && !v.name.toLowerCase().includes(q) && !v.plate.toLowerCase().includes(q)) continue;
    out.push(v);
  }
  const rank = (v: VehicleView): number => FLEETS.indexOf(v.fleet);
  const keyed = out.map((v) => ({ v, r: rank(v), k: idKey(v.id) }));
  keyed.sort((a, b) => a.r - b.r || (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  return keyed.map((x) => x.v);
}

/** Vehicle count per fleet plus the total and the number of broken or offline units. */
export function countByFleet(all: Iterable<VehicleView>): Record<FleetFilter | 'problems', number> {
  const c: Record<FleetFilter | 'problems', number> = { all: 0, sweeper: 0, tow: 0, kitchen: 0, squad: 0, problems: 0 };
  for (const v of all) {
    c.all++;
    if (v.fleet in c) c[v.fleet]++;
    if (isProblem(v.status)) c.problems++;
  }
  return c;
}

/** The window of rows a virtual list must render for a scroll offset. */
export function visibleWindow(
  scrollTop: number,
  viewportPx: number,
  rowPx: number,
  total: number,
  overscan = 6,
): { start: number; end: number } {
  const first = Math.floor(Math.max(0, scrollTop) / rowPx);
  const start = Math.max(0, first - overscan);
  const end = Math.min(total, first + Math.ceil(viewportPx / rowPx) + overscan);
  return { start, end: Math.max(start, end) };
}
