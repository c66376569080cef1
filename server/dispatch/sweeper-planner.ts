import type { Stop } from '../../contracts/domain.js';
import { solveCarp } from '../../optimizer/arc-routing/index.js';
import type { CarpProblem, CarpSolution } from '../../optimizer/arc-routing/types.js';
import { travelTimeMatrix, travelTimeTable, type TravelMatrix } from '../../optimizer/network/index.js';
import type { VehicleRuntime } from '../live/fleet-state.js';
import type { World } from '../world.js';
import type { AssignmentBook } from './assignment-book.js';
import { localMidnight } from '../clock.js';

/** Sweeping speed with brushes down, km/h. */
export const SWEEP_KMH = 8;
/** A sweeper this close to a planned segment of its own list is taken to be sweeping it. */
const ON_SEGMENT_M = 30;
/**
 * Sweeping shift when SWEEP_SHIFT_END is not set: hours from the first sweeper plan this process
 * makes (the fixtures size the sweep plan for a 6-hour shift).
 */
export const SHIFT_H = 6;
/**
 * "Falling behind": a sweeper is at least SWEEP_BEHIND_MIN (default 15) minutes behind the timeline
 * of its current assignment (time since the assignment minus the planned time of its segments done
 * since, at the pace the plan assumed) AND, at the pace it has shown, would finish its work after
 * the shift end.
 */
/** A sweeper's pace is judged only after this long on one assignment (it begins with driving there). */
const MIN_OBSERVED_S = 10 * 60;
/** Slowest pace a re-plan assumes: a sweeper that stopped progressing is not broken down until reported so. */
export const MIN_PACE = 0.25;
/**
 * Against re-plan storms: 'behind' re-plans at least this far apart (clock time), and a sweeper
 * flagged before whose work did not change must fall another SWEEP_BEHIND_MIN behind to be flagged again.
 */
const BEHIND_EVERY_MS = 10 * 60_000;
/** The check runs at most this often (clock time); it is called with live fixes. */
const CHECK_EVERY_MS = 30_000;
/** Re-plans price each second a sweeper would be back after the shift end like this many seconds of driving. */
const LATE_COST = 10;

/** What a sweeper was expected to do from its current assignment on, in planned seconds at pace 1. */
interface Timeline {
  t0: number;
  /** pace the plan assumed: planned seconds done per second */
  pace: number;
  steps: { segmentId: number; s: number }[];
  total: number;
  /** done stops carried over from earlier versions at the head of the assignment (not progress on this one) */
  carried: number;
  /** lag when it was last flagged as behind (0: never) */
  flaggedLag: number;
}

type Route = CarpSolution['routes'][number];

/**
 * Shares the solver's trips among the vehicles: trip k < own.length is vehicle k's own (it starts
 * where the vehicle is); every further trip starts and ends at the depot and goes, longest first,
 * to the vehicle that would finish its work earliest. Returns the trip indexes of each vehicle in
 * driving order.
 */
export function shareTrips(ownS: readonly number[], extraS: readonly number[], toDepotS: readonly number[], slowness: readonly number[] = []): number[][] {
  const plan = ownS.map((_, k) => [k]);
  const slow = (k: number): number => slowness[k] ?? 1;
  // a vehicle with no trip of its own drives to the depot first; a slow one takes longer for everything
  const busy = ownS.map((s, k) => (s > 0 ? s : toDepotS[k]) * slow(k));
  const order = extraS.map((_, i) => i).sort((a, b) => extraS[b] - extraS[a] || a - b);
  for (const i of order) {
    let k = 0;
    for (let j = 1; j < busy.length; j++) if (busy[j] < busy[k]) k = j;
    plan[k].push(ownS.length + i);
    busy[k] += extraS[i] * slow(k);
  }
  return plan;
}

/**
 * Street sweeping: the planned main roads not yet swept this shift, shared among the working
 * sweepers as arc routes (each segment serviced once, hopper refills at the depot). A segment a
 * sweeper is sweeping right now stays with it; trips beyond one per sweeper are chained after a
 * refill at the depot, so no segment is left without a sweeper. Each plan keeps every sweeper's
 * expected timeline; one that falls behind it (SWEEP_BEHIND_MIN) gets its work re-shared at the pace
 * it has shown, with lateness past the shift end priced, so work moves to sweepers with time to spare.
 */
