import type { Fix } from '../../contracts/domain.js';
import type { RoadNetwork, Snapper } from '../../optimizer/network/index.js';
import type { CoverageRecord } from '../ports.js';

const BINS = 10;
/** a segment counts as swept when this share of its length was traversed in working mode */
export const SWEPT_SHARE = 0.8;
/** working band when a fix has no working flag, km/h */
const WORKING_KMH: [number, number] = [2, 16];
const MAX_SNAP_M = 25;

/** Whether a sweeper fix was taken with brushes down. */
export function isWorking(f: Fix): boolean {
  if (f.working !== undefined) return f.working;
  return f.speedKmh !== undefined && f.speedKmh >= WORKING_KMH[0] && f.speedKmh <= WORKING_KMH[1];
}

/**
 * Live sweeping coverage of the planned segments this shift: each working fix is snapped to its
 * road and marks a tenth of that segment's length; 8 of 10 marked = swept.
 */
export class Coverage {
  private readonly bins = new Map<number, number>(); // segment -> bitmask of visited bins
  private readonly swept = new Set<number>();
  private readonly planned: Set<number>;
  readonly plannedM: number;
  private sweptM = 0;

  constructor(private readonly net: RoadNetwork, private readonly snapper: Snapper, planned: readonly number[]) {
    this.planned = new Set(planned);
    this.plannedM = planned.reduce((s, id) => s + net.segments[id].lengthM, 0);
  }

  isSwept(id: number): boolean {
    return this.swept.has(id);
  }

  sweptIds(): number[] {
    return [...this.swept];
  }

  /** Marks segments swept (restored after a restart). */
  markSwept(ids: readonly number[]): void {
    for (const id of ids) {
      if (!this.planned.has(id) || this.swept.has(id)) continue;
      this.swept.add(id);
      this.sweptM += this.net.segments[id].lengthM;
    }
  }

  /** Feeds working sweeper fixes; returns the planned segments newly counted as swept. */
  add(fixes: readonly Fix[]): CoverageRecord[] {
    const fresh: CoverageRecord[] = [];
    for (const f of fixes) {
      if (!isWorking(f)) continue;
      const hit = this.snapper.nearestSegment(f.lat, f.lon, MAX_SNAP_M);
      if (!hit || !this.planned.has(hit.segmentId) || this.swept.has(hit.segmentId)) continue;
      const bin = Math.min(BINS - 1, Math.floor(hit.fraction * BINS));
      const mask = (this.bins.get(hit.segmentId) ?? 0) | (1 << bin);
      this.bins.set(hit.segmentId, mask);
      let count = 0;
      for (let m = mask; m; m &= m - 1) count++;
      if (count >= SWEPT_SHARE * BINS) {
        this.swept.add(hit.segmentId);
        this.sweptM += this.net.segments[hit.segmentId].lengthM;
        fresh.push({ segmentId: hit.segmentId, share: count / BINS, at: f.ts, vehicleId: f.vehicleId });
      }
    }
    return fresh;
  }

  /** swept planned length over planned length, 0..100 */
  percent(): number {
    return this.plannedM > 0 ? (100 * this.sweptM) / this.plannedM : 0;
  }

  sweptKm(): number {
    return this.sweptM / 1000;
  }
}
