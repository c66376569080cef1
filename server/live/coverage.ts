import type { Fix } from '../../contracts/domain.js';
import { buildGraph, createTrackMatcher, ROAD_CLASSES, type DrivenPiece, type RoadClass, type RoadGraph, type RoadNetwork, type Snapper, type TrackFollower, type TrackMatcher } from '../../optimizer/network/index.js';
import type { CoverageRecord } from '../ports.js';

/** a segment counts as swept when this share of its length was traversed in working mode */
export const SWEPT_SHARE = 0.8;
/** working band when a fix has no working flag, km/h */
const WORKING_KMH: [number, number] = [2, 16];
/** a longer silence ends a vehicle's track: what was pending is decided and matching restarts */
const MAX_GAP_MS = 120_000;
/** decide a fix's road at the latest this many fixes later, so coverage stays live */
const MAX_LAG = 10;
/** one point of the coverage-over-the-shift series every this many (device-time) minutes */
export const SERIES_STEP_MIN = 5;

/** Whether a sweeper fix was taken with brushes down. */
export function isWorking(f: Fix): boolean {
  if (f.working !== undefined) return f.working;
  return f.speedKmh !== undefined && f.speedKmh >= WORKING_KMH[0] && f.speedKmh <= WORKING_KMH[1];
}

/** Planned and swept length of one group of segments (a grid cell, a road class, the shift). */
export interface CoverageTally {
  plannedM: number;
  sweptM: number;
}

interface Track {
  follower: TrackFollower;
  /** idle[k]: fixes among the first k of this track taken with brushes up */
  idle: number[];
  lastTs: number;
}

/**
 * Live sweeping coverage of the planned segments this shift. Each sweeper's working fixes are
 * map-matched (HMM/Viterbi) to the roads it drove; a driven stretch counts only when the fixes
 * at its ends and any between them were in working mode, and a segment is swept once the union of its counted
 * stretches reaches SWEPT_SHARE of its length. Isolated fixes therefore count for nothing.
 */
export class Coverage {
  private readonly matcher: TrackMatcher;
  private readonly tracks = new Map<string, Track>();
  /** per planned segment not yet swept: covered [from, to] fractions, disjoint and sorted */
  private readonly spans = new Map<number, [number, number][]>();
  private readonly swept = new Map<number, { at: number; vehicleId: string }>();
  private readonly planned: Set<number>;
  readonly plannedM: number;
  private sweptM = 0;
  private readonly seriesPts: { ts: number; pct: number }[] = [];

  constructor(private readonly net: RoadNetwork, snapper: Snapper, planned: readonly number[], graph?: RoadGraph) {
    this.planned = new Set(planned);
    this.plannedM = [...this.planned].reduce((s, id) => s + net.segments[id].lengthM, 0);
    this.matcher = createTrackMatcher(net, graph ?? buildGraph(net), snapper);
  }

  isSwept(id: number): boolean {
    return this.swept.has(id);
  }

  sweptIds(): number[] {
    return [...this.swept.keys()];
  }

  /** When and by whom a segment was swept (undefined for segments restored without a record). */
  sweptBy(id: number): { at: number; vehicleId: string } | undefined {
    const s = this.swept.get(id);
    return s && s.vehicleId ? s : undefined;
  }

  /** Share of a planned segment's length covered so far, 0..1. */
  progress(id: number): number {
    if (this.swept.has(id)) return 1;
    return (this.spans.get(id) ?? []).reduce((a, [lo, hi]) => a + hi - lo, 0);
  }

  /** Marks segments swept (restored after a restart, or swept as seen by another process). */
  markSwept(ids: readonly number[]): void {
    for (const id of ids) this.setSwept(id, 0, '');
  }

  /**
   * Takes in the stored records of this shift after a restart: who swept what and when, so the
   * report and its CSV say it again, and the series over the shift is rebuilt from their times.
   */
  restore(records: readonly CoverageRecord[]): void {
    const sorted = records.filter((r) => r.share >= SWEPT_SHARE - 1e-9).sort((a, b) => a.at - b.at);
    for (const r of sorted) {
      if (this.setSwept(r.segmentId, r.at, r.vehicleId)) this.sample(r.at);
    }
  }

  private setSwept(id: number, at: number, vehicleId: string): boolean {
    if (!this.planned.has(id) || this.swept.has(id)) return false;
    this.swept.set(id, { at, vehicleId });
    this.spans.delete(id);
    this.sweptM += this.net.segments[id].lengthM;
    return true;
  }