export class SweeperPlanner {
  private matrix?: TravelMatrix;
  private nodes: number[] = [];
  private local = new Map<number, number>();
  private readonly timelines = new Map<string, Timeline>();
  private shiftStart?: number;
  private lastBehind = -Infinity;
  private lastCheck = -Infinity;

  constructor(private readonly world: World, private readonly book: AssignmentBook, private readonly isSwept: (segmentId: number) => boolean) {}

  private staticMatrix(): TravelMatrix {
    if (!this.matrix) {
      const w = this.world;
      const set = new Set<number>([w.town.places.sweeperDepot.nodeId]);
      for (const id of w.town.plannedSweepSegments) {
        const s = w.network.segments[id];
        set.add(s.from);
        set.add(s.to);
      }
      this.nodes = [...set];
      this.nodes.forEach((n, i) => this.local.set(n, i));
      this.matrix = travelTimeMatrix(w.graph, this.nodes);
    }
    return this.matrix;
  }

  /** The planned, unswept segment of its own list the sweeper is on now, with the node it is swept towards. */
  private started(v: VehicleRuntime): { segmentId: number; stop: Stop } | undefined {
    const a = v.assignment;
    if (!a || !v.last || v.status !== 'working') return undefined;
    const hit = this.world.snapper.nearestSegment(v.last.lat, v.last.lon, ON_SEGMENT_M);
    if (!hit || this.isSwept(hit.segmentId)) return undefined;
    const stop = a.stops.slice(Math.max(0, v.nextStop - 1)).find((s) => s.kind === 'segment' && Number(s.id) === hit.segmentId);
    return stop?.nodeId !== undefined ? { segmentId: hit.segmentId, stop } : undefined;
  }

  /** SWEEP_SHIFT_END's next occurrence after the shift started (restart-safe), else SHIFT_H after the first plan. */
  shiftEnd(): number {
    const from = this.shiftStart ?? this.world.clock.now();
    const end = this.world.config.sweepShiftEnd;
    if (!end) return from + SHIFT_H * 3_600_000;
    const [h, m] = end.split(':').map(Number);
    const at = localMidnight(from, this.world.town.utcOffsetMin) + (h * 60 + m) * 60_000;
    return at > from ? at : at + 86_400_000;
  }

  private get behindLagS(): number {
    return this.world.config.sweepBehindMin * 60;
  }

  /** How a sweeper is doing against its timeline at `now`: lag (s), planned seconds left, pace shown (once judged). */
  private progress(id: string, now: number): { tl: Timeline; lagS: number; leftS: number; shown?: number } | undefined {
    const tl = this.timelines.get(id);
    if (!tl) return undefined;
    const elapsed = Math.max(0, (now - tl.t0) / 1000);
    // done: swept as coverage sees it, or its stop reached (coverage decides a few fixes late and
    // may miss a short segment; stops are reached in order, so they cannot run ahead of the sweeper)
    const stops = this.world.fleet.get(id)?.assignment?.stops.slice(tl.carried) ?? [];
    const reached = new Set(stops.filter((s) => s.kind === 'segment' && s.done).map((s) => Number(s.id)));
    let done = 0;
    for (const st of tl.steps) if (this.isSwept(st.segmentId) || reached.has(st.segmentId)) done += st.s;
    const leftS = Math.max(0, tl.total - done);
    const lagS = Math.max(0, Math.min(tl.total, elapsed * tl.pace) - done) / tl.pace;
    // a sweeper with nothing left has idled part of the time: its pace cannot be told
    const shown = elapsed >= MIN_OBSERVED_S && leftS > 0 ? done / elapsed : undefined;
    return { tl, lagS, leftS, shown };
  }

  /** Pace a re-plan assumes for a sweeper: what it has shown on its assignment, else what its plan assumed. */
  private paceOf(id: string, now: number): number {
    const p = this.progress(id, now);
    return Math.min(1, Math.max(MIN_PACE, p?.shown ?? p?.tl.pace ?? 1));
  }

