import { NodeHeap } from './heap.js';
import type { RoadGraph } from './graph.js';

/**
 * Reusable scratch arrays for graph searches. Labels are valid only where `seen[v] === epoch`,
 * so starting a new search is O(1) instead of refilling arrays of the graph's size.
 */
export class SearchSpace {
  readonly timeS: Float64Array;
  readonly distM: Float64Array;
  readonly parentArc: Int32Array;
  readonly heap: NodeHeap;
  /** label of v is valid when seen[v] === epoch; v is settled when done[v] === epoch */
  readonly seen: Uint32Array;
  readonly done: Uint32Array;
  private readonly target: Uint32Array;
  epoch = 0;

  constructor(readonly nodeCount: number) {
    this.timeS = new Float64Array(nodeCount);
    this.distM = new Float64Array(nodeCount);
    this.parentArc = new Int32Array(nodeCount);
    this.heap = new NodeHeap(nodeCount);
    this.seen = new Uint32Array(nodeCount);
    this.done = new Uint32Array(nodeCount);
    this.target = new Uint32Array(nodeCount);
  }

  /** Forget the previous search. */
  reset(): void {
    this.heap.clear();
    if (++this.epoch === 0xffffffff) {
      this.seen.fill(0);
      this.done.fill(0);
      this.target.fill(0);
      this.epoch = 1;
    }
  }

  isReached(v: number): boolean {
    return this.seen[v] === this.epoch;
  }

  isSettled(v: number): boolean {
    return this.done[v] === this.epoch;
  }

  isTarget(v: number): boolean {
    return this.target[v] === this.epoch;
  }

  settle(v: number): void {
    this.done[v] = this.epoch;
  }

  /** Mark v as a target; returns false when it already was one (duplicates count once). */
  markTarget(v: number): boolean {
    if (this.target[v] === this.epoch) return false;
    this.target[v] = this.epoch;
    return true;
  }

  /** Record a label for v if it beats the current one; returns whether it did. */
  relax(v: number, t: number, d: number, arc: number): boolean {
    if (this.seen[v] === this.epoch) {
      if (t >= this.timeS[v] || this.done[v] === this.epoch) return false;
    } else {
      if (!(t < Infinity)) return false;
      this.seen[v] = this.epoch;
    }
    this.timeS[v] = t;
    this.distM[v] = d;
    this.parentArc[v] = arc;
    return true;
  }
}

/** Options of a plain Dijkstra run. */
export interface RunOptions {
  /** search the reverse graph: labels become times TO the sources */
  reverse?: boolean;
  /** do not settle nodes farther than this, seconds */
  maxTimeS?: number;
  /** stop once all of these are settled */
  targets?: ArrayLike<number>;
}

/** A source with a head start (e.g. a vehicle part-way along a segment). */
export interface SeedLabel {
  node: number;
  timeS: number;
  distM: number;
}

const spaces = new WeakMap<RoadGraph, SearchSpace>();

/** The shared scratch space of a graph (searches are synchronous, so one per graph suffices). */
export function spaceFor(g: RoadGraph): SearchSpace {
  let s = spaces.get(g);
  if (!s) {
    s = new SearchSpace(g.nodeCount);
    spaces.set(g, s);
  }
  return s;
}

/** Dijkstra from seeds into `sp`; returns how many nodes were settled. */
export function runDijkstra(g: RoadGraph, sp: SearchSpace, seeds: readonly SeedLabel[], opts: RunOptions = {}): number {
  sp.reset();
  const maxT = opts.maxTimeS ?? Infinity;
  let remaining = -1;
  if (opts.targets) {
    remaining = 0;
    for (let i = 0; i < opts.targets.length; i++) {
      const t = opts.targets[i];
      if (t >= 0 && t < g.nodeCount && sp.markTarget(t)) remaining++;
    }
    if (remaining === 0) return 0;
  }
  const heap = sp.heap;
  for (const s of seeds) {
    if (s.node < 0 || s.node >= g.nodeCount) throw new RangeError(`node ${s.node} outside graph`);
    if (sp.relax(s.node, s.timeS, s.distM, -1)) heap.push(s.node, s.timeS);
  }
  const rev = opts.reverse === true;
  const first = rev ? g.firstIn : g.firstOut;
  // forward: arcs are the CSR slots themselves; reverse: slots hold arc ids, the far end is the tail
  const arcAt = rev ? g.inArc : null;
  const far = rev ? g.tail : g.head;
  const { timeS: arcT, lenM: arcL } = g;
  const { timeS, distM, parentArc, seen, done } = sp;
  const epoch = sp.epoch;
  let settled = 0;
  while (heap.size > 0) {
    if (heap.minKey() > maxT) break;
    const u = heap.pop();
    done[u] = epoch;
    settled++;
    if (remaining > 0 && sp.isTarget(u) && --remaining === 0) break;
    const tu = timeS[u];
    const du = distM[u];
    for (let i = first[u], end = first[u + 1]; i < end; i++) {
      const a = arcAt === null ? i : arcAt[i];
      const v = far[a];
      const tv = tu + arcT[a];
      if (seen[v] === epoch) {
        if (tv >= timeS[v] || done[v] === epoch) continue;
      } else {
        if (tv === Infinity) continue; // closed arc
        seen[v] = epoch;
      }
      timeS[v] = tv;
      distM[v] = du + arcL[a];
      parentArc[v] = a;
      heap.push(v, tv);
    }
  }
  return settled;
}