  /** Feeds sweeper fixes (any order across vehicles, time order per vehicle); returns the planned segments newly swept. */
  add(fixes: readonly Fix[]): CoverageRecord[] {
    const fresh: CoverageRecord[] = [];
    for (const f of fixes) {
      let tr = this.tracks.get(f.vehicleId);
      if (tr && f.ts <= tr.lastTs) continue; // late or repeated: the track has moved on
      if (tr && f.ts - tr.lastTs > MAX_GAP_MS) {
        this.take(tr, tr.follower.flush().pieces, f.vehicleId, tr.lastTs, fresh);
        tr = undefined;
      }
      if (!tr) {
        tr = { follower: this.matcher.follow({ maxLag: MAX_LAG }), idle: [0], lastTs: f.ts };
        this.tracks.set(f.vehicleId, tr);
      }
      tr.idle.push(tr.idle[tr.idle.length - 1] + (isWorking(f) ? 0 : 1));
      tr.lastTs = f.ts;
      const step = tr.follower.push({ lat: f.lat, lon: f.lon, headingDeg: f.heading, speedKmh: f.speedKmh });
      this.take(tr, step.pieces, f.vehicleId, f.ts, fresh);
      this.sample(f.ts);
    }
    return fresh;
  }

  /** Decides what is pending for vehicles silent since before `now - quietMs` (end of shift, parked). */
  settle(now: number, quietMs = 30_000): CoverageRecord[] {
    const fresh: CoverageRecord[] = [];
    for (const [id, tr] of this.tracks) {
      if (now - tr.lastTs < quietMs) continue;
      this.take(tr, tr.follower.flush().pieces, id, tr.lastTs, fresh);
      // the next fix of this vehicle starts a new track (and the per-fix bookkeeping starts over)
      this.tracks.delete(id);
    }
    return fresh;
  }

  private take(tr: Track, pieces: readonly DrivenPiece[], vehicleId: string, at: number, fresh: CoverageRecord[]): void {
    for (const p of pieces) {
      if (!this.planned.has(p.segmentId) || this.swept.has(p.segmentId)) continue;
      // a stretch (merged stretches included) counts only when every fix along it was working
      if (tr.idle[p.toFix + 1] - tr.idle[p.fromFix] !== 0) continue;
      const share = addSpan(this.spans, p.segmentId, Math.min(p.from, p.to), Math.max(p.from, p.to));
      if (share >= SWEPT_SHARE - 1e-9 && this.setSwept(p.segmentId, at, vehicleId)) fresh.push({ segmentId: p.segmentId, share: Math.min(1, share), at, vehicleId });
    }
  }

  private sample(ts: number): void {
    const step = SERIES_STEP_MIN * 60_000;
    const last = this.seriesPts[this.seriesPts.length - 1];
    if (last && ts < last.ts + step) return;
    this.seriesPts.push({ ts: last ? last.ts + step * Math.floor((ts - last.ts) / step) : ts, pct: this.percent() });
  }

  /** Coverage % sampled every SERIES_STEP_MIN minutes of fix time, then the value now. */
  series(now: number): { ts: number; pct: number }[] {
    return [...this.seriesPts, { ts: Math.round(now), pct: this.percent() }];
  }

  /** swept planned length over planned length, 0..100 */
  percent(): number {
    return this.plannedM > 0 ? (100 * this.sweptM) / this.plannedM : 0;
  }

  sweptKm(): number {
    return this.sweptM / 1000;
  }

  /** Planned and swept length per grid cell and per road class. */
  tallies(): { cells: Map<number, CoverageTally>; classes: Map<RoadClass, CoverageTally> } {
    const cells = new Map<number, CoverageTally>();
    const classes = new Map<RoadClass, CoverageTally>(ROAD_CLASSES.map((c) => [c, { plannedM: 0, sweptM: 0 }]));
    for (const id of this.planned) {
      const s = this.net.segments[id];
      const cell = cells.get(s.cellId) ?? { plannedM: 0, sweptM: 0 };
      cells.set(s.cellId, cell);
      const cls = classes.get(s.roadClass)!;
      const sw = this.swept.has(id) ? s.lengthM : 0;
      for (const t of [cell, cls]) {
        t.plannedM += s.lengthM;
        t.sweptM += sw;
      }
    }
    for (const [c, t] of classes) if (t.plannedM === 0) classes.delete(c);
    return { cells, classes };
  }
}

/** Adds [lo, hi] to a segment's disjoint sorted spans; returns the covered share. */
function addSpan(all: Map<number, [number, number][]>, id: number, lo: number, hi: number): number {
  const merged: [number, number][] = [];
  let cur: [number, number] = [lo, hi];
  for (const s of all.get(id) ?? []) {
    if (s[1] < cur[0] || s[0] > cur[1]) merged.push(s);
    else cur = [Math.min(s[0], cur[0]), Math.max(s[1], cur[1])];
  }
  merged.push(cur);
  merged.sort((a, b) => a[0] - b[0]);
  all.set(id, merged);
  return merged.reduce((a, [x, y]) => a + y - x, 0);
}