  /** Sweepers falling behind at `now` (SWEEP_BEHIND_MIN), with their lag in seconds. */
  fallingBehind(now: number): { id: string; lagS: number }[] {
    const end = this.shiftEnd();
    const out: { id: string; lagS: number }[] = [];
    for (const v of this.world.fleet.ofFleet('sweeper')) {
      if (v.status === 'broken' || v.status === 'offline') continue;
      const p = this.progress(v.spec.id, now);
      if (!p || p.leftS <= 0 || p.lagS < p.tl.flaggedLag + this.behindLagS) continue;
      const finish = now + (p.leftS / this.paceOf(v.spec.id, now)) * 1000;
      if (finish > end) out.push({ id: v.spec.id, lagS: p.lagS });
    }
    return out;
  }

  /**
   * The sweepers falling behind, looked at most every CHECK_EVERY_MS and not within BEHIND_EVERY_MS
   * of the last ones found; the caller asks for a 'behind' re-plan when there are any.
   */
  checkBehind(now: number): string[] {
    if (now - this.lastCheck < CHECK_EVERY_MS || now - this.lastBehind < BEHIND_EVERY_MS) return [];
    this.lastCheck = now;
    const behind = this.fallingBehind(now);
    if (behind.length === 0) return [];
    this.lastBehind = now;
    for (const b of behind) this.timelines.get(b.id)!.flaggedLag = b.lagS;
    this.world.log.info({ sweepers: behind.map((b) => ({ id: b.id, lagMin: Math.round(b.lagS / 60) })) }, 'sweepers falling behind');
    return behind.map((b) => b.id);
  }

