import type { Assignment, Fix, Fleet, VehicleStatus, VehicleView } from '../../contracts/domain.js';
import type { VehicleSpec } from '../../fixtures/types.js';

const RECENT = 8;

/** What the server keeps about one vehicle in memory. */
export interface VehicleRuntime {
  spec: VehicleSpec;
  status: VehicleStatus;
  last?: Fix;
  load: number;
  assignment?: Assignment;
  ackedVersion: number;
  /** timestamps of the last few fixes, to recognise duplicates */
  recentTs: number[];
  /** index of the next stop not yet reached in `assignment.stops` */
  nextStop: number;
}

/** Outcome of applying one fix to live state. */
export type FixOutcome = 'live' | 'late' | 'duplicate';

/** The fleet as this process sees it: specs, statuses, newest positions, current assignments. */
export class FleetState {
  private readonly vehicles = new Map<string, VehicleRuntime>();

  constructor(specs: readonly VehicleSpec[]) {
    for (const spec of specs) {
      this.vehicles.set(spec.id, { spec, status: 'idle', load: 0, ackedVersion: 0, recentTs: [], nextStop: 0 });
    }
  }

  has(id: string): boolean {
    return this.vehicles.has(id);
  }

  get(id: string): VehicleRuntime | undefined {
    return this.vehicles.get(id);
  }

  all(): VehicleRuntime[] {
    return [...this.vehicles.values()];
  }

  ofFleet(fleet: Fleet): VehicleRuntime[] {
    return this.all().filter((v) => v.spec.fleet === fleet);
  }

  fleetOf(id: string): Fleet | undefined {
    return this.vehicles.get(id)?.spec.fleet;
  }

  /**
   * Applies a validated fix. A fix older than the newest one is 'late' (a terminal that buffered
   * while offline): it is archived but does not move the vehicle back. A repeat of a recent
   * timestamp is a 'duplicate' and is dropped.
   */
  applyFix(fix: Fix): FixOutcome {
    const v = this.vehicles.get(fix.vehicleId)!;
    if (v.recentTs.includes(fix.ts)) return 'duplicate';
    v.recentTs.push(fix.ts);
    if (v.recentTs.length > RECENT) v.recentTs.shift();
    if (v.last && fix.ts < v.last.ts) return 'late';
    v.last = fix;
    if (v.status === 'offline') v.status = 'idle';
    return 'live';
  }

  /**
   * Undoes fixes whose storage failed: their duplicate check, so the sender's retry is accepted,
   * and the live position they set (back to `previous`, each vehicle's last fix before the batch).
   */
  forgetFixes(fixes: readonly Fix[], previous: ReadonlyMap<string, Fix | undefined> = new Map()): void {
    const failed = new Set(fixes);
    for (const f of fixes) {
      const v = this.vehicles.get(f.vehicleId);
      if (!v) continue;
      const k = v.recentTs.lastIndexOf(f.ts);
      if (k >= 0) v.recentTs.splice(k, 1);
      if (v.last && failed.has(v.last) && previous.has(f.vehicleId)) v.last = previous.get(f.vehicleId);
    }
  }

  view(v: VehicleRuntime): VehicleView {
    return {
      id: v.spec.id,
      fleet: v.spec.fleet,
      name: v.spec.name,
      plate: v.spec.plate,
      status: v.status,
      last: v.last,
      load: v.load,
      capacity: v.spec.capacity,
      assignmentVersion: v.assignment?.version ?? 0,
      ackedVersion: v.ackedVersion,
    };
  }

  views(): VehicleView[] {
    return this.all().map((v) => this.view(v));
  }
}