  async plan(reason: string, timeLimitMs: number): Promise<number> {
    const w = this.world;
    const M = this.staticMatrix();
    const sweepers = w.fleet.ofFleet('sweeper').filter((v) => v.status !== 'broken' && v.status !== 'offline');
    if (sweepers.length === 0) return 0;
    const now = w.clock.now();
    this.shiftStart ??= now;
    const pace = sweepers.map((v) => this.paceOf(v.spec.id, now));
    const timeLeftS = (this.shiftEnd() - now) / 1000;
    const kept = sweepers.map((v) => this.started(v));
    const keptIds = new Set(kept.flatMap((s) => (s ? [s.segmentId] : [])));
    const todo = w.town.plannedSweepSegments.filter((id) => !this.isSwept(id) && !keptIds.has(id));
    // local node space: static nodes, then one node per sweeper's position (the end of its started segment)
    const starts = sweepers.map((v, k) => kept[k]?.stop.nodeId ?? this.book.currentNode(v.spec.id));
    const fromStarts = travelTimeTable(w.graph, starts, this.nodes);
    const S = this.nodes.length;
    const dist = (a: number, b: number): number => {
      if (a === b) return 0;
      if (b >= S) return 1e9; // nobody returns to where a sweeper happens to be
      if (a >= S) return fromStarts.time[(a - S) * fromStarts.cols + b];
      return M.time[a * S + b];
    };
    const serviceS = (segmentId: number): number => w.network.segments[segmentId].lengthM / (SWEEP_KMH / 3.6);
    const depotLocal = this.local.get(w.town.places.sweeperDepot.nodeId)!;
    const capacity = sweepers[0].spec.capacity;
    const problem: CarpProblem = {
      nNodes: S + sweepers.length,
      depot: depotLocal,
      required: todo.map((id) => {
        const s = w.network.segments[id];
        return { id, u: this.local.get(s.from)!, v: this.local.get(s.to)!, serviceCost: serviceS(id), demand: s.lengthM, oneway: s.oneway };
      }),
      dist,
      capacity,
      maxVehicles: sweepers.length,
      starts: sweepers.map((v, k) => {
        // a started segment's length counts against the hopper unless reached() has counted it already
        const started = kept[k] && !kept[k]!.stop.done ? w.network.segments[kept[k]!.segmentId].lengthM : 0;
        // about half of a started segment is left to sweep before the new route begins
        const readyTime = kept[k] ? serviceS(kept[k]!.segmentId) / 2 / pace[k] : 0;
        return { node: S + k, load: Math.min(v.load + started, capacity), readyTime, slowness: 1 / pace[k], timeLeft: timeLeftS };
      }),
      lateCost: LATE_COST,
    };
    const sol = solveCarp(problem, { timeLimitMs, seed: w.config.seed });
    if (sol.unserved?.length) w.log.warn({ unserved: sol.unserved.slice(0, 5), count: sol.unserved.length }, 'segments no sweeper trip can serve');

    const tripS = (route: Route, from: number): number => {
      let t = 0;
      let at = from;
      for (const e of route) {
        t += dist(at, e.from) + serviceS(e.edgeId);
        at = e.to;
      }
      return route.length ? t + dist(at, depotLocal) : 0;
    };
    const own = sweepers.map((_, k) => sol.routes[k] ?? []);
    const extra = sol.routes.slice(sweepers.length).filter((r) => r.length > 0);
    const shares = shareTrips(
      own.map((r, k) => tripS(r, S + k)),
      extra.map((r) => tripS(r, depotLocal)),
      sweepers.map((_, k) => dist(S + k, depotLocal)),
      pace.map((p) => 1 / p),
    );

    const depot = w.town.places.sweeperDepot;
    const depotStop = (): Stop => ({ kind: 'depot', id: depot.id, lat: depot.lat, lon: depot.lon, nodeId: depot.nodeId, label: depot.name });
    let changed = 0;
    for (let k = 0; k < sweepers.length; k++) {
      const segmentIds: number[] = [];
      const nodeSeq: number[] = [];
      const stops: Stop[] = [];
      // the expected timeline, in planned seconds at pace 1
      const steps: Timeline['steps'] = [];
      let at = S + k;
      let leg = 0;
      const started = kept[k];
      if (started) {
        // about half of it is left: progress on it shows when it is swept or, if its stop is not reached yet, reached
        if (started.stop.done) leg = serviceS(started.segmentId) / 2;
        else steps.push({ segmentId: started.segmentId, s: serviceS(started.segmentId) / 2 });
        segmentIds.push(started.segmentId);
        nodeSeq.push(started.stop.nodeId!);
        // a stop reached already (its midpoint) is not handed out again
        if (!started.stop.done) stops.push({ ...started.stop, eta: undefined });
      }
      shares[k].forEach((r, i) => {
        const route = r < sweepers.length ? own[r] : extra[r - sweepers.length];
        if (route.length === 0) return;
        if (i > 0 || r >= sweepers.length) {
          // a later trip begins with a refill at the depot
          if (stops.length === 0 || stops[stops.length - 1].kind !== 'depot') {
            nodeSeq.push(depot.nodeId);
            stops.push(depotStop());
            leg += dist(at, depotLocal);
            at = depotLocal;
          }
        }
        for (const e of route) {
          steps.push({ segmentId: e.edgeId, s: leg + dist(at, e.from) + serviceS(e.edgeId) });
          leg = 0;
          at = e.to;
          const seg = w.network.segments[e.edgeId];
          const [from, to] = [this.nodes[e.from], this.nodes[e.to]];
          segmentIds.push(e.edgeId);
          nodeSeq.push(from, to);
          const mid = seg.geometry[Math.floor(seg.geometry.length / 2)];
          stops.push({ kind: 'segment', id: String(e.edgeId), lat: mid[0], lon: mid[1], nodeId: to, label: seg.name ?? `#${e.edgeId}` });
        }
      });
      nodeSeq.push(depot.nodeId);
      stops.push(depotStop());
      const id = sweepers[k].spec.id;
      const published = await this.book.publish(id, { stops, segmentIds, nodeSeq, reason });
      if (published) changed++;
      // an unchanged assignment keeps its timeline (and the lag it has built up)
      if (published || !this.timelines.has(id)) {
        const carried = (published ?? sweepers[k].assignment)?.stops.filter((st) => st.done).length ?? 0;
        this.timelines.set(id, { t0: now, pace: pace[k], steps, total: steps.reduce((a, st) => a + st.s, 0), carried, flaggedLag: 0 });
      }
    }
    return changed;
  }
}
